/* cmd_convert.c - `tanlu convert IN OUT`: read a model in one form and
 * write it in the other (CSV folder <-> GNU MathProg data file). */
#include <stdio.h>

#include "cli/cli.h"

const char cli_convert_help[] =
    "Usage: tanlu convert IN OUT [OPTIONS]\n"
    "\n"
    "Read the model IN (a GNU MathProg data file or an otoole-style CSV\n"
    "folder) and write it as OUT. When OUT ends in .txt or .dat it is\n"
    "written as a GNU MathProg data file; otherwise as a CSV folder (one\n"
    "CSV per set and parameter, created if missing). Files appear complete\n"
    "or not at all.\n"
    "\n"
    "IN is validated first. A model that reads but does not validate is\n"
    "still converted (so that it can be repaired in the other form); its\n"
    "problems are printed and a warning says so. A model that does not\n"
    "read is not converted.\n"
    "\n"
    "Options:\n"
    "  -q, --quiet    print errors only\n"
    "  -v, --verbose  also print notices and every diagnostic\n"
    "  -h, --help     show this help\n"
    "\n"
    "Examples:\n"
    "  tanlu convert data/utopia/utopia.txt utopia_csv/\n"
    "  tanlu convert my_model/ my_model.txt\n";

enum { OPT_QUIET = 1, OPT_VERBOSE };

static const cli_opt convert_opts[] = {{"--quiet", 'q', 0, OPT_QUIET},
                                       {"--verbose", 'v', 0, OPT_VERBOSE},
                                       {NULL, 0, 0, 0}};

int cli_cmd_convert(int argc, char **argv) {
  cli_args a;
  cli_diag_sink sink;
  const char *val, *in = NULL, *out = NULL;
  cli_verbosity verbosity = CLI_NORMAL;
  tl_model *m = NULL;
  double t_read = 0, t_validate = 0;
  int id;

  cli_args_init(&a, "convert", argc, argv);
  while ((id = cli_next_opt(&a, convert_opts, &val)) != CLI_ARG_END) {
    switch (id) {
      case CLI_ARG_ERROR: return CLI_EXIT_USAGE;
      case CLI_ARG_HELP:
        cli_print_command_help(stdout, cli_find_command("convert"));
        return CLI_EXIT_OK;
      case CLI_ARG_OPERAND:
        if (!in)
          in = val;
        else if (!out)
          out = val;
        else
          return cli_usage_error("convert", "too many arguments ('%s')", val);
        break;
      case OPT_QUIET: verbosity = CLI_QUIET; break;
      case OPT_VERBOSE: verbosity = CLI_VERBOSE; break;
      default: return cli_usage_error("convert", "unhandled option");
    }
  }
  if (!in || !out)
    return cli_usage_error("convert",
                           "needs IN and OUT (tanlu convert IN OUT)");

  tl_ctx *ctx = cli_ctx_new(&sink, verbosity, "convert");
  if (!ctx) return CLI_EXIT_NOMEM;
  int rc = cli_read_model("convert", ctx, in, &m, &t_read);
  if (rc != CLI_EXIT_OK) goto done;
  if (cli_validate_model("convert", ctx, m, in, &t_validate) != CLI_EXIT_OK)
    fprintf(stderr,
            "tanlu convert: warning: converting '%s' anyway; '%s' "
            "will have the same problems\n",
            in, out);

  int datafile = cli_is_datafile_name(out);
  tl_status st = datafile ? tl_model_write_datafile(ctx, m, out)
                          : tl_model_write_csv(ctx, m, out);
  if (st != TL_OK) {
    fprintf(stderr, "tanlu convert: cannot write '%s': %s\n", out,
            tl_status_str(st));
    rc = cli_exit_for_status(st, CLI_EXIT_OUTPUT);
    goto done;
  }
  if (verbosity >= CLI_NORMAL)
    printf("%s -> %s (%s)\n", in, out,
           datafile ? "GNU MathProg data file" : "CSV folder");

done:
  cli_diag_flush(&sink);
  tl_model_free(m);
  tl_ctx_free(ctx);
  return rc;
}
