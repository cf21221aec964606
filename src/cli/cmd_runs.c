/* cmd_runs.c - `tanlu runs`: list the runs recorded in the run store; and
 * the helpers the store commands share. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_outputs.h"

const char cli_runs_help[] =
    "Usage: tanlu runs [OPTIONS]\n"
    "\n"
    "List the runs recorded in the run store (an SQLite file; every\n"
    "`tanlu run` records into it): id, time (UTC), scenario, the solver's\n"
    "verdict, objective, number of result values, model and the start of the\n"
    "run's uid. Ids and uids name runs for `tanlu diff` and `tanlu export`.\n"
    "docs/outputs.md documents the store's tables for direct SQL queries.\n"
    "\n"
    "Options:\n"
    "      --db PATH       the run store (default: $TANLU_DB, else tanlu.db)\n"
    "  -n, --last N        only the N most recent runs\n"
    "      --csv           one CSV row per run (id,uid,recorded,scenario,\n"
    "                      status,objective,nresults,model,inputs_hash,\n"
    "                      results_dir,solver,options) instead of a table\n"
    "  -q, --quiet         print errors only\n"
    "  -h, --help          show this help\n"
    "\n"
    "Examples:\n"
    "  tanlu runs\n"
    "  tanlu runs --db results/tanlu.db -n 5\n"
    "  tanlu runs --csv > runs.csv\n";

enum { OPT_DB = 1, OPT_LAST, OPT_CSV, OPT_QUIET };

static const cli_opt runs_opts[] = {{"--db", 0, 1, OPT_DB},
                                    {"--last", 'n', 1, OPT_LAST},
                                    {"--csv", 0, 0, OPT_CSV},
                                    {"--quiet", 'q', 0, OPT_QUIET},
                                    {NULL, 0, 0, 0}};

const char *cli_store_path(const char *option) {
  if (option) return option;
  const char *env = getenv("TANLU_DB");
  return env && *env ? env : TL_STORE_DEFAULT;
}

int cli_store_exit(tl_status s) {
  switch (s) {
    case TL_OK: return CLI_EXIT_OK;
    case TL_ERR_NOMEM: return CLI_EXIT_NOMEM;
    case TL_ERR_IO: return CLI_EXIT_INPUT;
    case TL_ERR_ARG: return CLI_EXIT_INPUT;
    case TL_ERR_INVALID:
    case TL_ERR_PARSE: return CLI_EXIT_INPUT;
    case TL_ERR_INTERRUPTED: return CLI_EXIT_LIMIT;
    default: return CLI_EXIT_SOLVER;
  }
}

int cli_store_find(const char *cmd, tl_ctx *ctx, const char *db,
                   const char *ref, int64_t *id) {
  tl_status st = tl_store_find(ctx, db, ref, id);
  if (st == TL_OK) return CLI_EXIT_OK;
  fprintf(stderr, "tanlu %s: cannot find run '%s' in '%s'\n", cmd, ref, db);
  return cli_store_exit(st);
}

typedef struct list_state {
  int csv;
  int header; /* printed */
  long skip;  /* runs to pass over before printing (for --last) */
  long seen;
  long count;
} list_state;

static void csv_field(const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, stdout);
    return;
  }
  putchar('"');
  for (; *s; s++) {
    if (*s == '"') putchar('"');
    putchar(*s);
  }
  putchar('"');
}

static int count_run(void *ud, const tl_store_run *r) {
  (void)r;
  ((list_state *)ud)->count++;
  return 0;
}

static int print_run(void *ud, const tl_store_run *r) {
  list_state *s = ud;
  if (s->seen++ < s->skip) return 0;
  if (!s->header++) {
    if (s->csv)
      puts(
          "id,uid,recorded,scenario,status,objective,nresults,model,inputs_"
          "hash,"
          "results_dir,solver,options");
    else
      printf("%4s  %-20s  %-12s  %-10s  %16s  %8s  %-8s  %s\n", "id",
             "recorded (UTC)", "scenario", "status", "objective", "results",
             "uid", "model");
  }
  if (s->csv) {
    printf("%lld,", (long long)r->id);
    csv_field(r->uid);
    putchar(',');
    csv_field(r->recorded);
    putchar(',');
    csv_field(r->scenario);
    printf(",%s,",
           r->interrupted ? "interrupted" : tl_solve_status_str(r->status));
    if (!isnan(r->objective)) printf("%.10g", r->objective);
    printf(",%lld,", (long long)r->nresults);
    csv_field(r->model_path);
    putchar(',');
    csv_field(r->inputs_hash);
    putchar(',');
    csv_field(r->results_dir);
    putchar(',');
    csv_field(r->solver);
    putchar(',');
    csv_field(r->options);
    putchar('\n');
    return 0;
  }
  char obj[32] = "-";
  if (!isnan(r->objective)) snprintf(obj, sizeof obj, "%.10g", r->objective);
  printf("%4lld  %-20s  %-12s  %-10s  %16s  %8lld  %.8s  %s\n",
         (long long)r->id, r->recorded, r->scenario,
         r->interrupted ? "interrupted" : tl_solve_status_str(r->status), obj,
         (long long)r->nresults, r->uid, r->model_path ? r->model_path : "-");
  return 0;
}

