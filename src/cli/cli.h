/* cli.h - shared pieces of the tanlu program: the exit codes, the command
 * table, strict option parsing, diagnostics on stderr, timing and signals.
 * The program uses only the public header tanlu.h. */
#ifndef TL_CLI_H
#define TL_CLI_H

#include <stdio.h>

#include "tanlu.h"

/* ---- exit codes: the one table the help texts are printed from ----------- */
/* X(code, NAME, text) */
#define CLI_EXIT_CODES(X)                                                   \
  X(0, OK, "success (for run: the solver found an optimal solution)")       \
  X(1, USAGE, "usage error: unknown command or option, bad option value")   \
  X(2, INPUT, "input file error: the model cannot be opened or read")       \
  X(3, MODEL, "model error: the model does not parse or does not validate") \
  X(4, INFEASIBLE, "the model is infeasible")                               \
  X(5, UNBOUNDED, "the model is unbounded")                                 \
  X(6, LIMIT, "solver limit reached (time, iterations) or interrupted")     \
  X(7, SOLVER, "solver or internal error")                                  \
  X(8, NOMEM, "out of memory")                                              \
  X(9, OUTPUT, "output write error (results, MPS/LP or converted model)")

typedef enum cli_exit {
#define CLI_X(code, name, text) CLI_EXIT_##name = code,
  CLI_EXIT_CODES(CLI_X)
#undef CLI_X
} cli_exit;

/* Print the exit code table, indented, one code a line. */
void cli_print_exit_codes(FILE *f);

/* Exit code for a failed library call. io_exit is the code for TL_ERR_IO
 * (CLI_EXIT_INPUT while reading, CLI_EXIT_OUTPUT while writing). */
int cli_exit_for_status(tl_status s, int io_exit);

/* Exit code for a solver verdict (TL_SOLVE_OPTIMAL gives CLI_EXIT_OK). */
int cli_exit_for_solve(tl_solve_status s);

/* ---- commands ------------------------------------------------------------ */
/* A sub-command: argv[0] is the command's name, argv[1..argc) its
 * arguments. Returns the exit code. */
typedef int (*cli_command_fn)(int argc, char **argv);

typedef struct cli_command {
  const char *name;
  const char *summary; /* one line for the overview */
  const char *help;    /* full help text (usage, options, examples) */
  cli_command_fn run;
} cli_command;

extern const cli_command cli_commands[]; /* terminated by a NULL name */

const cli_command *cli_find_command(const char *name);

int cli_cmd_run(int argc, char **argv);
int cli_cmd_check(int argc, char **argv);
int cli_cmd_build(int argc, char **argv);
int cli_cmd_convert(int argc, char **argv);
int cli_cmd_help(int argc, char **argv);

extern const char cli_run_help[];
extern const char cli_check_help[];
extern const char cli_build_help[];
extern const char cli_convert_help[];
extern const char cli_help_help[];

/* Print the overview (tanlu --help) to f. */
void cli_print_overview(FILE *f);
/* Print the full help of a command, ending with the exit code table. */
void cli_print_command_help(FILE *f, const cli_command *c);

/* ---- option parsing ------------------------------------------------------ */
/* One option of a command. Long names start with "--"; shrt is the letter
 * of a one-letter alias ('o' for -o) or 0. */
typedef struct cli_opt {
  const char *lng;
  char shrt;
  int has_arg; /* 1: takes a value (--x V, --x=V, -o V) */
  int id;      /* returned by cli_next_opt; > 0 */
} cli_opt;

/* Cursor over a command's arguments. */
typedef struct cli_args {
  int argc;
  char **argv;
  int i;             /* next argument to look at */
  int only_pos;      /* set after "--": the rest are operands */
  const char *cmd;   /* command name, for messages */
  const char *name;  /* OUT: name of the option just returned ("--solver") */
  char shortname[3]; /* storage for a one-letter name ("-o") */
} cli_args;

enum {
  CLI_ARG_END = 0,      /* no more arguments */
  CLI_ARG_OPERAND = -1, /* *value is an operand (not an option) */
  CLI_ARG_ERROR = -2,   /* a usage error was printed */
  CLI_ARG_HELP = -3     /* -h or --help */
};

void cli_args_init(cli_args *a, const char *cmd, int argc, char **argv);
/* Next option or operand. opts: table ending with a NULL long name. For an
 * option with a value, *value points at it; otherwise it is NULL. Unknown
 * options, missing and unexpected values are usage errors (printed, naming
 * the option, with a hint). */
int cli_next_opt(cli_args *a, const cli_opt *opts, const char **value);

