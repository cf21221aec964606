/* cmd_build.c - `tanlu build MODEL`: read, validate and build the LP
 * without solving it; print its size and the time of each stage (for
 * benchmarks and for exporting the LP to another solver). */
#include <stdio.h>

#include "cli/cli.h"

const char cli_build_help[] =
    "Usage: tanlu build MODEL [OPTIONS]\n"
    "\n"
    "Read and validate MODEL and build the linear program of the OSeMOSYS\n"
    "reference formulation, without solving it. Print the model's set\n"
    "sizes, the LP's rows, columns and nonzeros, and the time of each stage\n"
    "(read, validate, build, export). With --write-mps or --write-lp the LP\n"
    "is written for another solver (CPLEX, Gurobi, HiGHS, glpsol ...).\n"
    "\n"
    "Options:\n"
    "      --write-mps FILE  write the LP in free MPS format\n"
    "      --write-lp FILE   write the LP in CPLEX LP format\n"
    "  -q, --quiet           print errors only\n"
    "  -v, --verbose         also print notices and every diagnostic\n"
    "  -h, --help            show this help\n"
    "\n"
    "Examples:\n"
    "  tanlu build data/utopia/utopia.txt\n"
    "  tanlu build my_model/ --write-mps my_model.mps\n";

enum { OPT_WRITE_MPS = 1, OPT_WRITE_LP, OPT_QUIET, OPT_VERBOSE };

static const cli_opt build_opts[] = {{"--write-mps", 0, 1, OPT_WRITE_MPS},
                                     {"--write-lp", 0, 1, OPT_WRITE_LP},
                                     {"--quiet", 'q', 0, OPT_QUIET},
                                     {"--verbose", 'v', 0, OPT_VERBOSE},
                                     {NULL, 0, 0, 0}};

int cli_cmd_build(int argc, char **argv) {
  cli_args a;
  cli_diag_sink sink;
  const char *val, *path = NULL, *mps = NULL, *lpfile = NULL;
  cli_verbosity verbosity = CLI_NORMAL;
  tl_model *m = NULL;
  tl_lp *lp = NULL;
  tl_build_options bopt;
  double t_read = 0, t_validate = 0, t_build = 0, t_export = 0, t0;
  tl_status st = TL_OK;
  int id;

  cli_args_init(&a, "build", argc, argv);
  while ((id = cli_next_opt(&a, build_opts, &val)) != CLI_ARG_END) {
    switch (id) {
      case CLI_ARG_ERROR: return CLI_EXIT_USAGE;
      case CLI_ARG_HELP:
        cli_print_command_help(stdout, cli_find_command("build"));
        return CLI_EXIT_OK;
      case CLI_ARG_OPERAND:
        if (path)
          return cli_usage_error("build", "one model at a time ('%s' and '%s')",
                                 path, val);
        path = val;
        break;
      case OPT_WRITE_MPS: mps = val; break;
      case OPT_WRITE_LP: lpfile = val; break;
      case OPT_QUIET: verbosity = CLI_QUIET; break;
      case OPT_VERBOSE: verbosity = CLI_VERBOSE; break;
      default: return cli_usage_error("build", "unhandled option");
    }
  }
  if (!path)
    return cli_usage_error("build", "which model? (tanlu build MODEL)");

  tl_ctx *ctx = cli_ctx_new(&sink, verbosity, "build");
  if (!ctx) return CLI_EXIT_NOMEM;
  cli_signals_install();
  cli_progress_start("build", verbosity);
  int rc = cli_read_model("build", ctx, path, &m, &t_read);
  if (rc != CLI_EXIT_OK) goto done;
  rc = cli_validate_model("build", ctx, m, path, &t_validate);
  if (rc != CLI_EXIT_OK) goto done;

  tl_build_options_init(&bopt);
  bopt.keep_names = mps || lpfile;
  t0 = cli_now();
  cli_progress_stage("building the LP");
  st = tl_lp_build(ctx, m, &bopt, &lp);
  cli_progress_clear();
  t_build = cli_now() - t0;
  if (st != TL_OK) {
    fprintf(stderr, "tanlu build: cannot build the LP of '%s': %s\n", path,
            tl_status_str(st));
    rc = cli_exit_for_status(st, CLI_EXIT_SOLVER);
    goto done;
  }

  t0 = cli_now();
  const char *out = mps;
  if (mps) {
    cli_progress_stage("writing %s", mps);
    st = tl_lp_write_mps(ctx, lp, mps);
  }
  if (st == TL_OK && lpfile) {
    out = lpfile;
    cli_progress_stage("writing %s", lpfile);
    st = tl_lp_write_lp(ctx, lp, lpfile);
  }
  cli_progress_clear();
  t_export = cli_now() - t0;
  if (st != TL_OK) {
    fprintf(stderr, "tanlu build: cannot write '%s': %s\n", out,
            tl_status_str(st));
    rc = cli_exit_for_status(st, CLI_EXIT_OUTPUT);
    goto done;
  }

  if (verbosity >= CLI_NORMAL) {
    printf("%-12s%s\n", "model", path);
    cli_print_sets(stdout, "sets", m);
    cli_print_lp_size(stdout, "LP", lp);
    const char *const names[] = {"read", "validate", "build",
                                 mps || lpfile ? "export" : NULL};
    const double secs[] = {t_read, t_validate, t_build, t_export};
    cli_print_times(stdout, names, secs, 4);
    if (mps) printf("%-12s%s\n", "MPS", mps);
    if (lpfile) printf("%-12s%s\n", "LP file", lpfile);
  }

done:
  cli_diag_flush(&sink);
  tl_lp_free(lp);
  tl_model_free(m);
  tl_ctx_free(ctx);
  return rc;
}
