/* cmd_park.c - `tanlu park OUTDIR`: a park model's run scored against the
 * national zero-carbon park criteria, criterion by criterion. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "tanlu_park.h"

int cli_cmd_park(int argc, char **argv);

const char cli_park_help[] =
    "Usage: tanlu park OUTDIR (--model DIR | --park FILE) [OPTIONS]\n"
    "\n"
    "Score the result folder that `tanlu run MODEL -o OUTDIR` wrote for an\n"
    "industrial-park model against the national zero-carbon park criteria\n"
    "(NDRC 2025, source S14), year by year, criterion by criterion: value,\n"
    "threshold, met or not, and the gap. Writes OUTDIR/park.csv.\n"
    "\n"
    "  energy use (tce)    the energy that crosses the park boundary and is\n"
    "                      used: the output of every technology that makes a\n"
    "                      fuel without using one (grid and green-power\n"
    "                      purchase, gas, on-site PV and wind), less any\n"
    "                      surplus of that fuel (made but not used), times\n"
    "                      tce_per_unit of the park data (data/park: every\n"
    "                      carrier at its calorific value, GB/T 2589;\n"
    "                      electricity 0.1229 kgce/kWh)\n"
    "  CO2 per tce         AnnualEmissions of the park data's emission (CO2,\n"
    "                      incl. purchased electricity at the grid factor)\n"
    "                      x co2_t_per_unit / energy use; <= 0.20 for parks\n"
    "                      of 0.2-1 Mtce/yr, <= 0.30 over 1 Mtce/yr\n"
    "  clean-energy share  clean part of that energy / energy use: a supply\n"
    "                      without CO2 counts as clean, grid electricity at\n"
    "                      its clean_fraction (non-fossil share); >= 90%\n"
    "  solid-waste reuse, waste-heat use, water reuse  stated in the park\n"
    "                      data (the LP does not model them); >= 80/50/80%\n"
    "\n"
    "GAP is the shortfall in the criterion's unit: > 0 missed by that much,\n"
    "<= 0 met with that margin. docs/park.md has the definitions.\n"
    "Exit code 0 means scored, whether the criteria are met or not; 2 a\n"
    "missing folder, result table or park data file; 3 one that does not\n"
    "parse (the message names file, line, column and value); 9 park.csv\n"
    "cannot be written.\n"
    "\n"
    "Options:\n"
    "      --model DIR     the park model that was run: reads DIR/park/park.csv\n"
    "                      and, when present, DIR/park/criteria.csv\n"
    "      --park FILE     the park data (ITEM,KEY,YEAR,VALUE,UNIT,SOURCE)\n"
    "      --criteria FILE thresholds (CRITERION,SIZE,THRESHOLD,SENSE,UNIT,\n"
    "                      SOURCE); default the S14 values built in\n"
    "      --size S        auto (default: from each year's energy use),\n"
    "                      small (0.2-1 Mtce) or large (over 1 Mtce)\n"
    "      --year Y        score year Y only (default every year; the\n"
    "                      detail block shows the last)\n"
    "  -o, --output FILE   the scorecard CSV (default OUTDIR/park.csv; - for\n"
    "                      standard output)\n"
    "  -q, --quiet         print errors only\n"
    "  -h, --help          show this help\n"
    "\n"
    "Examples:\n"
    "  tanlu run data/park -o out/park\n"
    "  tanlu park out/park --model data/park\n"
    "  tanlu park out/park --model data/park --year 2030 --size small\n"
    "  tanlu park out/park --park my/park.csv --criteria my/criteria.csv\n";

enum { OPT_MODEL = 1, OPT_PARK, OPT_CRITERIA, OPT_SIZE, OPT_YEAR, OPT_OUT,
       OPT_QUIET };

static const cli_opt park_opts[] = {{"--model", 0, 1, OPT_MODEL},
                                    {"--park", 0, 1, OPT_PARK},
                                    {"--criteria", 0, 1, OPT_CRITERIA},
                                    {"--size", 0, 1, OPT_SIZE},
                                    {"--year", 0, 1, OPT_YEAR},
                                    {"--output", 'o', 1, OPT_OUT},
                                    {"--quiet", 'q', 0, OPT_QUIET},
                                    {NULL, 0, 0, 0}};

static const char *const sizes[] = {"auto", "small", "large", NULL};

/* Column order of the yearly table (after energy use and CO2). */
static const char *const crit[5] = {"co2_per_tce", "clean_energy_share",
                                    "solid_waste_reuse", "waste_heat_use",
                                    "water_reuse"};
static const char *const crit_label[5] = {
    "CO2 per tce of energy use", "clean-energy share of supply",
    "industrial solid-waste reuse", "waste-heat use", "industrial water reuse"};

static const tl_park_row *find(const tl_park *p, int year, const char *c) {
  for (long i = 0; i < tl_park_count(p); i++) {
    const tl_park_row *r = tl_park_row_at(p, i);
    if (r->year == year && !strcmp(r->criterion, c)) return r;
  }
  return NULL;
}

static const char *verdict(const tl_park_row *r) {
  return !r || r->met < 0 ? "n/a" : r->met ? "met" : "NOT MET";
}

static void print_num(FILE *f, int width, int prec, double v) {
  if (isnan(v)) fprintf(f, " %*s", width, "-");
  else fprintf(f, " %*.*f", width, prec, v);
}

