/* cmd_run.c - `tanlu run MODEL`: read, validate, build, solve, write the
 * result CSVs and the roadmap tables, and print a one-screen summary. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_outputs.h"
#include "tanlu_roadmap.h"

const char cli_run_help[] =
    "Usage: tanlu run MODEL [OPTIONS]\n"
    "\n"
    "Read MODEL, check its data, build the linear program of the OSeMOSYS\n"
    "reference formulation (with the roadmap extensions the model uses),\n"
    "solve it and write the result tables as CSV files (otoole names:\n"
    "TotalDiscountedCost.csv, NewCapacity.csv, ...) into a folder, and the\n"
    "roadmap analyses into its roadmap/ subfolder. Then print a summary:\n"
    "model sizes, LP size, solver status, objective, iterations, the time\n"
    "of each stage, and the roadmap: emissions, peak and net-zero years,\n"
    "carbon price and the phases of the abatement.\n"
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
    "\n"
    "Roadmap options:\n"
    "      --gwp TABLE       GWP100 table for CO2e: AR5 (default), AR4, AR6\n"
    "      --scope S         basis of AnnualGHGLimit: ghg (default: net CO2e\n"
    "                        of all gases) or co2\n"
    "      --peak-scope S    basis of PeakYear: co2 (default, without sinks)\n"
    "                        or ghg\n"
    "      --netzero-scope S basis of NetZeroYear: ghg (default, net of\n"
    "                        sinks) or co2\n"
    "      --allow-precommercial\n"
    "                        let technologies be built before they reach\n"
    "                        TRL 9 (TechnologyReadiness)\n"
    "      --no-reference    do not solve the reference run (the model\n"
    "                        without climate constraints); no phase\n"
    "                        decomposition or avoided pollutants\n"
    "      --phases Y1,Y2,.. phase bounds in calendar years (default\n"
    "                        2021,2030,2035,2050,2060): phases [Y1,Y2),\n"
    "                        [Y2,Y3), ..., the last one closed\n"
    "      --criticality     also solve the pathway with each deployed\n"
    "                        non-conventional technology unavailable and ten\n"
    "                        years late (two solves per technology)\n"
    "  -j, --jobs N          processes for the criticality solves (default 2)\n"
    "\n"
    "Roadmap tables (OUTPUT/roadmap/, schemas in docs/roadmap.md); a table\n"
    "the model lacks the data for is written with its header only and a\n"
    "notice says why:\n"
    "  Emissions.csv           by gas, sector, category and year; unit, CO2e\n"
    "  Targets.csv             peak year and value, net-zero year, carbon and\n"
    "                          energy intensity against GDP, targets met\n"
    "  CarbonPrice.csv         shadow price of each emission constraint by\n"
    "                          year, per unit CO2e, undiscounted\n"
    "  PhaseDecomposition.csv  abatement against the reference run by year\n"
    "                          and phase, split by LMDI into efficiency,\n"
    "                          zero-carbon electricity, fuel substitution,\n"
    "                          CCUS, removal, non-CO2, process and other\n"
    "  CostPremium.csv         levelised cost of product against the\n"
    "                          reference technology, premium, cost per CO2e\n"
    "  MACCurve.csv            technologies ranked by cost per CO2e abated\n"
    "  MaturityStatistics.csv  commercial share, cost-raising shares beside\n"
    "                          the roadmap's 20 / 80 / 35 %\n"
    "  InnovationGap.csv       year needed against year ready (TRL 9)\n"
    "  Criticality.csv         cost when a technology is unavailable or late\n"
    "                          (with --criticality)\n"
    "  CoBenefits.csv          pollutants avoided, import dependence, sinks\n"
    "\n"
    "Scenarios and formulation:\n"
    "  --scenario FILE       apply a scenario overlay (CSV of changes, see\n"
    "                        docs/scenarios.md); several are applied in order\n"
    "  --capacity-columns    keep TotalCapacityAnnual as columns (a sparser "
    "LP\n"
    "                        with a few more rows; same optimum)\n"
    "\n" CLI_RUN_OUTPUTS_HELP
    "\n"
    "Output options:\n"
    "  -q, --quiet           print errors only (no summary, no warnings, no\n"
    "                        progress line)\n"
    "  -v, --verbose         also print notices, the solver's log and every\n"
    "                        diagnostic (normally at most 50 of each kind)\n"
    "                        instead of the progress line\n"
    "  -h, --help            show this help\n"
    "\n"
    "When stderr is a terminal (and neither CI is set nor TERM is dumb), a\n"
    "line there shows the stage, and while solving the iterations, the\n"
    "objective and the time; it is erased before any other output.\n"
    "\n"
    "Ctrl-C (or SIGTERM) stops the run at the next safe point with exit\n"
    "code 6 and writes no results; a second Ctrl-C ends it at once.\n"
    "\n"
    "Examples:\n"
    "  tanlu run data/utopia/utopia.txt -o results/utopia\n"
    "  tanlu run my_model/ --solver glpk --time-limit 600\n"
    "  tanlu run my_model/ --method barrier --threads 4 --write-mps my.mps\n"
    "  tanlu run data/china/ --gwp AR6 --criticality -j 4 -o out/china\n"
    "  tanlu run park/ --phases 2025,2030,2040 --no-reference\n";

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
  OPT_VERBOSE,
  OPT_GWP,
  OPT_SCOPE,
  OPT_PEAK_SCOPE,
  OPT_NETZERO_SCOPE,
  OPT_ALLOW_PRECOMMERCIAL,
  OPT_NO_REFERENCE,
  OPT_CRITICALITY,
  OPT_PHASES,
  OPT_JOBS,
  OPT_SCENARIO,
  OPT_CAPACITY_COLUMNS
};

static const cli_opt run_opts[] = {
    {"--output", 'o', 1, OPT_OUTPUT},
    {"--solver", 0, 1, OPT_SOLVER},
    {"--method", 0, 1, OPT_METHOD},
    {"--no-presolve", 0, 0, OPT_NO_PRESOLVE},
    {"--threads", 0, 1, OPT_THREADS},
    {"--time-limit", 0, 1, OPT_TIME_LIMIT},
    {"--write-mps", 0, 1, OPT_WRITE_MPS},
    {"--write-lp", 0, 1, OPT_WRITE_LP},
    {"--quiet", 'q', 0, OPT_QUIET},
    {"--verbose", 'v', 0, OPT_VERBOSE},
    {"--gwp", 0, 1, OPT_GWP},
    {"--scope", 0, 1, OPT_SCOPE},
    {"--peak-scope", 0, 1, OPT_PEAK_SCOPE},
    {"--netzero-scope", 0, 1, OPT_NETZERO_SCOPE},
    {"--allow-precommercial", 0, 0, OPT_ALLOW_PRECOMMERCIAL},
    {"--no-reference", 0, 0, OPT_NO_REFERENCE},
    {"--criticality", 0, 0, OPT_CRITICALITY},
    {"--phases", 0, 1, OPT_PHASES},
    {"--jobs", 'j', 1, OPT_JOBS},
    {"--scenario", 0, 1, OPT_SCENARIO},
    {"--capacity-columns", 0, 0, OPT_CAPACITY_COLUMNS},
    CLI_RUN_OUTPUTS_OPTS,
    {NULL, 0, 0, 0}};

static const char *const solver_names[] = {"clp", "glpk", NULL};
static const char *const method_names[] = {"auto", "dual", "primal", "barrier",
                                           NULL};
/* in the order of tl_gwp, then lower case */
static const char *const gwp_names[] = {"AR5", "AR4", "AR6", "ar5",
                                        "ar4", "ar6", NULL};
