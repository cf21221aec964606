/* cmd_run.c - `tanlu run MODEL`: read, validate, build, solve, write the
 * result CSVs and print a one-screen summary. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

const char cli_run_help[] =
    "Usage: tanlu run MODEL [OPTIONS]\n"
    "\n"
    "Read MODEL, check its data, build the linear program of the OSeMOSYS\n"
    "reference formulation, solve it and write the result tables as CSV\n"
    "files (otoole names: TotalDiscountedCost.csv, NewCapacity.csv, ...)\n"
    "into a folder. Then print a summary: model sizes, LP size, solver\n"
    "status, objective, iterations and the time of each stage.\n"
    "\n"
    "A model that does not read or validate is not solved and nothing is\n"
    "written. Results are written only when the solver proves the solution\n"
    "optimal. MODEL is a GNU MathProg data file (.txt, .dat) or an\n"
    "otoole-style CSV folder.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR      folder for the result CSVs, created if missing\n"
    "                        (default: results)\n"
    "      --solver NAME     clp (default) or glpk\n"
    "      --method NAME     auto (default), dual, primal or barrier\n"
    "      --no-presolve     solve the LP as built, without presolving\n"
    "      --threads N       threads the solver may use (default 0: the\n"
    "                        solver's own choice)\n"
    "      --time-limit SEC  stop the solver after SEC seconds (default 0:\n"
    "                        no limit); exit code 6 when reached\n"
    "      --write-mps FILE  also write the LP in free MPS format\n"
    "      --write-lp FILE   also write the LP in CPLEX LP format\n"
    "  -q, --quiet           print errors only (no summary, no warnings)\n"
    "  -v, --verbose         also print notices, the solver's log and every\n"
    "                        diagnostic (normally at most 50 of each kind)\n"
    "  -h, --help            show this help\n"
    "\n"
    "Ctrl-C (or SIGTERM) stops the run at the next safe point with exit\n"
    "code 6 and writes no results; a second Ctrl-C ends it at once.\n"
    "\n"
    "Examples:\n"
    "  tanlu run data/utopia/utopia.txt -o results/utopia\n"
    "  tanlu run my_model/ --solver glpk --time-limit 600\n"
    "  tanlu run my_model/ --method barrier --threads 4 --write-mps my.mps\n";

enum {
  OPT_OUTPUT = 1,
  OPT_SOLVER,
  OPT_METHOD,
  OPT_NO_PRESOLVE,
  OPT_THREADS,
  OPT_TIME_LIMIT,
  OPT_WRITE_MPS,
  OPT_WRITE_LP,
  OPT_QUIET,
  OPT_VERBOSE
};

static const cli_opt run_opts[] = {{"--output", 'o', 1, OPT_OUTPUT},
                                   {"--solver", 0, 1, OPT_SOLVER},
                                   {"--method", 0, 1, OPT_METHOD},
                                   {"--no-presolve", 0, 0, OPT_NO_PRESOLVE},
                                   {"--threads", 0, 1, OPT_THREADS},
                                   {"--time-limit", 0, 1, OPT_TIME_LIMIT},
                                   {"--write-mps", 0, 1, OPT_WRITE_MPS},
                                   {"--write-lp", 0, 1, OPT_WRITE_LP},
                                   {"--quiet", 'q', 0, OPT_QUIET},
                                   {"--verbose", 'v', 0, OPT_VERBOSE},
                                   {NULL, 0, 0, 0}};

static const char *const solver_names[] = {"clp", "glpk", NULL};
static const char *const method_names[] = {"auto", "dual", "primal", "barrier",
                                           NULL};

typedef struct run_args {
  const char *model;
  const char *outdir;
  const char *mps; /* NULL: not written */
  const char *lp;
  cli_verbosity verbosity;
  tl_solve_options solve;
} run_args;

/* Seconds spent in each stage. */
typedef struct run_times {
  double read, validate, build, exported, solve, write;
} run_times;