static void print_card(const tl_park *p, const char *outdir) {
  const tl_park_row *r0 = tl_park_row_at(p, 0);
  int last = 0;
  printf("park        %s (results %s)\n", r0->region, outdir);
  printf("basis       energy use = energy crossing the park boundary and "
         "used, in tce;\n            CO2 incl. purchased electricity; see "
         "`tanlu park --help`\n\n");
  printf("year  size    energy use    CO2 t   CO2/tce  clean %%  waste %%  "
         "heat %%  water %%  criteria met\n");
  for (long i = 0; i < tl_park_count(p); i++) {
    const tl_park_row *r = tl_park_row_at(p, i);
    if (strcmp(r->criterion, "energy_use")) continue;
    const tl_park_row *co2 = find(p, r->year, "co2_emissions");
    int met = 0, scored = 0;
    printf("%4d  %-6s %11.0f %9.0f", r->year, r->size, r->value,
           co2 ? co2->value : NAN);
    for (int k = 0; k < 5; k++) {
      const tl_park_row *c = find(p, r->year, crit[k]);
      print_num(stdout, k ? 7 : 8, k ? 1 : 3, c ? c->value : NAN);
      if (c && c->met >= 0) scored++, met += c->met;
    }
    printf("   %d of %d\n", met, scored);
    last = r->year;
  }
  printf("\n%d, criterion by criterion (size class %s):\n", last,
         find(p, last, "energy_use")->size);
  printf("  %-30s %10s %12s  %-8s %10s  %s\n", "criterion", "value",
         "threshold", "verdict", "gap", "source");
  for (int k = 0; k < 5; k++) {
    const tl_park_row *c = find(p, last, crit[k]);
    if (!c) continue;
    int prec = k ? 1 : 3;
    printf("  %-30s", crit_label[k]);
    print_num(stdout, 10, prec, c->value);
    printf(" %2s", c->sense > 0 ? ">=" : "<=");
    print_num(stdout, 9, prec, c->threshold);
    printf("  %-8s", verdict(c));
    print_num(stdout, 10, prec, c->gap);
    printf("  %s %s\n", c->unit, c->source);
  }
}

int cli_cmd_park(int argc, char **argv) {
  cli_args a;
  const char *val, *outdir = NULL, *model = NULL, *out = NULL;
  char parkpath[4096], critpath[4096], outpath[4096];
  int id, year = 0, rc = CLI_EXIT_OK;
  cli_verbosity verb = CLI_NORMAL;
  cli_diag_sink sink;
  tl_park_options o;
  tl_park *p = NULL;
  tl_park_options_init(&o);
  cli_args_init(&a, "park", argc, argv);
  while ((id = cli_next_opt(&a, park_opts, &val)) != CLI_ARG_END) {
    switch (id) {
      case CLI_ARG_ERROR: return CLI_EXIT_USAGE;
      case CLI_ARG_HELP:
        cli_print_command_help(stdout, cli_find_command("park"));
        return CLI_EXIT_OK;
      case CLI_ARG_OPERAND:
        if (outdir)
          return cli_usage_error("park", "one result folder only ('%s' is a "
                                 "second)", val);
        outdir = val;
        break;
      case OPT_MODEL: model = val; break;
      case OPT_PARK: o.park_file = val; break;
      case OPT_CRITERIA: o.criteria_file = val; break;
      case OPT_SIZE: {
        int k = cli_parse_choice(&a, val, sizes);
        if (k < 0) return CLI_EXIT_USAGE;
        o.size = (tl_park_size)k;
        break;
      }
      case OPT_YEAR:
        if (cli_parse_int(&a, val, 1, 9999, &year)) return CLI_EXIT_USAGE;
        o.year = year;
        break;
      case OPT_OUT: out = val; break;
      case OPT_QUIET: verb = CLI_QUIET; break;
      default: return cli_usage_error("park", "unhandled option");
    }
  }
  if (!outdir)
    return cli_usage_error("park", "which result folder? (tanlu park OUTDIR "
                           "--model DIR)");
  if (!model && !o.park_file)
    return cli_usage_error("park", "which park? give --model DIR (the model "
                           "that was run) or --park FILE");
  if (model) {
    struct stat sb;
    if (!o.park_file) {
      snprintf(parkpath, sizeof parkpath, "%s/park/park.csv", model);
      o.park_file = parkpath;
    }
    snprintf(critpath, sizeof critpath, "%s/park/criteria.csv", model);
    if (!o.criteria_file && stat(critpath, &sb) == 0) o.criteria_file = critpath;
  }
  if (!out) {
    snprintf(outpath, sizeof outpath, "%s/park.csv", outdir);
    out = outpath;
  }
  tl_ctx *ctx = cli_ctx_new(&sink, verb, "park");
  if (!ctx) return CLI_EXIT_NOMEM;
  tl_status s = tl_park_score(ctx, outdir, &o, &p);
  if (s != TL_OK) {
    fprintf(stderr, "tanlu park: cannot score '%s': %s\n", outdir,
            tl_status_str(s));
    rc = cli_exit_for_status(s, CLI_EXIT_INPUT);
    goto done;
  }
  if (verb != CLI_QUIET && strcmp(out, "-")) print_card(p, outdir);
  s = tl_park_write(ctx, p, out);
  if (s != TL_OK) {
    fprintf(stderr, "tanlu park: cannot write '%s': %s\n", out,
            tl_status_str(s));
    rc = cli_exit_for_status(s, CLI_EXIT_OUTPUT);
    goto done;
  }
  if (verb != CLI_QUIET && strcmp(out, "-")) printf("\nscorecard   %s\n", out);
done:
  cli_diag_flush(&sink);
  tl_park_free(p);
  tl_ctx_free(ctx);
  return rc;
}
