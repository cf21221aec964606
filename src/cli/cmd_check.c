/* cmd_check.c - `tanlu check MODEL`: read and validate a model, print every
 * problem found and a one-line verdict. */
#include <stdio.h>

#include "cli/cli.h"

const char cli_check_help[] =
    "Usage: tanlu check MODEL [OPTIONS]\n"
    "\n"
    "Read MODEL and check its data without building or solving anything:\n"
    "syntax, set members, index tuples, value ranges (fractions, shares,\n"
    "lives), sums that must be one, references between parameters. Each\n"
    "problem is printed on stderr with its file, line, column, parameter,\n"
    "index and value. Then a verdict on stdout:\n"
    "  MODEL: ok (N warnings)           the model can be solved\n"
    "  MODEL: N errors, M warnings      it cannot (exit code 3)\n"
    "\n"
    "MODEL is a GNU MathProg data file (.txt, .dat) or an otoole-style CSV\n"
    "folder.\n"
    "\n"
    "Options:\n"
    "  -q, --quiet    print errors only (no warnings, no verdict)\n"
    "  -v, --verbose  also print notices, the model's set sizes and every\n"
    "                 diagnostic (normally at most 50 of each kind)\n"
    "  -h, --help     show this help\n"
    "\n"
    "Examples:\n"
    "  tanlu check data/utopia/utopia.txt\n"
    "  tanlu check my_model/ 2> problems.txt\n";

enum { OPT_QUIET = 1, OPT_VERBOSE };

static const cli_opt check_opts[] = {{"--quiet", 'q', 0, OPT_QUIET},
                                     {"--verbose", 'v', 0, OPT_VERBOSE},
                                     {NULL, 0, 0, 0}};

int cli_cmd_check(int argc, char **argv) {
  cli_args a;
  cli_diag_sink sink;
  const char *val, *path = NULL;
  cli_verbosity verbosity = CLI_NORMAL;
  tl_model *m = NULL;
  double t_read = 0;
  int id, errors = 0, warnings = 0, validated = 0;

  cli_args_init(&a, "check", argc, argv);
  while ((id = cli_next_opt(&a, check_opts, &val)) != CLI_ARG_END) {
    switch (id) {
      case CLI_ARG_ERROR: return CLI_EXIT_USAGE;
      case CLI_ARG_HELP:
        cli_print_command_help(stdout, cli_find_command("check"));
        return CLI_EXIT_OK;
      case CLI_ARG_OPERAND:
        if (path)
          return cli_usage_error("check", "one model at a time ('%s' and '%s')",
                                 path, val);
        path = val;
        break;
      case OPT_QUIET: verbosity = CLI_QUIET; break;
      case OPT_VERBOSE: verbosity = CLI_VERBOSE; break;
      default: return cli_usage_error("check", "unhandled option");
    }
  }
  if (!path)
    return cli_usage_error("check", "which model? (tanlu check MODEL)");

  tl_ctx *ctx = cli_ctx_new(&sink, verbosity, "check");
  if (!ctx) return CLI_EXIT_NOMEM;
  int rc = cli_read_model("check", ctx, path, &m, &t_read);
  if (rc != CLI_EXIT_OK) goto done;

  tl_status st = tl_model_validate(ctx, m);
  if (st != TL_OK && st != TL_ERR_INVALID) {
    fprintf(stderr, "tanlu check: cannot validate model '%s': %s\n", path,
            tl_status_str(st));
    rc = cli_exit_for_status(st, CLI_EXIT_INPUT);
    goto done;
  }
  errors = tl_ctx_count(ctx, TL_ERROR);
  warnings = tl_ctx_count(ctx, TL_WARNING);
  rc = (st == TL_OK && errors == 0) ? CLI_EXIT_OK : CLI_EXIT_MODEL;
  validated = 1;
  if (verbosity == CLI_VERBOSE) cli_print_sets(stdout, "sets", m);

done:
  cli_diag_flush(&sink);
  if (validated && verbosity >= CLI_NORMAL) {
    if (rc == CLI_EXIT_OK)
      printf("%s: ok (%d warning%s)\n", path, warnings,
             warnings == 1 ? "" : "s");
    else
      printf("%s: %d error%s, %d warning%s\n", path, errors,
             errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  }
  tl_model_free(m);
  tl_ctx_free(ctx);
  return rc;
}
