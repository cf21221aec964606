/* cmd_ensemble.c - `tanlu ensemble MODEL --spec FILE`: many solves of one
 * model with uncertain parameters (tanlu_ensemble.h), on one machine in
 * parallel processes, or across the ranks of an MPI job when this program
 * is built with MPI (TANLU_MPI; the Makefile's MPI block) and started by
 * mpirun: each rank solves its share, rank 0 gathers the results and
 * writes them. The library knows nothing of MPI; this file is all of it. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef TANLU_MPI
#include <mpi.h>
#endif

#include "cli/cli.h"
#include "cli/cli_outputs.h"
#include "tanlu_ensemble.h"

#ifdef TANLU_MPI
#define MPI_HELP                                                            \
  "This tanlu is built with MPI (Open MPI). Started by mpirun, the ranks\n" \
  "share the members (member i goes to rank i mod R), each with -j\n"       \
  "processes (default 1 under MPI); rank 0 gathers the results, writes\n"   \
  "the files and prints 'ensemble: N members on R ranks'. The files are\n"  \
  "the same as a run without MPI. Under Slurm: srun or mpirun in an\n"      \
  "sbatch script (docs/ensembles.md).\n"
#elif defined(TANLU_MPI_EXEC)
#define MPI_HELP                                                          \
  "Started by mpirun, tanlu hands the ensemble to tanlu-mpi (the same\n"  \
  "program built with Open MPI, installed beside it): the ranks share\n"  \
  "the members (member i goes to rank i mod R), each with -j processes\n" \
  "(default 1 under MPI); rank 0 gathers the results, writes the files\n" \
  "and prints 'ensemble: N members on R ranks'. The files are the same\n" \
  "as a run without MPI. Under Slurm: srun or mpirun in an sbatch\n"      \
  "script (docs/ensembles.md).\n"
#else
#define MPI_HELP                                                            \
  "This tanlu is built without MPI, so it cannot spread an ensemble over\n" \
  "the ranks of mpirun (and refuses to run under it). Build with MPI\n"     \
  "(Debian: libopenmpi-dev; the Makefile uses mpicc when it finds it, or\n" \
  "make MPI=1) for that.\n"
#endif

const char cli_ensemble_help[] =
    "Usage: tanlu ensemble MODEL --spec FILE [-n N] [--seed S] [-o DIR]\n"
    "                      [OPTIONS]\n"
    "\n"
    "Solve MODEL many times with its uncertain parameters drawn from the\n"
    "distributions in the spec FILE (YAML; docs/ensembles.md): N members\n"
    "by Latin hypercube sampling (rank correlations by Iman-Conover when\n"
    "the spec gives them), each a full build and solve, warm-started from\n"
    "the base model's solution. Then write into DIR:\n"
    "  members.csv       each member's sampled values, status and objective\n"
    "  outputs_long.csv  the outputs collected from each optimal member\n"
    "  summary.csv       mean, sd, min, 5th, 50th, 95th percentile, max of\n"
    "                    each output (cost, emissions, carbon price,\n"
    "                    deployment by technology and year)\n"
    "  targets.csv       the probability that each target is met\n"
    "  sensitivity.csv   partial rank correlations of the key outputs (and\n"
    "                    Morris elementary effects with --sensitivity morris)\n"
    "  ranks.csv         which rank solved each member, warm or cold start\n"
    "The same model, spec, N and seed give the same files (all but\n"
    "ranks.csv) byte for byte, whatever -j and the number of ranks.\n"
    "The ensemble is also recorded in the run store as one run: the base\n"
    "model, and these files as its tables ensemble/members, ... (tanlu\n"
    "runs; tanlu export RUN --format csv writes them back).\n"
    "\n"
    "Options:\n"
    "      --spec FILE       the ensemble spec (required)\n"
    "  -n, --members N       Latin hypercube members (default 100)\n"
    "      --seed S          seed of the random numbers, 0 to 2^64-1\n"
    "                        (default 1)\n"
    "  -o, --output DIR      folder for the CSV files, created if missing\n"
    "                        (default: ensemble)\n"
    "  -j, --jobs N          processes solving members on this machine\n"
    "                        (default: the CPUs, fewer when memory holds\n"
    "                        fewer solves; 1 for each rank under MPI)\n"
    "      --sensitivity M   prcc (default: partial rank correlations from\n"
    "                        the sample), morris (also Morris elementary\n"
    "                        effects: R * (parameters + 1) more solves) or\n"
    "                        none\n"
    "      --morris-trajectories R\n"
    "                        Morris trajectories (default 10)\n"
    "      --morris-levels P grid levels of the Morris design, even\n"
    "                        (default 4)\n"
    "      --no-warm-start   solve every member from scratch (to measure\n"
    "                        what the warm start saves)\n"
    "      --scenario FILE   apply a scenario overlay to the model first\n"
    "                        (docs/scenarios.md); may be repeated\n"
    "      --solver NAME     clp (default) or glpk (glpk: no warm start)\n"
    "      --method NAME     auto (default), dual, primal or barrier\n"
    "      --time-limit SEC  per member (default 0: no limit)\n"
    "      --gwp TABLE       GWP100 table for CO2e: AR5 (default), AR4, AR6\n"
    "      --scope S         basis of AnnualGHGLimit: ghg (default) or co2\n"
    "      --peak-scope S    basis of PeakYear: co2 (default) or ghg\n"
    "      --netzero-scope S basis of NetZeroYear: ghg (default) or co2\n"
    "      --allow-precommercial\n"
    "                        let technologies be built before TRL 9\n"
    "      --db PATH         the run store (default: $TANLU_DB, else\n"
    "                        tanlu.db in the current folder)\n"
    "      --no-store        do not record the ensemble in the run store\n"
    "      --scenario-name N the store's scenario name (default: ensemble)\n"
    "  -q, --quiet           print errors only\n"
    "  -v, --verbose         also print notices\n"
    "  -h, --help            show this help\n"
    "\n" MPI_HELP
    "\n"
    "Examples:\n"
    "  tanlu ensemble data/utopia/utopia.txt --spec "
    "examples/ensemble-utopia.yaml \\\n"
    "      -n 200 --seed 7 -o out/utopia-ens\n"
    "  tanlu ensemble data/china/ --spec data/china/ensemble.yaml -n 500 -j 8 "
    "\\\n"
    "      --sensitivity morris -o out/china-ens\n"
    "  mpirun -np 64 tanlu ensemble data/china/ --spec "
    "data/china/ensemble.yaml \\\n"
    "      -n 5000 -o out/china-5000\n";

enum {
  OPT_SPEC = 1,
  OPT_MEMBERS,
  OPT_SEED,
  OPT_OUTPUT,
  OPT_JOBS,
  OPT_SENSITIVITY,
  OPT_MORRIS_R,
  OPT_MORRIS_P,
  OPT_NO_WARM,
  OPT_SCENARIO,
  OPT_SOLVER,
  OPT_METHOD,
  OPT_TIME_LIMIT,
  OPT_GWP,
  OPT_SCOPE,
  OPT_PEAK_SCOPE,
  OPT_NETZERO_SCOPE,
  OPT_ALLOW_PRECOMMERCIAL,
  OPT_QUIET,
  OPT_VERBOSE
};

static const cli_opt ens_opts[] = {
    {"--spec", 0, 1, OPT_SPEC},
    {"--members", 'n', 1, OPT_MEMBERS},
    {"--seed", 0, 1, OPT_SEED},
    {"--output", 'o', 1, OPT_OUTPUT},
    {"--jobs", 'j', 1, OPT_JOBS},
    {"--sensitivity", 0, 1, OPT_SENSITIVITY},
    {"--morris-trajectories", 0, 1, OPT_MORRIS_R},
    {"--morris-levels", 0, 1, OPT_MORRIS_P},
    {"--no-warm-start", 0, 0, OPT_NO_WARM},
    {"--scenario", 0, 1, OPT_SCENARIO},
    {"--solver", 0, 1, OPT_SOLVER},
    {"--method", 0, 1, OPT_METHOD},
    {"--time-limit", 0, 1, OPT_TIME_LIMIT},
    {"--gwp", 0, 1, OPT_GWP},
    {"--scope", 0, 1, OPT_SCOPE},
    {"--peak-scope", 0, 1, OPT_PEAK_SCOPE},
    {"--netzero-scope", 0, 1, OPT_NETZERO_SCOPE},
    {"--allow-precommercial", 0, 0, OPT_ALLOW_PRECOMMERCIAL},
    {"--db", 0, 1, CLI_OPT_OUT_DB},
    {"--no-store", 0, 0, CLI_OPT_OUT_NO_STORE},
    {"--scenario-name", 0, 1, CLI_OPT_OUT_SCENARIO},
    {"--quiet", 'q', 0, OPT_QUIET},
    {"--verbose", 'v', 0, OPT_VERBOSE},
    {NULL, 0, 0, 0}};

static const char *const solver_names[] = {"clp", "glpk", NULL};
static const char *const method_names[] = {"auto", "dual", "primal", "barrier",
                                           NULL};
static const char *const gwp_names[] = {"AR5", "AR4", "AR6", "ar5",
                                        "ar4", "ar6", NULL};
static const char *const scope_names[] = {"co2", "ghg", NULL};
static const char *const sens_names[] = {"none", "prcc", "morris", NULL};

#define MAX_SCENARIOS 64

typedef struct ens_args {
  const char *model, *spec, *outdir;
  const char *scenarios[MAX_SCENARIOS];
  int nscenarios;
  int jobs_given;
  cli_verbosity verbosity;
  cli_run_outputs store; /* --db, --no-store, --scenario-name */
  int argc;              /* the command's own arguments, for the store */
  char **argv;
  tl_ens_options o;
} ens_args;