int cli_cmd_runs(int argc, char **argv) {
  cli_args a;
  const char *val, *db = NULL;
  int id, last = -1;
  list_state s = {0, 0, 0, 0, 0};
  cli_verbosity verb = CLI_NORMAL;
  cli_diag_sink sink;
  cli_args_init(&a, "runs", argc, argv);
  while ((id = cli_next_opt(&a, runs_opts, &val)) != CLI_ARG_END) {
    switch (id) {
      case CLI_ARG_ERROR: return CLI_EXIT_USAGE;
      case CLI_ARG_HELP:
        cli_print_command_help(stdout, cli_find_command("runs"));
        return CLI_EXIT_OK;
      case CLI_ARG_OPERAND:
        return cli_usage_error("runs", "unexpected argument '%s'", val);
      case OPT_DB: db = val; break;
      case OPT_LAST:
        if (cli_parse_int(&a, val, 1, 1000000000, &last)) return CLI_EXIT_USAGE;
        break;
      case OPT_CSV: s.csv = 1; break;
      case OPT_QUIET: verb = CLI_QUIET; break;
      default: return cli_usage_error("runs", "unhandled option");
    }
  }
  db = cli_store_path(db);
  tl_ctx *ctx = cli_ctx_new(&sink, verb, "runs");
  if (!ctx) return CLI_EXIT_NOMEM;
  tl_status st = TL_OK;
  if (last > 0) {
    st = tl_store_list(ctx, db, count_run, &s);
    if (s.count > last) s.skip = s.count - last;
  }
  if (st == TL_OK) st = tl_store_list(ctx, db, print_run, &s);
  if (st == TL_OK && !s.header && verb > CLI_QUIET)
    fprintf(stderr, "tanlu runs: no runs in '%s'\n", db);
  int rc = CLI_EXIT_OK;
  if (st != TL_OK) {
    fprintf(stderr, "tanlu runs: cannot list the runs of '%s': %s\n", db,
            tl_status_str(st));
    rc = cli_store_exit(st);
  }
  cli_diag_flush(&sink);
  tl_ctx_free(ctx);
  return rc;
}

/* ---- `tanlu run` and `tanlu ensemble` record into the store -----------------
 */

/* The run's options: argv joined, quoted where needed, into opts[n]. */
static void store_options(char *opts, size_t n, int argc, char **argv) {
  size_t used = 0;
  opts[0] = '\0';
  for (int k = 0; k < argc && used + 1 < n; k++) {
    int q = strpbrk(argv[k], " \t'\"") != NULL;
    int w = snprintf(opts + used, n - used, "%s%s%s%s", k ? " " : "",
                     q ? "'" : "", argv[k], q ? "'" : "");
    if (w < 0) break;
    used += (size_t)w;
    if (used >= n) used = n - 1;
  }
}

/* Print the outcome of recording (run id, or why not); the exit code. */
static int store_outcome(const char *cmd, const char *what, const char *db,
                         tl_status st, int64_t id, int quiet) {
  if (st != TL_OK) {
    fprintf(stderr,
            "tanlu %s: cannot record %s in '%s': %s (--no-store skips it)\n",
            cmd, what, db, tl_status_str(st));
    return st == TL_ERR_IO ? CLI_EXIT_OUTPUT : cli_store_exit(st);
  }
  if (!quiet) printf("%-12s%s (run %lld)\n", "store", db, (long long)id);
  return CLI_EXIT_OK;
}

int cli_store_record(const char *cmd, const char *what, tl_ctx *ctx,
                     const cli_run_outputs *o, tl_store_run *info, int argc,
                     char **argv, const char *results_dir, int quiet) {
  char opts[4096];
  if (o->no_store) return CLI_EXIT_OK;
  store_options(opts, sizeof opts, argc, argv);
  if (o->scenario) info->scenario = o->scenario;
  info->options = opts;
  const char *db = cli_store_path(o->db);
  int64_t id = 0;
  tl_status st = tl_store_record(ctx, db, info, results_dir, &id);
  return store_outcome(cmd, what, db, st, id, quiet);
}

/* ---- recording beside the last stages of `tanlu run` --------------------- */