static const char *const scope_names[] = {"co2", "ghg", NULL};

typedef struct run_args {
  const char *model;
  const char *outdir;
  const char *mps; /* NULL: not written */
  const char *lp;
  cli_verbosity verbosity;
  tl_solve_options solve;
  tl_roadmap_options roadmap; /* its build options are the run's */
  const char *scenarios[16];  /* overlays, applied in order */
  char scenario_name[256];    /* the default --scenario-name */
  int nscenarios;
  cli_run_outputs outputs; /* run store, iamc.csv, report.html */
} run_args;

/* Seconds spent in each stage. */
typedef struct run_times {
  double read, validate, build, exported, solve, write, roadmap, outputs;
} run_times;

/* --phases Y1,Y2,...: increasing calendar years. 0, or -1 after a usage
 * error. */
static int parse_phases(const cli_args *a, const char *text,
                        tl_roadmap_options *o) {
  char piece[32];
  int n = 0;
  const char *p = text;
  for (;;) {
    const char *end = strchr(p, ',');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (n == TL_ROADMAP_MAX_BOUNDS) {
      cli_usage_error("run", "option '%s': at most %d phase bounds", a->name,
                      TL_ROADMAP_MAX_BOUNDS);
      return -1;
    }
    if (len == 0 || len >= sizeof piece) {
      cli_usage_error("run",
                      "option '%s': expected years separated by "
                      "commas, not '%s'",
                      a->name, text);
      return -1;
    }
    memcpy(piece, p, len);
    piece[len] = '\0';
    if (cli_parse_int(a, piece, 1000, 3000, &o->bounds[n]) != 0) return -1;
    if (n > 0 && o->bounds[n] <= o->bounds[n - 1]) {
      cli_usage_error("run",
                      "option '%s': phase bounds must increase "
                      "('%s')",
                      a->name, text);
      return -1;
    }
    n++;
    if (!end) break;
    p = end + 1;
  }
  if (n < 2) {
    cli_usage_error("run",
                    "option '%s': at least two years are needed "
                    "('%s')",
                    a->name, text);
    return -1;
  }
  o->nbounds = n;
  return 0;
}