/* Returns -1 to go on, or the exit code (0 after --help). */
static int parse_run_args(int argc, char **argv, run_args *r) {
  cli_args a;
  const char *val;
  int id, k;
  memset(r, 0, sizeof *r);
  r->outdir = "results";
  r->verbosity = CLI_NORMAL;
  tl_solve_options_init(&r->solve);
  cli_args_init(&a, "run", argc, argv);
  while ((id = cli_next_opt(&a, run_opts, &val)) != CLI_ARG_END) {
    switch (id) {
      case CLI_ARG_ERROR: return CLI_EXIT_USAGE;
      case CLI_ARG_HELP:
        cli_print_command_help(stdout, cli_find_command("run"));
        return CLI_EXIT_OK;
      case CLI_ARG_OPERAND:
        if (r->model)
          return cli_usage_error("run", "one model at a time ('%s' and '%s')",
                                 r->model, val);
        r->model = val;
        break;
      case OPT_OUTPUT: r->outdir = val; break;
      case OPT_SOLVER:
        if ((k = cli_parse_choice(&a, val, solver_names)) < 0)
          return CLI_EXIT_USAGE;
        r->solve.solver = k == 0 ? TL_SOLVER_CLP : TL_SOLVER_GLPK;
        break;
      case OPT_METHOD:
        if ((k = cli_parse_choice(&a, val, method_names)) < 0)
          return CLI_EXIT_USAGE;
        r->solve.method = (tl_method)k; /* same order as tl_method */
        break;
      case OPT_NO_PRESOLVE: r->solve.presolve = 0; break;
      case OPT_THREADS:
        if (cli_parse_int(&a, val, 0, 1024, &r->solve.threads) != 0)
          return CLI_EXIT_USAGE;
        break;
      case OPT_TIME_LIMIT:
        if (cli_parse_seconds(&a, val, &r->solve.time_limit) != 0)
          return CLI_EXIT_USAGE;
        break;
      case OPT_WRITE_MPS: r->mps = val; break;
      case OPT_WRITE_LP: r->lp = val; break;
      case OPT_QUIET: r->verbosity = CLI_QUIET; break;
      case OPT_VERBOSE: r->verbosity = CLI_VERBOSE; break;
      default: return cli_usage_error("run", "unhandled option");
    }
  }
  if (!r->model)
    return cli_usage_error("run", "which model? (tanlu run MODEL)");
  r->solve.verbose = r->verbosity == CLI_VERBOSE;
  return -1;
}

/* Write the LP files asked for; returns an exit code. */
static int export_lp(tl_ctx *ctx, const tl_lp *lp, const run_args *r) {
  tl_status st = TL_OK;
  const char *path = NULL;
  if (r->mps) {
    path = r->mps;
    st = tl_lp_write_mps(ctx, lp, path);
  }
  if (st == TL_OK && r->lp) {
    path = r->lp;
    st = tl_lp_write_lp(ctx, lp, path);
  }
  if (st == TL_OK) return CLI_EXIT_OK;
  fprintf(stderr, "tanlu run: cannot write '%s': %s\n", path,
          tl_status_str(st));
  return cli_exit_for_status(st, CLI_EXIT_OUTPUT);
}

static void print_summary(const run_args *r, const tl_model *m, const tl_lp *lp,
                          const tl_solution *sol, const run_times *t,
                          const char *results) {
  static const char *const methods[] = {"auto", "dual simplex",
                                        "primal simplex", "barrier"};
  tl_solve_status ss = tl_solution_status(sol);
  int method = (int)r->solve.method;
  if (method < 0 || method > 3) method = 0;
  printf("%-12s%s\n", "model", r->model);
  cli_print_sets(stdout, "sets", m);
  cli_print_lp_size(stdout, "LP", lp);
  printf("%-12s%s (%s, presolve %s): %s\n", "solver",
         r->solve.solver == TL_SOLVER_GLPK ? "glpk" : "clp", methods[method],
         r->solve.presolve ? "on" : "off", tl_solve_status_str(ss));
  if (ss == TL_SOLVE_OPTIMAL)
    printf("%-12s%.10g\n", "objective", tl_solution_objective(sol));
  printf("%-12s%ld\n", "iterations", tl_solution_iterations(sol));
  const char *const stages[] = {"read",   "validate", "build",
                                "export", "solve",    "write"};
  const char *const names[] = {stages[0], stages[1],
                               stages[2], r->mps || r->lp ? stages[3] : NULL,
                               stages[4], stages[5]};
  const double secs[] = {t->read,     t->validate, t->build,
                         t->exported, t->solve,    t->write};
  cli_print_times(stdout, names, secs, 6);
  if (r->mps) printf("%-12s%s\n", "MPS", r->mps);
  if (r->lp) printf("%-12s%s\n", "LP file", r->lp);
  printf("%-12s%s\n", "results", results);
}