/* --seed: a whole number 0 .. 2^64-1. */
static int parse_seed(const cli_args *a, const char *text, uint64_t *out) {
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (text[0] < '0' || text[0] > '9' || *end || errno == ERANGE) {
    cli_usage_error("ensemble",
                    "option '%s' needs a whole number from 0 to "
                    "18446744073709551615, not '%s'",
                    a->name, text);
    return -1;
  }
  *out = (uint64_t)v;
  return 0;
}

/* Returns -1 to go on, or the exit code (0 after --help). */
static int parse_args(int argc, char **argv, ens_args *r) {
  cli_args a;
  const char *val;
  int id, k;
  memset(r, 0, sizeof *r);
  r->outdir = "ensemble";
  r->verbosity = CLI_NORMAL;
  r->argc = argc, r->argv = argv;
  cli_run_outputs_init(&r->store);
  tl_ens_options_init(&r->o);
  tl_build_options *bo = &r->o.build;
  cli_args_init(&a, "ensemble", argc, argv);
  while ((id = cli_next_opt(&a, ens_opts, &val)) != CLI_ARG_END) {
    switch (id) {
      case CLI_ARG_ERROR: return CLI_EXIT_USAGE;
      case CLI_ARG_HELP:
        cli_print_command_help(stdout, cli_find_command("ensemble"));
        return CLI_EXIT_OK;
      case CLI_ARG_OPERAND:
        if (r->model)
          return cli_usage_error(
              "ensemble", "one model at a time ('%s' and '%s')", r->model, val);
        r->model = val;
        break;
      case OPT_SPEC: r->spec = val; break;
      case OPT_MEMBERS:
        if (cli_parse_int(&a, val, 1, 10000000, &r->o.members))
          return CLI_EXIT_USAGE;
        break;
      case OPT_SEED:
        if (parse_seed(&a, val, &r->o.seed)) return CLI_EXIT_USAGE;
        break;
      case OPT_OUTPUT: r->outdir = val; break;
      case OPT_JOBS:
        if (cli_parse_int(&a, val, 1, 512, &r->o.jobs)) return CLI_EXIT_USAGE;
        r->jobs_given = 1;
        break;
      case OPT_SENSITIVITY:
        if ((k = cli_parse_choice(&a, val, sens_names)) < 0)
          return CLI_EXIT_USAGE;
        r->o.sensitivity = (tl_ens_sensitivity)k; /* same order */
        break;
      case OPT_MORRIS_R:
        if (cli_parse_int(&a, val, 2, 100000, &r->o.morris_trajectories))
          return CLI_EXIT_USAGE;
        break;
      case OPT_MORRIS_P:
        if (cli_parse_int(&a, val, 2, 1000, &r->o.morris_levels))
          return CLI_EXIT_USAGE;
        if (r->o.morris_levels % 2)
          return cli_usage_error("ensemble",
                                 "option '%s' needs an even number, "
                                 "not '%s'",
                                 a.name, val);
        break;
      case OPT_NO_WARM: r->o.warm_start = 0; break;
      case OPT_SCENARIO:
        if (r->nscenarios == MAX_SCENARIOS)
          return cli_usage_error("ensemble", "at most %d scenarios",
                                 MAX_SCENARIOS);
        r->scenarios[r->nscenarios++] = val;
        break;
      case OPT_SOLVER:
        if ((k = cli_parse_choice(&a, val, solver_names)) < 0)
          return CLI_EXIT_USAGE;
        r->o.solve.solver = k == 0 ? TL_SOLVER_CLP : TL_SOLVER_GLPK;
        break;
      case OPT_METHOD:
        if ((k = cli_parse_choice(&a, val, method_names)) < 0)
          return CLI_EXIT_USAGE;
        r->o.solve.method = (tl_method)k;
        break;
      case OPT_TIME_LIMIT:
        if (cli_parse_seconds(&a, val, &r->o.solve.time_limit))
          return CLI_EXIT_USAGE;
        break;
      case OPT_GWP:
        if ((k = cli_parse_choice(&a, val, gwp_names)) < 0)
          return CLI_EXIT_USAGE;
        bo->gwp = (tl_gwp)(k % 3);
        break;
      case OPT_SCOPE:
      case OPT_PEAK_SCOPE:
      case OPT_NETZERO_SCOPE: {
        if ((k = cli_parse_choice(&a, val, scope_names)) < 0)
          return CLI_EXIT_USAGE;
        tl_scope sc = k == 0 ? TL_SCOPE_CO2 : TL_SCOPE_GHG;
        if (id == OPT_SCOPE)
          bo->cap_scope = sc;
        else if (id == OPT_PEAK_SCOPE)
          bo->peak_scope = sc;
        else
          bo->netzero_scope = sc;
        break;
      }
      case OPT_ALLOW_PRECOMMERCIAL: bo->allow_precommercial = 1; break;
      case OPT_QUIET: r->verbosity = CLI_QUIET; break;
      case OPT_VERBOSE: r->verbosity = CLI_VERBOSE; break;
      case CLI_OPT_OUT_DB:
      case CLI_OPT_OUT_NO_STORE:
      case CLI_OPT_OUT_SCENARIO:
        if (cli_run_outputs_option(&r->store, &a, id, val) < 0)
          return CLI_EXIT_USAGE;
        break;
      default: return cli_usage_error("ensemble", "unhandled option");
    }
  }
  if (!r->model)
    return cli_usage_error("ensemble",
                           "which model? (tanlu ensemble MODEL --spec FILE)");
  if (!r->spec)
    return cli_usage_error("ensemble",
                           "which spec? (--spec FILE; see "
                           "examples/ensemble-utopia.yaml)");
  return -1;
}