/* Print "tanlu CMD: MESSAGE" and a pointer to --help on stderr; returns
 * CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Checked number options: the whole text must be a number in [lo, hi].
 * Return 0, or print a usage error naming the option and return -1. */
int cli_parse_int(const cli_args *a, const char *text, long lo, long hi,
                  int *out);
int cli_parse_seconds(const cli_args *a, const char *text, double *out);

/* Choose among words ("clp|glpk"): returns the index of text in words
 * (NULL-terminated) or prints a usage error and returns -1. */
int cli_parse_choice(const cli_args *a, const char *text,
                     const char *const *words);

/* Levenshtein distance capped at cap+1, for "did you mean" hints. */
int cli_edit_distance(const char *s, const char *t, int cap);

/* ---- diagnostics --------------------------------------------------------- */
typedef enum cli_verbosity {
  CLI_QUIET = 0,  /* errors only */
  CLI_NORMAL = 1, /* errors, warnings, summary */
  CLI_VERBOSE = 2 /* also notices and the solver log; no cap on messages */
} cli_verbosity;

#define CLI_MAX_SHOWN 50 /* per severity, unless verbose */

/* Prints diagnostics to stderr as they are made; counts what it hides. */
typedef struct cli_diag_sink {
  cli_verbosity verbosity;
  int shown[3];  /* by tl_severity */
  int hidden[3]; /* over the cap, not printed */
} cli_diag_sink;

/* Make a context whose diagnostics go to sink (initialised here). Prints
 * a message and returns NULL when out of memory. */
tl_ctx *cli_ctx_new(cli_diag_sink *sink, cli_verbosity v, const char *cmd);
/* Print "... and N more errors/warnings" for what the cap hid. */
void cli_diag_flush(const cli_diag_sink *sink);

/* ---- progress line (cli_progress.c) -------------------------------------- */
/* One line on stderr, redrawn in place, naming the stage a command is in
 * and the solver's progress. It is drawn only when stderr is a terminal,
 * v is CLI_NORMAL (not --quiet, not --verbose, which shows the solver's
 * log) and neither CI is set nor TERM is dumb or unset; otherwise every
 * call below does nothing. Process-wide: there is one terminal. */
void cli_progress_start(const char *cmd, cli_verbosity v);
/* Show a stage ("reading model.txt"). The line stays until the next stage
 * or cli_progress_clear. */
void cli_progress_stage(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Erase the line: before any other output on stderr or stdout (the
 * diagnostics sink does so) and when a stage ends. */
void cli_progress_clear(void);
/* Show o's solver progress (iterations, objective) on the line. */
void cli_progress_attach(tl_solve_options *o);

/* ---- input, time, signals ------------------------------------------------ */
/* Check that path exists and is a readable file or folder; otherwise print
 * "tanlu CMD: cannot read model 'PATH': reason" and return -1. */
int cli_check_input(const char *cmd, const char *path);

/* Seconds on the monotonic clock. */
double cli_now(void);

/* Install SIGINT/SIGTERM handlers that call tl_interrupt(); the first
 * signal restores the default action, so a second one ends the program.
 * A signal that was ignored when the program started stays ignored. */
void cli_signals_install(void);
/* Nonzero once SIGINT or SIGTERM arrived. */
int cli_signalled(void);

/* ---- the stages every command shares ------------------------------------- */
/* Read the model at path (a data file or a CSV folder) into *out, timing it
 * in *seconds. On failure prints why (naming the path) and returns the exit
 * code (CLI_EXIT_INPUT, CLI_EXIT_MODEL, ...); returns CLI_EXIT_OK on
 * success. */
int cli_read_model(const char *cmd, tl_ctx *ctx, const char *path,
                   tl_model **out, double *seconds);
/* Validate m, timing it. Returns CLI_EXIT_MODEL (after a one-line verdict
 * on stderr) when any error was found, else CLI_EXIT_OK. */
int cli_validate_model(const char *cmd, tl_ctx *ctx, const tl_model *m,
                       const char *path, double *seconds);

/* Print "label  REGION 1, TECHNOLOGY 21, ..." for the sets of m, wrapped. */
void cli_print_sets(FILE *f, const char *label, const tl_model *m);
/* Print the LP size line. */
void cli_print_lp_size(FILE *f, const char *label, const tl_lp *lp);
/* Print the time of each stage, one a line, and their total. names and
 * seconds: [n]; a stage with a NULL name is skipped. */
void cli_print_times(FILE *f, const char *const *names, const double *seconds,
                     int n);

/* Whether path names a GNU MathProg data file (ends in .txt or .dat)
 * rather than a CSV folder, for convert's output. */
int cli_is_datafile_name(const char *path);

#endif /* TL_CLI_H */