/* Message for a verdict that is not optimal. */
static void report_verdict(tl_solve_status ss) {
  const char *why = "the solver stopped without a usable solution";
  if (ss == TL_SOLVE_INFEASIBLE)
    why = "the model is infeasible: its constraints cannot all be met";
  else if (ss == TL_SOLVE_UNBOUNDED)
    why = "the model is unbounded: the cost can fall without limit";
  else if (ss == TL_SOLVE_LIMIT)
    why = "a time or iteration limit was reached (or the run was interrupted)";
  fprintf(stderr, "tanlu run: %s; no results written\n", why);
}

static int interrupted(void) {
  if (!cli_signalled()) return 0;
  fprintf(stderr, "tanlu run: interrupted; no results written\n");
  return 1;
}

int cli_cmd_run(int argc, char **argv) {
  run_args r;
  run_times t = {0, 0, 0, 0, 0, 0};
  cli_diag_sink sink;
  tl_ctx *ctx = NULL;
  tl_model *m = NULL;
  tl_lp *lp = NULL;
  tl_solution *sol = NULL;
  tl_build_options bopt;
  tl_status st;
  tl_solve_status ss;
  double t0;
  const char *results = "not written (no optimal solution)";

  int rc = parse_run_args(argc, argv, &r);
  if (rc >= 0) return rc;
  ctx = cli_ctx_new(&sink, r.verbosity, "run");
  if (!ctx) return CLI_EXIT_NOMEM;
  cli_signals_install();

  rc = cli_read_model("run", ctx, r.model, &m, &t.read);
  if (rc != CLI_EXIT_OK) goto done;
  rc = CLI_EXIT_LIMIT;
  if (interrupted()) goto done;
  rc = cli_validate_model("run", ctx, m, r.model, &t.validate);
  if (rc != CLI_EXIT_OK) goto done;

  tl_build_options_init(&bopt);
  bopt.keep_names = r.mps || r.lp;
  t0 = cli_now();
  st = tl_lp_build(ctx, m, &bopt, &lp);
  t.build = cli_now() - t0;
  if (st != TL_OK) {
    fprintf(stderr, "tanlu run: cannot build the LP of '%s': %s\n", r.model,
            tl_status_str(st));
    rc = cli_exit_for_status(st, CLI_EXIT_SOLVER);
    goto done;
  }
  rc = CLI_EXIT_LIMIT;
  if (interrupted()) goto done;

  if (r.mps || r.lp) {
    t0 = cli_now();
    rc = export_lp(ctx, lp, &r);
    t.exported = cli_now() - t0;
    if (rc != CLI_EXIT_OK) goto done;
  }

  t0 = cli_now();
  st = tl_lp_solve(ctx, lp, &r.solve, &sol);
  t.solve = cli_now() - t0;
  if (st != TL_OK) {
    fprintf(stderr, "tanlu run: the solver failed on '%s': %s\n", r.model,
            tl_status_str(st));
    rc = cli_exit_for_status(st, CLI_EXIT_SOLVER);
    goto done;
  }
  ss = tl_solution_status(sol);
  rc = cli_exit_for_solve(ss);
  if (rc == CLI_EXIT_OK && cli_signalled()) rc = CLI_EXIT_LIMIT;
  if (rc == CLI_EXIT_OK) {
    t0 = cli_now();
    st = tl_results_write(ctx, m, lp, sol, r.outdir);
    t.write = cli_now() - t0;
    if (st != TL_OK) {
      fprintf(stderr, "tanlu run: cannot write the results to '%s': %s\n",
              r.outdir, tl_status_str(st));
      rc = cli_exit_for_status(st, CLI_EXIT_OUTPUT);
      results = "not written (write error)";
    } else {
      results = r.outdir;
    }
  } else if (!interrupted()) {
    report_verdict(ss);
  }
  if (r.verbosity >= CLI_NORMAL) print_summary(&r, m, lp, sol, &t, results);

done:
  cli_diag_flush(&sink);
  tl_solution_free(sol);
  tl_lp_free(lp);
  tl_model_free(m);
  tl_ctx_free(ctx);
  return rc;
}
