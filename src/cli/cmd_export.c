/* cmd_export.c - `tanlu export RUN --format csv|iamc`: a recorded run's
 * results written back out from the run store. */
#include <stdio.h>
#include <string.h>

#include "cli/cli_outputs.h"

const char cli_export_help[] =
    "Usage: tanlu export RUN --format csv|iamc [OPTIONS]\n"
    "\n"
    "Write the results of a run recorded in the run store:\n"
    "  csv   every table the run wrote, as NAME.csv in a folder (roadmap\n"
    "        tables under roadmap/, and iamc.csv): the same rows and columns,\n"
    "        numbers in shortest round-trip form\n"
    "  iamc  the run's IAMC file (Model,Scenario,Region,Variable,Unit,years),\n"
    "        which pyam reads\n"
    "Files are written under a temporary name and renamed when complete.\n"
    "\n"
    "RUN is an id (12), last, last~N or a uid prefix (tanlu runs lists them).\n"
    "\n"
    "Options:\n"
    "      --format F      csv or iamc (required)\n"
    "  -o, --output PATH   csv: the folder (default run-ID); iamc: the file\n"
    "                      (default run-ID-iamc.csv; - for standard output)\n"
    "      --db PATH       the run store (default: $TANLU_DB, else tanlu.db)\n"
    "  -q, --quiet         print errors only\n"
    "  -h, --help          show this help\n"
    "\n"
    "Examples:\n"
    "  tanlu export last --format csv -o results/run-last\n"
    "  tanlu export 12 --format iamc -o scenario12.csv\n"
    "  tanlu export last --format iamc -o - | head\n";

enum { OPT_FORMAT = 1, OPT_OUTPUT, OPT_DB, OPT_QUIET };

static const cli_opt export_opts[] = {{"--format", 0, 1, OPT_FORMAT},
                                      {"--output", 'o', 1, OPT_OUTPUT},
                                      {"--db", 0, 1, OPT_DB},
                                      {"--quiet", 'q', 0, OPT_QUIET},
                                      {NULL, 0, 0, 0}};

static const char *const formats[] = {"csv", "iamc", NULL};

int cli_cmd_export(int argc, char **argv) {
  cli_args a;
  const char *val, *db = NULL, *ref = NULL, *out = NULL;
  int id, format = -1;
  cli_verbosity verb = CLI_NORMAL;
  cli_diag_sink sink;
  cli_args_init(&a, "export", argc, argv);
  while ((id = cli_next_opt(&a, export_opts, &val)) != CLI_ARG_END) {
    switch (id) {
      case CLI_ARG_ERROR: return CLI_EXIT_USAGE;
      case CLI_ARG_HELP:
        cli_print_command_help(stdout, cli_find_command("export"));
        return CLI_EXIT_OK;
      case CLI_ARG_OPERAND:
        if (ref)
          return cli_usage_error("export", "one run at a time ('%s' and '%s')",
                                 ref, val);
        ref = val;
        break;
      case OPT_FORMAT:
        if ((format = cli_parse_choice(&a, val, formats)) < 0)
          return CLI_EXIT_USAGE;
        break;
      case OPT_OUTPUT: out = val; break;
      case OPT_DB: db = val; break;
      case OPT_QUIET: verb = CLI_QUIET; break;
      default: return cli_usage_error("export", "unhandled option");
    }
  }
  if (!ref)
    return cli_usage_error("export",
                           "which run? (tanlu export RUN --format csv|iamc)");
  if (format < 0)
    return cli_usage_error("export",
                           "which format? (--format csv or --format iamc)");
  db = cli_store_path(db);
  tl_ctx *ctx = cli_ctx_new(&sink, verb, "export");
  if (!ctx) return CLI_EXIT_NOMEM;
  int64_t run = 0;
  char name[64];
  int rc = cli_store_find("export", ctx, db, ref, &run);
  if (rc == CLI_EXIT_OK) {
    if (!out) {
      snprintf(name, sizeof name, format ? "run-%lld-iamc.csv" : "run-%lld",
               (long long)run);
      out = name;
    }
    tl_status st = tl_store_export(
        ctx, db, run, format ? TL_EXPORT_IAMC : TL_EXPORT_CSV, out);
    if (st != TL_OK) {
      fprintf(stderr, "tanlu export: cannot export run %lld to '%s': %s\n",
              (long long)run, out, tl_status_str(st));
      rc = st == TL_ERR_IO ? CLI_EXIT_OUTPUT : cli_store_exit(st);
    } else if (verb > CLI_QUIET && strcmp(out, "-")) {
      fprintf(stderr, "run %lld exported to %s\n", (long long)run, out);
    }
  }
  cli_diag_flush(&sink);
  tl_ctx_free(ctx);
  return rc;
}