/* Returns -1 to go on, or the exit code (0 after --help). */
static const char *default_scenario_name(run_args *r);

static int parse_run_args(int argc, char **argv, run_args *r) {
  cli_args a;
  const char *val;
  int id, k;
  memset(r, 0, sizeof *r);
  r->outdir = "results";
  r->verbosity = CLI_NORMAL;
  tl_solve_options_init(&r->solve);
  tl_roadmap_options_init(&r->roadmap);
  cli_run_outputs_init(&r->outputs);
  r->nscenarios = 0;
  tl_build_options *bo = &r->roadmap.build;
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
      case OPT_NO_REFERENCE: r->roadmap.reference = 0; break;
      case OPT_CRITICALITY: r->roadmap.criticality = 1; break;
      case OPT_PHASES:
        if (parse_phases(&a, val, &r->roadmap) != 0) return CLI_EXIT_USAGE;
        break;
      case OPT_JOBS:
        if (cli_parse_int(&a, val, 1, 256, &r->roadmap.jobs) != 0)
          return CLI_EXIT_USAGE;
        break;
      case OPT_SCENARIO:
        if (r->nscenarios >= 16)
          return cli_usage_error("run", "at most 16 --scenario files");
        r->scenarios[r->nscenarios++] = val;
        break;
      case OPT_CAPACITY_COLUMNS: r->roadmap.build.capacity_columns = 1; break;
      default: {
        int handled = cli_run_outputs_option(&r->outputs, &a, id, val);
        if (handled < 0) return CLI_EXIT_USAGE;
        if (handled == 0) return cli_usage_error("run", "unhandled option");
        break;
      }
    }
  }
  if (!r->model)
    return cli_usage_error("run", "which model? (tanlu run MODEL)");
  if (!r->outputs.scenario)
    r->outputs.scenario = default_scenario_name(r);
  r->solve.verbose = r->verbosity == CLI_VERBOSE;
  /* the reference and criticality runs are solved quietly */
  r->roadmap.solve = r->solve;
  r->roadmap.solve.verbose = 0;
  return -1;
}

/* The scenario's name when --scenario-name is not given: the names of the
 * --scenario files without folder and extension, joined by '+'; without
 * one, the first line of MODEL/scenarios/base-name.txt (a model folder
 * names the scenario its base data are), else NULL ("baseline"). */
