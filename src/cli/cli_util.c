/* cli_util.c - helpers shared by the sub-commands: exit codes, strict
 * option parsing, diagnostics on stderr, input checks, timing, signals. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"

/* ---- exit codes ---------------------------------------------------------- */

void cli_print_exit_codes(FILE *f) {
#define CLI_X(code, name, text) fprintf(f, "  %d  %s\n", code, text);
  CLI_EXIT_CODES(CLI_X)
#undef CLI_X
}

int cli_exit_for_status(tl_status s, int io_exit) {
  switch (s) {
    case TL_OK: return CLI_EXIT_OK;
    case TL_ERR_NOMEM: return CLI_EXIT_NOMEM;
    case TL_ERR_IO: return io_exit;
    case TL_ERR_PARSE:
    case TL_ERR_INVALID:
    case TL_ERR_LIMIT: return CLI_EXIT_MODEL;
    case TL_ERR_INTERRUPTED: return CLI_EXIT_LIMIT;
    case TL_ERR_ARG:
    case TL_ERR_SOLVER:
    case TL_ERR_UNSUPPORTED: return CLI_EXIT_SOLVER;
  }
  return CLI_EXIT_SOLVER;
}

int cli_exit_for_solve(tl_solve_status s) {
  switch (s) {
    case TL_SOLVE_OPTIMAL: return CLI_EXIT_OK;
    case TL_SOLVE_INFEASIBLE: return CLI_EXIT_INFEASIBLE;
    case TL_SOLVE_UNBOUNDED: return CLI_EXIT_UNBOUNDED;
    case TL_SOLVE_LIMIT: return CLI_EXIT_LIMIT;
    case TL_SOLVE_NOT_RUN:
    case TL_SOLVE_ERROR: return CLI_EXIT_SOLVER;
  }
  return CLI_EXIT_SOLVER;
}

/* ---- option parsing ------------------------------------------------------ */

int cli_usage_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "tanlu%s%s: ", cmd ? " " : "", cmd ? cmd : "");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry 'tanlu %s%s--help' for more information.\n",
          cmd ? cmd : "", cmd ? " " : "");
  return CLI_EXIT_USAGE;
}

void cli_args_init(cli_args *a, const char *cmd, int argc, char **argv) {
  memset(a, 0, sizeof *a);
  a->argc = argc;
  a->argv = argv;
  a->i = 1; /* argv[0] is the command itself */
  a->cmd = cmd;
}

int cli_edit_distance(const char *s, const char *t, int cap) {
  size_t n = strlen(s), m = strlen(t);
  int row[64];
  if (m >= sizeof row / sizeof row[0]) return cap + 1;
  for (size_t j = 0; j <= m; j++) row[j] = (int)j;
  for (size_t i = 1; i <= n; i++) {
    int diag = row[0], best;
    row[0] = (int)i;
    best = row[0];
    for (size_t j = 1; j <= m; j++) {
      int up = row[j];
      int cost = s[i - 1] == t[j - 1] ? 0 : 1;
      int v = diag + cost;
      if (up + 1 < v) v = up + 1;
      if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
      row[j] = v;
      diag = up;
      if (v < best) best = v;
    }
    if (best > cap) return cap + 1;
  }
  return row[m] > cap ? cap + 1 : row[m];
}

/* Name of the closest long option to an unknown one, or NULL. */
static const char *closest_option(const cli_opt *opts, const char *arg,
                                  size_t len) {
  char given[64];
  const char *best = NULL;
  int bestd = 3; /* suggest only close spellings */
  if (len >= sizeof given) return NULL;
  memcpy(given, arg, len);
  given[len] = '\0';
  for (const cli_opt *o = opts; o->lng; o++) {
    int d = cli_edit_distance(given, o->lng, bestd);
    if (d < bestd) {
      bestd = d;
      best = o->lng;
    }
  }
  return best;
}