struct cli_store_job {
  pthread_t thread;
  int threaded;
  tl_ctx *ctx; /* the thread's own: diagnostics are handed over at joins */
  const char *db;
  tl_store_run info; /* as begun */
  char opts[4096];
  const char *dir;
  const char *const *later; /* set: add the files after beginning */
  tl_store_txn *txn;        /* NULL once failed */
  tl_status st;
};

static void *job_begin(void *arg) {
  cli_store_job *j = arg;
  j->st = tl_store_begin(j->ctx, j->db, &j->info, j->dir, &j->txn);
  if (j->st == TL_OK && j->later)
    j->st = tl_store_add_files(j->ctx, j->txn, j->later);
  if (j->st != TL_OK) j->txn = NULL; /* rolled back and freed */
  return NULL;
}

static void *job_add(void *arg) {
  cli_store_job *j = arg;
  j->st = tl_store_add_files(j->ctx, j->txn, j->later);
  if (j->st != TL_OK) j->txn = NULL;
  return NULL;
}

/* Run fn on a thread of its own (or here, when none can be made). */
static void job_run(cli_store_job *j, void *(*fn)(void *)) {
  j->threaded = pthread_create(&j->thread, NULL, fn, j) == 0;
  if (!j->threaded) fn(j);
}

/* Wait for the thread; its diagnostics go to ctx. */
static void job_join(cli_store_job *j, tl_ctx *ctx) {
  if (j->threaded) pthread_join(j->thread, NULL);
  j->threaded = 0;
  for (int i = 0; i < tl_ctx_diag_count(j->ctx); i++)
    tl_ctx_add_diag(ctx, tl_ctx_diag(j->ctx, i));
  tl_ctx_clear(j->ctx);
}

cli_store_job *cli_store_job_start(const cli_run_outputs *o,
                                   const tl_store_run *info, int argc,
                                   char **argv, const char *results_dir,
                                   const char *const *later) {
  if (o->no_store) return NULL;
  cli_store_job *j = calloc(1, sizeof *j);
  if (!j) return NULL; /* recorded in one step at the end */
  j->ctx = tl_ctx_new();
  if (!j->ctx) {
    free(j);
    return NULL;
  }
  j->db = cli_store_path(o->db);
  j->info = *info;
  store_options(j->opts, sizeof j->opts, argc, argv);
  if (o->scenario) j->info.scenario = o->scenario;
  j->info.options = j->opts;
  j->dir = results_dir;
  j->later = later;
  job_run(j, job_begin);
  return j;
}

void cli_store_job_add(cli_store_job *j, tl_ctx *ctx,
                       const char *const *later) {
  if (!j) return;
  job_join(j, ctx);
  if (j->st != TL_OK) return;
  j->later = later;
  job_run(j, job_add);
}

static void job_free(cli_store_job *j) {
  tl_ctx_free(j->ctx);
  free(j);
}

int cli_store_job_finish(cli_store_job *j, tl_ctx *ctx, tl_store_run *info,
                         int quiet) {
  job_join(j, ctx);
  int64_t id = 0;
  tl_status st = j->st;
  tl_store_run fin = j->info;
  fin.interrupted = info->interrupted;
  fin.nstages = info->nstages;
  for (int k = 0; k < info->nstages && k < TL_STORE_MAX_STAGES; k++) {
    fin.stage_names[k] = info->stage_names[k];
    fin.stage_seconds[k] = info->stage_seconds[k];
  }
  if (st == TL_OK) {
    st = tl_store_finish(ctx, j->txn, &fin, &id);
  } else if (st == TL_ERR_INTERRUPTED) {
    /* a signal stopped the thread's part: the run is recorded whole, as
     * interrupted (an interrupt does not stop that) */
    fin.interrupted = 1;
    st = tl_store_record(ctx, j->db, &fin, j->dir, &id);
  }
  int rc = store_outcome("run", "the run", j->db, st, id, quiet);
  job_free(j);
  return rc;
}

void cli_store_job_abandon(cli_store_job *j, tl_ctx *ctx) {
  if (!j) return;
  job_join(j, ctx);
  tl_store_abandon(j->txn);
  job_free(j);
}

int cli_run_outputs_record(tl_ctx *ctx, const cli_run_outputs *o,
                           tl_store_run *info, int argc, char **argv,
                           const char *results_dir, int quiet,
                           cli_store_job *job) {
  if (!quiet && results_dir)
    printf("%-12s%s/iamc.csv%s%s%s\n", "outputs", results_dir,
           o->no_report ? "" : ", ", o->no_report ? "" : results_dir,
           o->no_report ? "" : "/report.html");
  if (job) return cli_store_job_finish(job, ctx, info, quiet);
  return cli_store_record("run", "the run", ctx, o, info, argc, argv,
                          results_dir, quiet);
}