static const char *default_scenario_name(run_args *r) {
  char *out = r->scenario_name;
  size_t cap = sizeof r->scenario_name, n = 0;
  out[0] = '\0';
  for (int k = 0; k < r->nscenarios; k++) {
    const char *b = strrchr(r->scenarios[k], '/');
    b = b ? b + 1 : r->scenarios[k];
    size_t len = strlen(b);
    const char *dot = strrchr(b, '.');
    if (dot && dot != b) len = (size_t)(dot - b);
    if (n + len + 2 > cap) break;
    if (n) out[n++] = '+';
    memcpy(out + n, b, len);
    n += len;
    out[n] = '\0';
  }
  if (n) return out;
  char path[4096];
  int w = snprintf(path, sizeof path, "%s/scenarios/base-name.txt", r->model);
  if (w < 0 || (size_t)w >= sizeof path) return NULL;
  FILE *f = fopen(path, "r");
  if (!f) return NULL;
  if (!fgets(out, (int)cap, f)) out[0] = '\0';
  fclose(f);
  out[strcspn(out, "\r\n")] = '\0';
  return out[0] ? out : NULL;
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

/* Percent of part in whole, for the phase shares. */
static double pct(double part, double whole) {
  return whole != 0 ? 100 * part / whole : 0;
}

/* The roadmap part of the summary: per region the emissions, peak, net
 * zero, carbon price and phases; then why tables are empty. */
static void print_roadmap(const tl_roadmap *rm, const char *where) {
  long rows = 0;
  int nt = tl_roadmap_table_count();
  for (int i = 0; i < nt; i++) rows += tl_roadmap_table_rows(rm, i);
  printf("%-12s%s/roadmap (%d tables, %ld rows)\n", "roadmap", where, nt, rows);
  for (int r = 0; r < tl_roadmap_region_count(rm); r++) {
    tl_roadmap_figures f;
    if (tl_roadmap_figures_get(rm, r, &f) != TL_OK) continue;
    printf("  %-10s%s\n", "region", f.region);
    printf("  %-10s%d %.6g -> %d %.6g (net CO2e)\n", "emissions", f.first_year,
           f.emissions_first, f.last_year, f.emissions_last);
    printf("  %-10s%d at %.6g", "peak", f.peak_year, f.peak_value);
    if (f.peak_target)
      printf(" (target %d: %s)", f.peak_target,
             f.peak_met > 0    ? "met"
             : f.peak_met == 0 ? "missed"
                               : "-");
    printf("\n  %-10s", "net zero");
    if (f.netzero_year)
      printf("%d", f.netzero_year);
    else
      printf("not reached");
    if (f.netzero_target)
      printf(" (target %d: %s)", f.netzero_target,
             f.netzero_met > 0    ? "met"
             : f.netzero_met == 0 ? "missed"
                                  : "beyond horizon");
    printf("\n");
    if (!isnan(f.carbon_price_last))
      printf("  %-10s%.6g per unit CO2e in %d\n", "CO2 price",
             f.carbon_price_last, f.last_year);
    const char *label = "phases";
    for (int k = 0; k < tl_roadmap_phase_count(rm); k++) {
      tl_roadmap_phase ph;
      if (tl_roadmap_phase_get(rm, r, k, &ph) != TL_OK || !ph.covered_years)
        continue;
      printf("  %-10s%d-%d abated %.6g:", label, ph.first_year, ph.last_year,
             ph.total);
      label = "";
      for (int e = 0; e < TL_NEFFECTS; e++)
        if (fabs(pct(ph.effect[e], ph.total)) >= 0.5)
          printf(" %s %.0f%%", tl_roadmap_effect_name(e),
                 pct(ph.effect[e], ph.total));
      printf("\n");
    }
  }
  for (int i = 0; i < nt; i++) {
    const char *n = tl_roadmap_table_notice(rm, i);
    if (n && !tl_roadmap_table_rows(rm, i))
      printf("  %-10s%s: %s\n", "no rows", tl_roadmap_table_name(i), n);
  }
}

static void print_summary(const run_args *r, const tl_model *m, const tl_lp *lp,
                          const tl_solution *sol, const run_times *t,
                          const char *results, const tl_roadmap *rm) {
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
  const char *const stages[] = {"read",  "validate", "build",  "export",
                                "solve", "write",    "roadmap"};
  const char *const names[] = {stages[0],
                               stages[1],
                               stages[2],
                               r->mps || r->lp ? stages[3] : NULL,
                               stages[4],
                               stages[5],
                               t->roadmap > 0 ? stages[6] : NULL};
  const double secs[] = {t->read,  t->validate, t->build,  t->exported,
                         t->solve, t->write,    t->roadmap};
  cli_print_times(stdout, names, secs, 7);
  if (r->mps) printf("%-12s%s\n", "MPS", r->mps);
  if (r->lp) printf("%-12s%s\n", "LP file", r->lp);
  printf("%-12s%s\n", "results", results);
  if (rm) print_roadmap(rm, results);
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

/* Analyse the pathway and write OUTPUT/roadmap/; returns an exit code. */
static int run_roadmap(tl_ctx *ctx, const tl_model *m, const tl_lp *lp,
                       const tl_solution *sol, const run_args *r,
                       tl_roadmap **rm) {
  cli_progress_stage("roadmap analyses");
  tl_status st = tl_roadmap_analyse(ctx, m, lp, sol, &r->roadmap, rm);
  if (st == TL_OK) st = tl_roadmap_write(ctx, *rm, r->outdir);
  cli_progress_clear();
  if (st == TL_OK) return CLI_EXIT_OK;
  fprintf(stderr, "tanlu run: %s the roadmap analyses: %s\n",
          st == TL_ERR_INTERRUPTED ? "interrupted" : "cannot complete",
          tl_status_str(st));
  if (st != TL_ERR_INTERRUPTED && *rm) {
    tl_roadmap_free(*rm);
    *rm = NULL;
  }
  return cli_exit_for_status(st, CLI_EXIT_OUTPUT);
}

static int interrupted(void) {
  if (!cli_signalled()) return 0;
  fprintf(stderr, "tanlu run: interrupted; no results written\n");
  return 1;
}

/* The store's description of the run (without stage timings). */
static void store_info(tl_store_run *info, const run_args *r,
                       const tl_model *m, tl_solve_status ss,
                       const tl_solution *sol) {
  memset(info, 0, sizeof *info);
  info->model_path = r->model;
  info->model = m;
  info->overlays = r->scenarios;
  info->noverlays = r->nscenarios;
  info->solver = r->solve.solver == TL_SOLVER_GLPK ? "glpk" : "clp";
  info->status = ss;
  info->interrupted = cli_signalled();
  info->objective = ss == TL_SOLVE_OPTIMAL ? tl_solution_objective(sol) : NAN;
  info->iterations = tl_solution_iterations(sol);
}

int cli_cmd_run(int argc, char **argv) {
  run_args r;
  run_times t = {0, 0, 0, 0, 0, 0, 0, 0};
  cli_diag_sink sink;
  tl_ctx *ctx = NULL;
  tl_model *m = NULL;
  tl_lp *lp = NULL;
  tl_solution *sol = NULL;
  tl_roadmap *rm = NULL;
  tl_build_options bopt;
  tl_status st;
  tl_solve_status ss;
  double t0;
  const char *results = "not written (no optimal solution)";
  tl_store_run info; /* what the store records */
  cli_store_job *job = NULL;

  int rc = parse_run_args(argc, argv, &r);
  if (rc >= 0) return rc;
  ctx = cli_ctx_new(&sink, r.verbosity, "run");
  if (!ctx) return CLI_EXIT_NOMEM;
  cli_signals_install();
  cli_progress_start("run", r.verbosity);
  cli_progress_attach(&r.solve);
  cli_progress_attach(&r.roadmap.solve);

  rc = cli_read_model("run", ctx, r.model, &m, &t.read);
  if (rc != CLI_EXIT_OK) goto done;
  rc = CLI_EXIT_LIMIT;
  if (interrupted()) goto done;
  for (int k = 0; k < r.nscenarios; k++) {
    cli_progress_stage("applying %s", r.scenarios[k]);
    st = tl_model_apply_overlay(ctx, m, r.scenarios[k]);
    cli_progress_clear();
    if (st != TL_OK) {
      fprintf(stderr, "tanlu run: cannot apply scenario '%s': %s\n",
              r.scenarios[k], tl_status_str(st));
      rc = cli_exit_for_status(st, CLI_EXIT_INPUT);
      if (st == TL_ERR_PARSE) rc = CLI_EXIT_MODEL;
      goto done;
    }
  }
  rc = cli_validate_model("run", ctx, m, r.model, &t.validate);
  if (rc != CLI_EXIT_OK) goto done;

  bopt = r.roadmap.build;
  bopt.keep_names = r.mps || r.lp;
  t0 = cli_now();
  cli_progress_stage("building the LP");
  st = tl_lp_build(ctx, m, &bopt, &lp);
  cli_progress_clear();
  t.build = cli_now() - t0;
  if (st != TL_OK) {
    fprintf(stderr, "tanlu run: cannot build the LP of '%s': %s\n", r.model,
            tl_status_str(st));
    rc = cli_exit_for_status(st, CLI_EXIT_SOLVER);
    goto done;
  }
  rc = CLI_EXIT_LIMIT;
  if (interrupted()) goto done;

  {
    int rows = 0, cols = 0;
    tl_lp_size(lp, &rows, &cols, NULL, NULL);
    cli_progress_stage("built the LP: %d rows, %d columns", rows, cols);
  }
  if (r.mps || r.lp) {
    t0 = cli_now();
    cli_progress_stage("writing the LP");
    rc = export_lp(ctx, lp, &r);
    cli_progress_clear();
    t.exported = cli_now() - t0;
    if (rc != CLI_EXIT_OK) goto done;
  }

  t0 = cli_now();
  cli_progress_stage("solving");
  st = tl_lp_solve(ctx, lp, &r.solve, &sol);
  cli_progress_clear();
  t.solve = cli_now() - t0;
  /* interrupted: sol holds the point reached (status limit); the run is
     recorded as interrupted below */
  if (st != TL_OK && !(st == TL_ERR_INTERRUPTED && sol)) {
    fprintf(stderr, "tanlu run: the solver failed on '%s': %s\n", r.model,
            tl_status_str(st));
    rc = cli_exit_for_status(st, CLI_EXIT_SOLVER);
    goto done;
  }
  ss = tl_solution_status(sol);
  rc = cli_exit_for_solve(ss);
  if (rc == CLI_EXIT_OK && cli_signalled()) rc = CLI_EXIT_LIMIT;
  if (rc == CLI_EXIT_OK) {
    /* The store records the run on a thread of its own while the results,
     * the roadmap tables, iamc.csv and report.html are written: the run and
     * its inputs during the result files, those files during the rest. It
     * holds the store's lock from its start: when the roadmap re-solves a
     * reference run, it starts after that. */
    static const char *const later[] = {TL_IAMC_FILE, NULL};
    store_info(&info, &r, m, ss, sol);
    if (!r.roadmap.reference)
      job = cli_store_job_start(&r.outputs, &info, argc, argv, r.outdir, NULL);
    t0 = cli_now();
    cli_progress_stage("writing the results to %s", r.outdir);
    st = tl_results_write(ctx, m, lp, sol, r.outdir);
    cli_progress_clear();
    t.write = cli_now() - t0;
    if (st != TL_OK) {
      cli_store_job_abandon(job, ctx); /* recorded without results below */
      job = NULL;
      fprintf(stderr, "tanlu run: cannot write the results to '%s': %s\n",
              r.outdir, tl_status_str(st));
      rc = cli_exit_for_status(st, CLI_EXIT_OUTPUT);
      results = "not written (write error)";
    } else {
      results = r.outdir;
      cli_store_job_add(job, ctx, later);
      t0 = cli_now();
      rc = run_roadmap(ctx, m, lp, sol, &r, &rm);
      t.roadmap = cli_now() - t0;
      if (!job)
        job = cli_store_job_start(&r.outputs, &info, argc, argv, r.outdir,
                                  later);
      if (rc == CLI_EXIT_OK) {
        rc = cli_run_outputs_write(ctx, m, r.model, r.outdir, &r.outputs,
                                   &t.outputs);
      }
    }
  } else if (!interrupted()) {
    report_verdict(ss);
    if (ss == TL_SOLVE_INFEASIBLE) {
      fprintf(stderr,
              "tanlu run: looking for the constraints that cannot be met "
              "(elastic re-solve)...\n");
      cli_progress_stage("diagnosing the infeasibility");
      tl_lp_diagnose_infeasible(ctx, lp, &r.solve, 10);
      cli_progress_clear();
    }
  }
  if (r.verbosity >= CLI_NORMAL) print_summary(&r, m, lp, sol, &t, results, rm);
  {
    /* record the run in the store (one transaction) */
    static const char *const stages[] = {"read",    "validate", "build",
                                         "export",  "solve",    "write",
                                         "roadmap", "outputs"};
    const double secs[] = {t.read,  t.validate, t.build,   t.exported,
                           t.solve, t.write,    t.roadmap, t.outputs};
    store_info(&info, &r, m, ss, sol);
    info.nstages = 8;
    for (int k = 0; k < 8; k++) {
      info.stage_names[k] = stages[k];
      info.stage_seconds[k] = secs[k];
    }
    int rc2 = cli_run_outputs_record(ctx, &r.outputs, &info, argc, argv,
                                     results == r.outdir ? r.outdir : NULL,
                                     r.verbosity < CLI_NORMAL, job);
    job = NULL;
    if (rc == CLI_EXIT_OK) rc = rc2;
  }

done:
  cli_store_job_abandon(job, ctx);
  cli_progress_clear();
  cli_diag_flush(&sink);
  tl_roadmap_free(rm);
  tl_solution_free(sol);
  tl_lp_free(lp);
  tl_model_free(m);
  tl_ctx_free(ctx);
  return rc;
}