static int unknown_option(const cli_args *a, const cli_opt *opts,
                          const char *arg, size_t len) {
  const char *hint = arg[1] == '-' ? closest_option(opts, arg, len) : NULL;
  if (hint)
    cli_usage_error(a->cmd, "unknown option '%.*s' (did you mean '%s'?)",
                    (int)len, arg, hint);
  else
    cli_usage_error(a->cmd, "unknown option '%.*s'", (int)len, arg);
  return CLI_ARG_ERROR;
}

int cli_next_opt(cli_args *a, const cli_opt *opts, const char **value) {
  *value = NULL;
  a->name = NULL;
  if (a->i >= a->argc) return CLI_ARG_END;
  const char *arg = a->argv[a->i++];
  if (a->only_pos || arg[0] != '-' || arg[1] == '\0') {
    *value = arg; /* "-" alone is an operand (standard input/output) */
    return CLI_ARG_OPERAND;
  }
  if (strcmp(arg, "--") == 0) {
    a->only_pos = 1;
    return cli_next_opt(a, opts, value);
  }
  a->name = arg;
  if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) return CLI_ARG_HELP;

  const cli_opt *o = NULL;
  const char *inline_val = NULL; /* --opt=value or -oVALUE */
  size_t len = strlen(arg);
  if (arg[1] == '-') {
    const char *eq = strchr(arg, '=');
    if (eq) {
      len = (size_t)(eq - arg);
      inline_val = eq + 1;
    }
    for (const cli_opt *p = opts; p->lng; p++)
      if (strlen(p->lng) == len && strncmp(p->lng, arg, len) == 0) o = p;
  } else {
    for (const cli_opt *p = opts; p->lng; p++)
      if (p->shrt && p->shrt == arg[1]) o = p;
    if (o && arg[2] != '\0') {
      if (!o->has_arg) return unknown_option(a, opts, arg, len);
      inline_val = arg + 2;
    }
  }
  if (!o) return unknown_option(a, opts, arg, len);
  if (arg[1] == '-') {
    a->name = o->lng;
  } else {
    a->shortname[0] = '-';
    a->shortname[1] = o->shrt;
    a->shortname[2] = '\0';
    a->name = a->shortname;
  }

  if (!o->has_arg) {
    if (inline_val) {
      cli_usage_error(a->cmd, "option '%s' takes no value", a->name);
      return CLI_ARG_ERROR;
    }
    return o->id;
  }
  if (inline_val) {
    *value = inline_val;
  } else if (a->i < a->argc) {
    *value = a->argv[a->i++];
  } else {
    cli_usage_error(a->cmd, "option '%s' needs a value", a->name);
    return CLI_ARG_ERROR;
  }
  if ((*value)[0] == '\0') {
    cli_usage_error(a->cmd, "option '%s' needs a value, not ''", a->name);
    return CLI_ARG_ERROR;
  }
  return o->id;
}

int cli_parse_int(const cli_args *a, const char *text, long lo, long hi,
                  int *out) {
  char *end = NULL;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (end == text || *end != '\0' || errno == ERANGE || v < lo || v > hi) {
    cli_usage_error(a->cmd,
                    "option '%s' needs a whole number from %ld to %ld, "
                    "not '%s'",
                    a->name ? a->name : "?", lo, hi, text);
    return -1;
  }
  *out = (int)v;
  return 0;
}

int cli_parse_seconds(const cli_args *a, const char *text, double *out) {
  char *end = NULL;
  errno = 0;
  double v = strtod(text, &end);
  if (end == text || *end != '\0' || errno == ERANGE || !isfinite(v) || v < 0) {
    cli_usage_error(a->cmd,
                    "option '%s' needs a number of seconds >= 0, not '%s'",
                    a->name ? a->name : "?", text);
    return -1;
  }
  *out = v;
  return 0;
}

int cli_parse_choice(const cli_args *a, const char *text,
                     const char *const *words) {
  char list[256] = "";
  size_t used = 0;
  for (int k = 0; words[k]; k++) {
    if (strcmp(text, words[k]) == 0) return k;
    int n = snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "",
                     words[k]);
    if (n > 0 && (size_t)n < sizeof list - used) used += (size_t)n;
  }
  cli_usage_error(a->cmd, "option '%s' must be one of %s, not '%s'",
                  a->name ? a->name : "?", list, text);
  return -1;
}

