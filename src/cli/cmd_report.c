/* cmd_report.c - `tanlu report OUTDIR [OUTDIR2]`: the self-contained HTML
 * report of one result folder, or of two with their comparison. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli_outputs.h"

const char cli_report_help[] =
    "Usage: tanlu report OUTDIR [OUTDIR2] [OPTIONS]\n"
    "\n"
    "Write one HTML file that opens offline (the charting library, Apache\n"
    "ECharts, and the data are inside it) from the result folder(s) that\n"
    "`tanlu run -o OUTDIR` wrote: key figures; emissions by gas and by\n"
    "sector with the peak and net-zero years; the abatement wedges and the\n"
    "abatement by phase (efficiency, zero-carbon electricity, fuel\n"
    "substitution, CCUS, removal, non-CO2); power generation and capacity\n"
    "mix; the carbon price; the MAC curve; maturity against cost premium;\n"
    "the innovation gap; co-benefits; and with two folders, their\n"
    "comparison. A table of the numbers sits below every chart. Charts whose\n"
    "data the folder lacks (no roadmap/ tables for a plain OSeMOSYS model)\n"
    "show a note.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE   the HTML file (default OUTDIR/report.html, with "
    "two\n"
    "                      folders OUTDIR/compare-NAME2.html)\n"
    "      --lang L        en (default) or zh (Chinese labels)\n"
    "      --title TEXT    the report's title\n"
    "      --label NAME    name of a run (once per folder, in order; default\n"
    "                      the folder's name)\n"
    "      --model MODEL   the model of the folders, to compute the IAMC\n"
    "                      variables (power mix, ...) of a folder without\n"
    "                      iamc.csv; once for all folders or once per folder\n"
    "  -q, --quiet         print errors only\n"
    "  -h, --help          show this help\n"
    "\n"
    "Examples:\n"
    "  tanlu report results/china\n"
    "  tanlu report results/china --lang zh -o china-zh.html\n"
    "  tanlu report results/base results/ccus-late --label base --label 'CCUS "
    "late'\n";

enum { OPT_OUTPUT = 1, OPT_LANG, OPT_TITLE, OPT_LABEL, OPT_MODEL, OPT_QUIET };

static const cli_opt report_opts[] = {{"--output", 'o', 1, OPT_OUTPUT},
                                      {"--lang", 0, 1, OPT_LANG},
                                      {"--title", 0, 1, OPT_TITLE},
                                      {"--label", 0, 1, OPT_LABEL},
                                      {"--model", 0, 1, OPT_MODEL},
                                      {"--quiet", 'q', 0, OPT_QUIET},
                                      {NULL, 0, 0, 0}};

static const char *const langs[] = {"en", "zh", NULL};

/* Last path component of p (without trailing slashes) into buf. */
static void base_name(const char *p, char *buf, size_t size) {
  size_t n = strlen(p);
  while (n > 1 && p[n - 1] == '/') n--;
  size_t s = n;
  while (s > 0 && p[s - 1] != '/') s--;
  snprintf(buf, size, "%.*s", (int)(n - s), p + s);
}