/* ---- ranks --------------------------------------------------------------- */

/* The size of the MPI job this process was started in by a launcher,
 * from its environment: mpirun (Open MPI), an MPICH-style PMI, or srun's
 * job step; 1 when started by a PMIx launcher that does not say the
 * size; 0 when not started by a launcher. */
static int launcher_size(void) {
  static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE",
                                     "SLURM_STEP_NUM_TASKS", NULL};
  for (int i = 0; vars[i]; i++) {
    const char *v = getenv(vars[i]);
    char *end = NULL;
    long n = v && *v ? strtol(v, &end, 10) : 0;
    /* a batch script's own step has one task: not an MPI job */
    if (n > 0 && n < 10000000 && end && !*end && (n > 1 || i < 2))
      return (int)n;
  }
  return getenv("PMIX_RANK") ? 1 : 0;
}

typedef struct ranks {
  int rank, size, mpi; /* mpi: MPI_Init was called */
} ranks;

/* Every rank's verdict: nonzero when any rank failed (a barrier). */
static int any_failed(const ranks *rk, int failed) {
#ifdef TANLU_MPI
  if (rk->mpi) {
    int any = 0;
    MPI_Allreduce(&failed, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any;
  }
#else
  (void)rk;
#endif
  return failed;
}

#ifdef TANLU_MPI
/* Bring every rank's results to rank 0: a length, then the bytes in
 * pieces MPI's int counts can carry. */
static int gather(tl_ctx *ctx, tl_ensemble *e, const ranks *rk) {
  const size_t piece = (size_t)1 << 30;
  int bad = 0;
  if (rk->rank != 0) {
    void *buf = NULL;
    size_t len = 0;
    if (tl_ens_results_pack(ctx, e, &buf, &len) != TL_OK) len = 0, bad = 1;
    uint64_t n = len;
    MPI_Send(&n, 1, MPI_UINT64_T, 0, 1, MPI_COMM_WORLD);
    for (size_t off = 0; off < len; off += piece) {
      size_t m = len - off < piece ? len - off : piece;
      MPI_Send((char *)buf + off, (int)m, MPI_BYTE, 0, 2, MPI_COMM_WORLD);
    }
    tl_ens_buffer_free(buf, len);
    return bad;
  }
  for (int r = 1; r < rk->size; r++) {
    uint64_t n = 0;
    MPI_Recv(&n, 1, MPI_UINT64_T, r, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    char *buf = n ? malloc((size_t)n) : NULL;
    if (n && !buf) {
      /* the other ranks wait on rank 0: end the whole job */
      fprintf(stderr, "tanlu ensemble: out of memory for rank %d's results\n",
              r);
      MPI_Abort(MPI_COMM_WORLD, CLI_EXIT_NOMEM);
    }
    for (size_t off = 0; off < n; off += piece) {
      size_t m = n - off < piece ? (size_t)n - off : piece;
      MPI_Recv(buf + off, (int)m, MPI_BYTE, r, 2, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
    }
    if (n && tl_ens_results_unpack(ctx, e, buf, (size_t)n) != TL_OK) bad = 1;
    free(buf);
  }
  return bad;
}
#endif

/* ---- the command --------------------------------------------------------- */

static void print_summary(const ens_args *r, const tl_ensemble *e,
                          const ranks *rk, double seconds) {
  tl_ens_counts c;
  tl_ens_counts_get(e, &c);
  int n = tl_ens_member_count(e);
  printf("%-12s%s\n", "model", r->model);
  printf("%-12s%s\n", "spec", r->spec);
  if (!isnan(c.base_objective))
    printf("%-12sobjective %.10g, %ld iterations\n", "base", c.base_objective,
           c.base_iterations);
  printf(
      "%-12s%d solved: %d optimal, %d infeasible, %d other; %d warm-started\n",
      "members", c.members, c.optimal, c.infeasible, c.other, c.warm);
  if (c.members)
    printf("%-12s%.1f per member\n", "iterations",
           (double)c.iterations / c.members);
  if (rk->size > 1)
    printf("%-12s%d ranks, %d process%s on rank 0\n", "processes", rk->size,
           c.jobs, c.jobs == 1 ? "" : "es");
  else
    printf("%-12s%d\n", "processes", c.jobs);
  printf("%-12s%.3f s, %.1f members per minute\n", "time", seconds,
         seconds > 0 ? n / seconds * 60 : 0.0);
  for (int t = 0; t < tl_ens_target_count(e); t++) {
    const char *text;
    double p;
    if (tl_ens_target_get(e, t, &text, &p) != TL_OK) continue;
    if (isnan(p))
      printf("%-12sP(%s) undefined: no optimal member\n", t ? "" : "targets",
             text);
    else
      printf("%-12sP(%s) = %.3g\n", t ? "" : "targets", text, p);
  }
  printf(
      "%-12s%s (members.csv, outputs_long.csv, summary.csv, targets.csv,\n"
      "%-12ssensitivity.csv, ranks.csv)\n",
      "output", r->outdir, "");
}

/* Read, check and prepare; the exit code (CLI_EXIT_OK to go on). */
static int prepare(ens_args *r, tl_ctx *ctx, tl_model **m, tl_ens_spec **spec,
                   tl_ensemble **e) {
  double secs;
  int rc = cli_read_model("ensemble", ctx, r->model, m, &secs);
  if (rc != CLI_EXIT_OK) return rc;
  for (int i = 0; i < r->nscenarios; i++) {
    tl_status st = tl_model_apply_overlay(ctx, *m, r->scenarios[i]);
    if (st != TL_OK) {
      fprintf(stderr, "tanlu ensemble: cannot apply scenario '%s': %s\n",
              r->scenarios[i], tl_status_str(st));
      return cli_exit_for_status(st, CLI_EXIT_INPUT);
    }
  }
  rc = cli_validate_model("ensemble", ctx, *m, r->model, &secs);
  if (rc != CLI_EXIT_OK) return rc;
  int before = tl_ctx_count(ctx, TL_ERROR);
  tl_status st = tl_ens_spec_read(ctx, r->spec, spec);
  int read = st == TL_OK;
  if (read) st = tl_ens_new(ctx, *m, *spec, &r->o, e);
  if (st == TL_OK) return CLI_EXIT_OK;
  int errors = tl_ctx_count(ctx, TL_ERROR) - before;
  if (read && st == TL_ERR_INVALID)
    fprintf(stderr,
            "tanlu ensemble: spec '%s' does not fit model '%s' (%d "
            "error%s)\n",
            r->spec, r->model, errors, errors == 1 ? "" : "s");
  else
    fprintf(stderr, "tanlu ensemble: cannot %s spec '%s': %s\n",
            read ? "use" : "read", r->spec, tl_status_str(st));
  return cli_exit_for_status(st, CLI_EXIT_INPUT);
}

/* Record the ensemble in the run store (rank 0, after the files are
 * written): one run whose model is the base model and whose tables are the
 * files of outdir (TL_STORE_ENS_PREFIX). Returns an exit code. */
static int record(const ens_args *r, tl_ctx *ctx, const tl_model *m,
                  const tl_ensemble *e, const double secs[3]) {
  static const char *const stages[] = {"read", "ensemble", "write"};
  tl_ens_counts c;
  tl_store_run info;
  tl_ens_counts_get(e, &c);
  memset(&info, 0, sizeof info);
  info.model_path = r->model;
  info.model = m;
  info.overlays = r->scenarios;
  info.noverlays = r->nscenarios;
  info.spec = r->spec;
  info.scenario = "ensemble"; /* unless --scenario-name */
  info.solver = r->o.solve.solver == TL_SOLVER_GLPK ? "glpk" : "clp";
  info.status = c.base_status;
  info.objective =
      c.base_status == TL_SOLVE_OPTIMAL ? c.base_objective : (double)NAN;
  info.iterations = c.base_iterations;
  info.results_prefix = TL_STORE_ENS_PREFIX;
  info.nstages = 3;
  for (int k = 0; k < 3; k++) {
    info.stage_names[k] = stages[k];
    info.stage_seconds[k] = secs[k];
  }
  return cli_store_record("ensemble", "the ensemble", ctx, &r->store, &info,
                          r->argc, r->argv, r->outdir,
                          r->verbosity == CLI_QUIET);
}

static int run(ens_args *r, const ranks *rk) {
  cli_diag_sink sink;
  tl_model *m = NULL;
  tl_ens_spec *spec = NULL;
  tl_ensemble *e = NULL;
  tl_ctx *ctx = cli_ctx_new(&sink, r->verbosity, "ensemble");
  if (!ctx) return CLI_EXIT_NOMEM;
  if (rk->size > 1 && !r->jobs_given) r->o.jobs = 1;
  r->o.solve.verbose = 0; /* hundreds of solver logs help no one */
  /* the progress line (on a terminal, one process only): reading, the
     base solve with its iterations, the members */
  if (rk->size == 1) {
    cli_progress_start("ensemble", r->verbosity);
    cli_progress_attach(&r->o.solve);
  }
  double secs[3] = {0, 0, 0}; /* read, ensemble, write: for the store */
  double t0 = cli_now();
  int rc = prepare(r, ctx, &m, &spec, &e);
  secs[0] = cli_now() - t0;
  if (any_failed(rk, rc != CLI_EXIT_OK)) {
    if (rc == CLI_EXIT_OK) rc = CLI_EXIT_SOLVER; /* another rank failed */
    goto done;
  }
  if (rk->rank == 0 && r->verbosity != CLI_QUIET) {
    printf("ensemble: %d members on %d rank%s\n", tl_ens_member_count(e),
           rk->size, rk->size == 1 ? "" : "s");
    fflush(stdout);
  }
  cli_signals_install();
  t0 = cli_now();
  cli_progress_stage("solving base + %d members", tl_ens_member_count(e));
  tl_status st = tl_ens_run(ctx, e, rk->rank, rk->size);
  cli_progress_clear();
  int failed = st != TL_OK;
  if (any_failed(rk, failed)) {
    if (st == TL_OK) st = TL_ERR_SOLVER;
    if (rk->rank == 0)
      fprintf(stderr, "tanlu ensemble: %s; nothing written\n",
              st == TL_ERR_INTERRUPTED ? "interrupted" : "the run failed");
    rc = cli_exit_for_status(st, CLI_EXIT_INPUT);
    goto done;
  }
#ifdef TANLU_MPI
  if (rk->mpi && any_failed(rk, gather(ctx, e, rk))) {
    if (rk->rank == 0)
      fprintf(stderr,
              "tanlu ensemble: results were lost between ranks; "
              "nothing written\n");
    rc = CLI_EXIT_SOLVER;
    goto done;
  }
#endif
  double seconds = cli_now() - t0;
  secs[1] = seconds;
  if (rk->rank == 0) {
    t0 = cli_now();
    cli_progress_stage("writing %s", r->outdir);
    st = tl_ens_write(ctx, e, r->outdir);
    cli_progress_clear();
    secs[2] = cli_now() - t0;
    if (st != TL_OK) {
      fprintf(stderr, "tanlu ensemble: cannot write '%s': %s\n", r->outdir,
              tl_status_str(st));
      rc = cli_exit_for_status(st, CLI_EXIT_OUTPUT);
      goto done;
    }
    if (r->verbosity != CLI_QUIET) print_summary(r, e, rk, seconds);
    rc = record(r, ctx, m, e, secs);
    goto done;
  }
  rc = CLI_EXIT_OK;
done:
  cli_diag_flush(&sink);
  tl_ens_free(e);
  tl_ens_spec_free(spec);
  tl_model_free(m);
  tl_ctx_free(ctx);
  return rc;
}

#ifdef TANLU_MPI_EXEC
/* Started by an MPI launcher: replace this process by tanlu-mpi from the
 * folder of this program (the launcher sees the same process). Returns
 * only when that fails (a message said why). */
static void exec_mpi(int argc, char **argv) {
  char self[PATH_MAX], path[PATH_MAX + 16];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) {
    fprintf(stderr, "tanlu ensemble: cannot find this program's folder: %s\n",
            strerror(errno));
    return;
  }
  self[n] = '\0';
  char *slash = strrchr(self, '/');
  if (slash) *slash = '\0';
  snprintf(path, sizeof path, "%s/tanlu-mpi", slash ? self : ".");
  char **av = calloc((size_t)argc + 2, sizeof *av);
  if (!av) {
    fprintf(stderr, "tanlu ensemble: out of memory\n");
    return;
  }
  av[0] = path;
  for (int i = 0; i < argc; i++) av[i + 1] = argv[i]; /* "ensemble", ... */
  execv(path, av);
  fprintf(stderr,
          "tanlu ensemble: started by mpirun, but '%s', the MPI build of "
          "tanlu, cannot be started: %s. Install it beside tanlu (make "
          "install does), or run without mpirun (-j N uses the cores of one "
          "machine).\n",
          path, strerror(errno));
  free(av);
}
#endif

int cli_cmd_ensemble(int argc, char **argv) {
  ens_args r;
  int rc = parse_args(argc, argv, &r);
  if (rc >= 0) return rc;
  ranks rk = {0, 1, 0};
  int launched = launcher_size();
#ifdef TANLU_MPI_EXEC
  if (launched) {
    exec_mpi(argc, argv);
    return CLI_EXIT_USAGE;
  }
#endif
#ifdef TANLU_MPI
  if (launched) {
    if (MPI_Init(NULL, NULL) != MPI_SUCCESS) {
      fprintf(stderr, "tanlu ensemble: MPI_Init failed\n");
      return CLI_EXIT_SOLVER;
    }
    rk.mpi = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rk.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &rk.size);
  }
#else
  if (launched > 1) {
    fprintf(stderr,
            "tanlu ensemble: started as one of %d MPI ranks, but this tanlu "
            "is built without MPI: every rank would solve the whole "
            "ensemble. Rebuild with MPI (libopenmpi-dev; make MPI=1) or run "
            "it without mpirun (-j N uses the cores of one machine).\n",
            launched);
    return CLI_EXIT_USAGE;
  }
#endif
  rc = run(&r, &rk);
#ifdef TANLU_MPI
  if (rk.mpi) MPI_Finalize();
#endif
  return rc;
}