/* ---- diagnostics --------------------------------------------------------- */

static void print_diag(void *ud, const tl_diag *d) {
  cli_diag_sink *sink = ud;
  int sev = (int)d->severity;
  if (sev < 0 || sev > 2) sev = TL_ERROR;
  if (sev == TL_NOTICE && sink->verbosity < CLI_VERBOSE) return;
  if (sev == TL_WARNING && sink->verbosity < CLI_NORMAL) return;
  if (sink->verbosity < CLI_VERBOSE && sink->shown[sev] >= CLI_MAX_SHOWN) {
    sink->hidden[sev]++;
    return;
  }
  sink->shown[sev]++;
  cli_progress_clear();
  char line[1024];
  size_t n = tl_diag_format(d, line, sizeof line);
  if (n < sizeof line) {
    fprintf(stderr, "%s\n", line);
    return;
  }
  char *big = malloc(n + 1); /* a long message: print it whole if we can */
  if (big) {
    tl_diag_format(d, big, n + 1);
    fprintf(stderr, "%s\n", big);
    free(big);
  } else {
    fprintf(stderr, "%s...\n", line);
  }
}

tl_ctx *cli_ctx_new(cli_diag_sink *sink, cli_verbosity v, const char *cmd) {
  memset(sink, 0, sizeof *sink);
  sink->verbosity = v;
  tl_ctx *ctx = tl_ctx_new();
  if (!ctx) {
    fprintf(stderr, "tanlu %s: out of memory\n", cmd);
    return NULL;
  }
  tl_ctx_set_diag_fn(ctx, print_diag, sink);
  return ctx;
}

void cli_diag_flush(const cli_diag_sink *sink) {
  static const char *const what[] = {"notices", "warnings", "errors"};
  for (int s = 2; s >= 0; s--)
    if (sink->hidden[s] > 0)
      fprintf(stderr, "... and %d more %s (use --verbose to see all)\n",
              sink->hidden[s], what[s]);
}

/* ---- input, time, signals ------------------------------------------------ */

int cli_check_input(const char *cmd, const char *path) {
  struct stat st;
  const char *why = NULL;
  if (stat(path, &st) != 0)
    why = strerror(errno);
  else if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
    why = "not a regular file or folder";
  else if (access(path, S_ISDIR(st.st_mode) ? R_OK | X_OK : R_OK) != 0)
    why = strerror(errno);
  if (!why) return 0;
  fprintf(stderr, "tanlu %s: cannot read model '%s': %s\n", cmd, path, why);
  return -1;
}

double cli_now(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0;
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile sig_atomic_t signalled = 0;

static void on_signal(int sig) {
  static const char msg[] =
      "\ntanlu: interrupted; stopping at the next safe point "
      "(press Ctrl-C again to quit at once)\n";
  (void)sig;
  signalled = 1;
  tl_interrupt();
  ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)w;
}

