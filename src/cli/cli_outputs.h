/* cli_outputs.h - the commands of the outputs planners use: `tanlu runs`
 * (list the run store), `tanlu diff` (compare two runs), `tanlu export`
 * (write a run's results out) and `tanlu report` (the HTML report), and
 * the pieces they share. Public API only (tanlu.h, tanlu_outputs.h). */
#ifndef TL_CLI_OUTPUTS_H
#define TL_CLI_OUTPUTS_H

#include "cli/cli.h"
#include "tanlu_outputs.h"

int cli_cmd_runs(int argc, char **argv);
int cli_cmd_diff(int argc, char **argv);
int cli_cmd_export(int argc, char **argv);
int cli_cmd_report(int argc, char **argv);

extern const char cli_runs_help[];
extern const char cli_diff_help[];
extern const char cli_export_help[];
extern const char cli_report_help[];

/* The run store's path: the --db value when given, else $TANLU_DB, else
 * TL_STORE_DEFAULT ("tanlu.db"). */
const char *cli_store_path(const char *option);

/* Exit code for a failed store call (a missing store or run is an input
 * error, a write error an output error). */
int cli_store_exit(tl_status s);

/* Resolve a run reference (12, last, last~1, uid prefix) for command cmd;
 * prints why on failure. Returns CLI_EXIT_OK or an exit code. */
int cli_store_find(const char *cmd, tl_ctx *ctx, const char *db,
                   const char *ref, int64_t *id);

/* ---- what `tanlu run` adds: iamc.csv, report.html, the run store ------- */

/* Options of `tanlu run` for its outputs. */
typedef struct cli_run_outputs {
  const char *db;       /* --db PATH (NULL: $TANLU_DB, else tanlu.db) */
  int no_store;         /* --no-store: do not record the run */
  int no_report;        /* --no-report: no OUTDIR/report.html */
  const char *lang;     /* --report-lang en|zh */
  const char *scenario; /* --scenario-name NAME: IAMC Scenario and the
                           store's; NULL: "baseline" */
} cli_run_outputs;

void cli_run_outputs_init(cli_run_outputs *o);

/* Option ids 200..204 and the entries for run's option table (before its
 * NULL entry), and the lines of run's help that describe them. */
enum {
  CLI_OPT_OUT_DB = 200,
  CLI_OPT_OUT_NO_STORE,
  CLI_OPT_OUT_NO_REPORT,
  CLI_OPT_OUT_LANG,
  CLI_OPT_OUT_SCENARIO
};
/* clang-format off */
#define CLI_RUN_OUTPUTS_OPTS                          \
  {"--db", 0, 1, CLI_OPT_OUT_DB},                     \
  {"--no-store", 0, 0, CLI_OPT_OUT_NO_STORE},         \
  {"--no-report", 0, 0, CLI_OPT_OUT_NO_REPORT},       \
  {"--report-lang", 0, 1, CLI_OPT_OUT_LANG},          \
  {"--scenario-name", 0, 1, CLI_OPT_OUT_SCENARIO}
/* clang-format on */
#define CLI_RUN_OUTPUTS_HELP                                                   \
  "Outputs (docs/outputs.md): OUTPUT/iamc.csv (IAMC format, for pyam) and\n"   \
  "OUTPUT/report.html (charts and tables, opens offline); every run, with\n"   \
  "results or not, is recorded in the run store (tanlu runs, diff, export):\n" \
  "      --db PATH         the run store (default: $TANLU_DB, else\n"          \
  "                        tanlu.db in the current folder)\n"                  \
  "      --no-store        do not record the run\n"                            \
  "      --no-report       do not write report.html\n"                         \
  "      --report-lang L   en (default) or zh\n"                               \
  "      --scenario-name N the IAMC Scenario and the store's (default: the\n"   \
  "                        --scenario files' names joined by '+'; without\n"  \
  "                        them MODEL/scenarios/base-name.txt, else\n"       \
  "                        baseline)\n"

/* Handle option id of run (value val): 1 handled, 0 not one of these,
 * -1 a usage error (printed). */
int cli_run_outputs_option(cli_run_outputs *o, const cli_args *a, int id,
                           const char *val);

/* After a run wrote its results (and roadmap tables) into outdir: write
 * outdir/iamc.csv and, unless --no-report, outdir/report.html. m is the
 * model as solved, model_path where it was read from. Prints why on
 * failure and returns an exit code (CLI_EXIT_OK, CLI_EXIT_OUTPUT, ...);
 * *seconds receives the time taken. */
int cli_run_outputs_write(tl_ctx *ctx, const tl_model *m,
                          const char *model_path, const char *outdir,
                          const cli_run_outputs *o, double *seconds);

/* Recording a run beside its last stages, on a thread of its own:
 * cli_store_job_start begins the store's transaction (tl_store_begin: the
 * run, its inputs) and, when later is set, records the result files in
 * results_dir but those in later (tl_store_add_files); cli_store_job_add
 * does the latter once the result files are written; cli_store_job_finish
 * waits, records the rest and the stage timings of info (tl_store_finish)
 * and prints as cli_store_record does. NULL (nothing to do) with
 * --no-store, or when the job cannot be made: the run is then recorded in
 * one step. info's strings and model, results_dir and later must live
 * until the job ends. The store is locked from the start: start the job
 * only when no solve is left. */
typedef struct cli_store_job cli_store_job;
cli_store_job *cli_store_job_start(const cli_run_outputs *o,
                                   const tl_store_run *info, int argc,
                                   char **argv, const char *results_dir,
                                   const char *const *later);
void cli_store_job_add(cli_store_job *j, tl_ctx *ctx,
                       const char *const *later); /* accepts NULL */
int cli_store_job_finish(cli_store_job *j, tl_ctx *ctx, tl_store_run *info,
                         int quiet);
void cli_store_job_abandon(cli_store_job *j, tl_ctx *ctx); /* accepts NULL */

/* Record the run in the store unless --no-store. info: filled by run
 * (model_path, model, overlays, solver, status, objective, iterations,
 * stages); scenario and options are set here from o and argv[0..argc)
 * (run's own arguments). results_dir: NULL when nothing was written.
 * job: one started for this run (its results_dir), or NULL. Prints the run
 * id (unless quiet) or why it failed; returns an exit code. */
int cli_run_outputs_record(tl_ctx *ctx, const cli_run_outputs *o,
                           tl_store_run *info, int argc, char **argv,
                           const char *results_dir, int quiet,
                           cli_store_job *job);

/* The store part of cli_run_outputs_record, for any command cmd (messages
 * "tanlu CMD: cannot record WHAT in ..."): nothing with --no-store; o's
 * scenario name, when given, replaces info->scenario; argv joined (quoted
 * where needed) is the run's options. */
int cli_store_record(const char *cmd, const char *what, tl_ctx *ctx,
                     const cli_run_outputs *o, tl_store_run *info, int argc,
                     char **argv, const char *results_dir, int quiet);

#endif /* TL_CLI_OUTPUTS_H */