int cli_cmd_report(int argc, char **argv) {
  cli_args a;
  const char *val, *dirs[2] = {NULL, NULL}, *labels[2] = {NULL, NULL};
  const char *models[2] = {NULL, NULL}, *out = NULL;
  int id, ndirs = 0, nlabels = 0, nmodels = 0;
  cli_verbosity verb = CLI_NORMAL;
  cli_diag_sink sink;
  tl_report_options o;
  tl_report_options_init(&o);
  cli_args_init(&a, "report", argc, argv);
  while ((id = cli_next_opt(&a, report_opts, &val)) != CLI_ARG_END) {
    switch (id) {
      case CLI_ARG_ERROR: return CLI_EXIT_USAGE;
      case CLI_ARG_HELP:
        cli_print_command_help(stdout, cli_find_command("report"));
        return CLI_EXIT_OK;
      case CLI_ARG_OPERAND:
        if (ndirs == 2)
          return cli_usage_error(
              "report", "at most two result folders ('%s' is a third)", val);
        dirs[ndirs++] = val;
        break;
      case OPT_OUTPUT: out = val; break;
      case OPT_LANG:
        if (cli_parse_choice(&a, val, langs) < 0) return CLI_EXIT_USAGE;
        o.lang = val;
        break;
      case OPT_TITLE: o.title = val; break;
      case OPT_LABEL:
        if (nlabels == 2)
          return cli_usage_error("report", "at most two --label");
        labels[nlabels++] = val;
        break;
      case OPT_MODEL:
        if (nmodels == 2)
          return cli_usage_error("report", "at most two --model");
        models[nmodels++] = val;
        break;
      case OPT_QUIET: verb = CLI_QUIET; break;
      default: return cli_usage_error("report", "unhandled option");
    }
  }
  if (!ndirs)
    return cli_usage_error("report",
                           "which result folder? (tanlu report OUTDIR)");
  if (nlabels && nlabels != ndirs)
    return cli_usage_error(
        "report", "give one --label per result folder (%d folders, %d labels)",
        ndirs, nlabels);
  if (nmodels == 1)
    models[1] = models[0];
  else if (nmodels == 2 && ndirs == 1)
    return cli_usage_error("report", "two --model for one result folder");
  if (nlabels) o.labels = labels;
  if (nmodels) o.models = models;
  char path[4096];
  if (!out) {
    char b2[256];
    base_name(dirs[ndirs - 1], b2, sizeof b2);
    if (ndirs == 1)
      snprintf(path, sizeof path, "%s/report.html", dirs[0]);
    else
      snprintf(path, sizeof path, "%s/compare-%s.html", dirs[0], b2);
    out = path;
  }
  for (int k = 0; k < ndirs; k++) {
    struct stat sb;
    errno = 0;
    if (stat(dirs[k], &sb) || !S_ISDIR(sb.st_mode)) {
      fprintf(stderr, "tanlu report: cannot read result folder '%s': %s\n",
              dirs[k], errno ? strerror(errno) : "not a folder");
      return CLI_EXIT_INPUT;
    }
  }
  tl_ctx *ctx = cli_ctx_new(&sink, verb, "report");
  if (!ctx) return CLI_EXIT_NOMEM;
  int rc = CLI_EXIT_OK;
  tl_status st = tl_report_write(ctx, dirs, ndirs, &o, out);
  if (st != TL_OK) {
    fprintf(stderr, "tanlu report: cannot write the report '%s': %s\n", out,
            tl_status_str(st));
    rc = st == TL_ERR_IO ? CLI_EXIT_OUTPUT
                         : cli_exit_for_status(st, CLI_EXIT_INPUT);
  } else if (verb > CLI_QUIET) {
    printf("report      %s%s\n", out,
           tl_report_has_charts()
               ? ""
               : " (tables only: built without the chart library)");
  }
  cli_diag_flush(&sink);
  tl_ctx_free(ctx);
  return rc;
}

/* ---- what `tanlu run` adds -------------------------------------------------
 */

void cli_run_outputs_init(cli_run_outputs *o) {
  memset(o, 0, sizeof *o);
  o->lang = "en";
}

int cli_run_outputs_option(cli_run_outputs *o, const cli_args *a, int id,
                           const char *val) {
  switch (id) {
    case CLI_OPT_OUT_DB: o->db = val; return 1;
    case CLI_OPT_OUT_NO_STORE: o->no_store = 1; return 1;
    case CLI_OPT_OUT_NO_REPORT: o->no_report = 1; return 1;
    case CLI_OPT_OUT_LANG:
      if (cli_parse_choice(a, val, langs) < 0) return -1;
      o->lang = val;
      return 1;
    case CLI_OPT_OUT_SCENARIO:
      if (!*val) {
        cli_usage_error(a->cmd, "option '--scenario-name' needs a name");
        return -1;
      }
      o->scenario = val;
      return 1;
    default: return 0;
  }
}

int cli_run_outputs_write(tl_ctx *ctx, const tl_model *m,
                          const char *model_path, const char *outdir,
                          const cli_run_outputs *o, double *seconds) {
  char path[4096];
  double t0 = cli_now();
  int rc = CLI_EXIT_OK;
  tl_iamc_options io;
  tl_iamc_options_init(&io);
  io.scenario = o->scenario;
  snprintf(path, sizeof path, "%s/%s", outdir, TL_IAMC_FILE);
  cli_progress_stage("writing %s", path);
  tl_status st = tl_iamc_write(ctx, m, model_path, &io, outdir, path);
  cli_progress_clear();
  if (st != TL_OK) {
    fprintf(stderr, "tanlu run: cannot write '%s': %s\n", path,
            tl_status_str(st));
    rc = st == TL_ERR_IO ? CLI_EXIT_OUTPUT
                         : cli_exit_for_status(st, CLI_EXIT_OUTPUT);
  } else if (!o->no_report) {
    tl_report_options ro;
    const char *dirs[1] = {outdir};
    tl_report_options_init(&ro);
    ro.lang = o->lang;
    snprintf(path, sizeof path, "%s/report.html", outdir);
    cli_progress_stage("writing %s", path);
    st = tl_report_write(ctx, dirs, 1, &ro, path);
    cli_progress_clear();
    if (st != TL_OK) {
      fprintf(stderr, "tanlu run: cannot write '%s': %s\n", path,
              tl_status_str(st));
      rc = st == TL_ERR_IO ? CLI_EXIT_OUTPUT
                           : cli_exit_for_status(st, CLI_EXIT_OUTPUT);
    }
  }
  *seconds = cli_now() - t0;
  return rc;
}