void cli_signals_install(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  /* SA_RESETHAND: the handler runs once; the next signal takes the
   * default action and ends the program. */
  sa.sa_flags = (int)SA_RESETHAND; /* an unsigned constant in glibc */
  static const int sigs[] = {SIGINT, SIGTERM};
  for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++) {
    struct sigaction old;
    /* A signal ignored by whoever started us (nohup, a background job of a
     * script) stays ignored. */
    if (sigaction(sigs[k], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
      continue;
    sigaction(sigs[k], &sa, NULL);
  }
}

int cli_signalled(void) { return signalled != 0; }

int cli_is_datafile_name(const char *path) {
  size_t n = strlen(path);
  if (n < 4) return 0;
  const char *ext = path + n - 4;
  return strcmp(ext, ".txt") == 0 || strcmp(ext, ".dat") == 0 ||
         strcmp(ext, ".TXT") == 0 || strcmp(ext, ".DAT") == 0;
}

/* ---- the stages every command shares ------------------------------------- */

int cli_read_model(const char *cmd, tl_ctx *ctx, const char *path,
                   tl_model **out, double *seconds) {
  *out = NULL;
  *seconds = 0;
  if (cli_check_input(cmd, path) != 0) return CLI_EXIT_INPUT;
  double t0 = cli_now();
  cli_progress_stage("reading %s", path);
  tl_status st = tl_model_read(ctx, path, out);
  cli_progress_clear();
  *seconds = cli_now() - t0;
  if (st == TL_OK && *out) return CLI_EXIT_OK;
  tl_model_free(*out);
  *out = NULL;
  int errors = tl_ctx_count(ctx, TL_ERROR);
  if (st == TL_OK) st = TL_ERR_PARSE; /* no model and no reason: say so */
  int rc = cli_exit_for_status(st, CLI_EXIT_INPUT);
  if (rc == CLI_EXIT_MODEL)
    fprintf(stderr, "tanlu %s: cannot read model '%s': %s (%d error%s)\n", cmd,
            path, tl_status_str(st), errors, errors == 1 ? "" : "s");
  else
    fprintf(stderr, "tanlu %s: cannot read model '%s': %s\n", cmd, path,
            tl_status_str(st));
  return rc;
}

int cli_validate_model(const char *cmd, tl_ctx *ctx, const tl_model *m,
                       const char *path, double *seconds) {
  int before = tl_ctx_count(ctx, TL_ERROR);
  double t0 = cli_now();
  cli_progress_stage("validating");
  tl_status st = tl_model_validate(ctx, m);
  cli_progress_clear();
  *seconds = cli_now() - t0;
  int errors = tl_ctx_count(ctx, TL_ERROR) - before;
  if (st == TL_OK && errors == 0) return CLI_EXIT_OK;
  if (st != TL_OK && st != TL_ERR_INVALID) {
    fprintf(stderr, "tanlu %s: cannot validate model '%s': %s\n", cmd, path,
            tl_status_str(st));
    return cli_exit_for_status(st, CLI_EXIT_INPUT);
  }
  fprintf(stderr, "tanlu %s: model '%s' is not valid (%d error%s)\n", cmd, path,
          errors, errors == 1 ? "" : "s");
  return CLI_EXIT_MODEL;
}

void cli_print_sets(FILE *f, const char *label, const tl_model *m) {
  static const char *const sets[] = {"REGION",
                                     "TECHNOLOGY",
                                     "FUEL",
                                     "EMISSION",
                                     "MODE_OF_OPERATION",
                                     "TIMESLICE",
                                     "SEASON",
                                     "DAYTYPE",
                                     "DAILYTIMEBRACKET",
                                     "YEAR",
                                     "STORAGE"};
  int col = fprintf(f, "%-12s", label);
  int first = 1;
  for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
    int n = tl_model_set_size(m, sets[k]);
    if (n < 0) continue;
    char item[64];
    int len =
        snprintf(item, sizeof item, "%s%s %d", first ? "" : ", ", sets[k], n);
    if (len < 0) continue;
    if (!first && col + len > 78) {
      fprintf(f, ",\n%-12s", "");
      col = 12;
      len = snprintf(item, sizeof item, "%s %d", sets[k], n);
    }
    fputs(item, f);
    col += len;
    first = 0;
  }
  fputc('\n', f);
}

void cli_print_lp_size(FILE *f, const char *label, const tl_lp *lp) {
  int rows = 0, cols = 0, ints = 0;
  long nz = 0;
  tl_lp_size(lp, &rows, &cols, &nz, &ints);
  fprintf(f, "%-12s%d rows, %d columns, %ld nonzeros", label, rows, cols, nz);
  if (ints > 0) fprintf(f, ", %d integer columns", ints);
  fputc('\n', f);
}

void cli_print_times(FILE *f, const char *const *names, const double *seconds,
                     int n) {
  const char *label = "time";
  double total = 0;
  for (int k = 0; k < n; k++) {
    if (!names[k]) continue;
    fprintf(f, "%-12s%-10s%9.3f s\n", label, names[k], seconds[k]);
    total += seconds[k];
    label = "";
  }
  fprintf(f, "%-12s%-10s%9.3f s\n", label, "total", total);
}
