/* test_roadmap_analysis.c - the roadmap analyses against answers worked
 * out by hand on the small models of tests/data/roadmap/ (each file says
 * what its optimum is), the phase decomposition summing to the
 * difference on every shipped model, allocation failures, and the
 * roadmap options of `tanlu run`. Every table of docs/roadmap.md is read
 * back from its CSV file. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/model.h"
#include "tanlu.h"
#include "tanlu_roadmap.h"

static int failures = 0;
#define CHECK(cond, ...)                                   \
  do {                                                     \
    if (!(cond)) {                                         \
      failures++;                                          \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                        \
      fputc('\n', stderr);                                 \
    }                                                      \
  } while (0)

#define D "tests/data/roadmap/"

static int close_to(double a, double b, double tol) {
  return fabs(a - b) <= tol * fmax(1.0, fabs(b));
}
#define NEAR(a, b, what)                                                  \
  CHECK(close_to((a), (b), 1e-9), "%s: got %.17g, expected %.17g", what, \
        (double)(a), (double)(b))

static void print_diag(void *ud, const tl_diag *d) {
  (void)ud;
  if (d->severity < TL_ERROR) return;
  char buf[2048];
  tl_diag_format(d, buf, sizeof buf);
  fprintf(stderr, "  %s\n", buf);
}

static const char *build_dir(void) {
  const char *b = getenv("BUILD");
  return b && *b ? b : "build";
}

/* ---- CSV files --------------------------------------------------------- */

typedef struct csv {
  char *text;
  char **cell; /* [nrow * ncol]; row 0 is the header */
  int ncol, nrow;
} csv;

static void csv_free(csv *c) {
  free(c->text);
  free(c->cell);
  memset(c, 0, sizeof *c);
}

/* Load a CSV without quoted fields. Returns 0 or -1. */
static int csv_load(csv *c, const char *path) {
  memset(c, 0, sizeof *c);
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  c->text = malloc((size_t)n + 1);
  if (!c->text || fread(c->text, 1, (size_t)n, f) != (size_t)n) {
    fclose(f);
    csv_free(c);
    return -1;
  }
  fclose(f);
  c->text[n] = '\0';
  int lines = 0;
  for (long i = 0; i < n; i++) lines += c->text[i] == '\n';
  c->ncol = 1;
  for (char *p = c->text; *p && *p != '\n'; p++) c->ncol += *p == ',';
  c->cell = calloc((size_t)(lines + 1) * (size_t)c->ncol, sizeof *c->cell);
  if (!c->cell) {
    csv_free(c);
    return -1;
  }
  char *p = c->text;
  while (*p && c->nrow <= lines) {
    char *end = strchr(p, '\n');
    if (end) *end = '\0';
    int k = 0;
    char *q = p;
    for (;;) {
      char *comma = strchr(q, ',');
      if (comma) *comma = '\0';
      if (k < c->ncol) c->cell[c->nrow * c->ncol + k] = q;
      k++;
      if (!comma) break;
      q = comma + 1;
    }
    c->nrow++;
    if (!end) break;
    p = end + 1;
  }
  return 0;
}

static int csv_col(const csv *c, const char *name) {
  for (int k = 0; k < c->ncol; k++)
    if (!strcmp(c->cell[k], name)) return k;
  return -1;
}

/* First data row matching spec "COL=value;COL=value", or -1. */
static int csv_find(const csv *c, const char *spec) {
  char buf[512];
  for (int r = 1; r < c->nrow; r++) {
    snprintf(buf, sizeof buf, "%s", spec);
    int ok = 1;
    for (char *s = buf; s && ok;) {
      char *semi = strchr(s, ';');
      if (semi) *semi = '\0';
      char *eq = strchr(s, '=');
      if (!eq) return -1;
      *eq = '\0';
      int k = csv_col(c, s);
      const char *v = k >= 0 ? c->cell[r * c->ncol + k] : NULL;
      if (!v || strcmp(v, eq + 1)) ok = 0;
      s = semi ? semi + 1 : NULL;
    }
    if (ok) return r;
  }
  return -1;
}

/* Text of column col in the row matching spec; NULL when none. */
static const char *csv_text(const csv *c, const char *spec, const char *col) {
  int r = csv_find(c, spec), k = csv_col(c, col);
  return r < 0 || k < 0 ? NULL : c->cell[r * c->ncol + k];
}

/* Number in column col of the row matching spec; NAN when no row or empty. */
static double csv_num(const csv *c, const char *spec, const char *col) {
  const char *t = csv_text(c, spec, col);
  if (!t || !*t) return NAN;
  return strtod(t, NULL);
}

/* Load DIR/roadmap/NAME.csv. */
static int load_table(csv *c, const char *dir, const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/roadmap/%s.csv", dir, name);
  int rc = csv_load(c, path);
  CHECK(rc == 0, "cannot read %s", path);
  return rc;
}

/* ---- running a case ------------------------------------------------------ */

typedef void (*edit_fn)(tl_model *m);

typedef struct result {
  double objective;
  tl_roadmap *rm;
  char dir[512];
} result;

/* Read, edit, validate, build, solve, write the results and the roadmap
 * into BUILD/tests/roadmap/name; keeps the handle. Returns 0, -1 (a
 * failure, reported), or 1 when the solve reached o's time limit. */
static int run_case(const char *model, const char *name, edit_fn edit,
                    const tl_roadmap_options *o, result *res) {
  tl_ctx *ctx = tl_ctx_new();
  tl_ctx_set_diag_fn(ctx, print_diag, NULL);
  tl_model *m = NULL;
  tl_lp *lp = NULL;
  tl_solution *s = NULL;
  int rc = -1;
  memset(res, 0, sizeof *res);
  snprintf(res->dir, sizeof res->dir, "%s/tests/roadmap/%s", build_dir(), name);
  if (tl_model_read(ctx, model, &m) != TL_OK) goto done;
  if (edit) edit(m);
  if (tl_model_validate(ctx, m) != TL_OK) goto done;
  if (tl_lp_build(ctx, m, &o->build, &lp) != TL_OK) goto done;
  if (tl_lp_solve(ctx, lp, &o->solve, &s) != TL_OK) goto done;
  if (tl_solution_status(s) == TL_SOLVE_LIMIT && o->solve.time_limit > 0) {
    rc = 1;
    goto done;
  }
  if (tl_solution_status(s) != TL_SOLVE_OPTIMAL) goto done;
  res->objective = tl_solution_objective(s);
  if (tl_results_write(ctx, m, lp, s, res->dir) != TL_OK) goto done;
  tl_status st = tl_roadmap_analyse(ctx, m, lp, s, o, &res->rm);
  if (st != TL_OK) goto done;
  if (tl_roadmap_write(ctx, res->rm, res->dir) != TL_OK) goto done;
  rc = 0;
done:
  CHECK(rc >= 0, "case %s (%s) did not run through", name, model);
  tl_solution_free(s);
  tl_lp_free(lp);
  tl_model_free(m);
  tl_ctx_free(ctx);
  return rc;
}

static void result_free(result *r) {
  tl_roadmap_free(r->rm);
  r->rm = NULL;
}

/* The LMDI effects of a row set "LEVEL=..;PERIOD=.." add up to its total. */
static void check_sums(const csv *c, const char *where, double tol) {
  static const char *const effects[] = {
      "efficiency", "zero_carbon_electricity", "fuel_substitution", "ccus",
      "removal",    "non_co2",                 "process_and_other"};
  char spec[256];
  double sum = 0, scale = 1;
  for (int k = 0; k < 7; k++) {
    snprintf(spec, sizeof spec, "%s;EFFECT=%s", where, effects[k]);
    double v = csv_num(c, spec, "VALUE");
    CHECK(!isnan(v), "%s: no %s row", where, effects[k]);
    sum += v;
    scale = fmax(scale, fabs(v));
  }
  snprintf(spec, sizeof spec, "%s;EFFECT=total", where);
  double total = csv_num(c, spec, "VALUE");
  snprintf(spec, sizeof spec, "%s;EFFECT=reference_emissions", where);
  double ref = csv_num(c, spec, "VALUE");
  snprintf(spec, sizeof spec, "%s;EFFECT=pathway_emissions", where);
  double path = csv_num(c, spec, "VALUE");
  scale = fmax(scale, fmax(fabs(ref), fabs(path)));
  CHECK(fabs(sum - total) <= tol * scale, "%s: effects sum to %.17g, total %.17g",
        where, sum, total);
  CHECK(fabs(ref - path - total) <= tol * scale,
        "%s: reference - pathway = %.17g, total %.17g", where, ref - path, total);
}

/* ---- the hand-computed LMDI case ------------------------------------------ */

static double logmean(double a, double b) {
  return a == b ? a : (a - b) / (log(a) - log(b));
}

/* Effects in 2030 (and 2035) of lmdi.txt, from its optimum worked out by
 * hand (see the file): embodied CO2 of electricity before capture g and
 * after n; heat uses 4.5 electricity in both runs; mobility 0.8
 * electricity + 8 oil (reference), 1.6 + 6 (pathway). */
static void lmdi_expected(double *e) {
  double gR = 0.71 / 5.3, nR = 0.485 / 5.3, gP = 0.25 / 6.6, nP = 0.025 / 6.6;
  double kR = nR / gR, kP = nP / gP;
  double LH = logmean(4.5 * gR * kR, 4.5 * gP * kP);
  double LME = logmean(0.8 * gR * kR, 1.6 * gP * kP);
  double LMO = logmean(8 * 0.07, 6 * 0.07);
  e[0] = (LME + LMO) * log(0.88 / 0.76);                        /* efficiency */
  e[1] = (LH + LME) * log(gR / gP);                              /* zero-carbon el. */
  e[2] = LME * log((0.8 / 8.8) / (1.6 / 7.6)) + LMO * log((8 / 8.8) / (6 / 7.6));
  e[3] = (LH + LME) * log(kR / kP);                              /* CCUS */
  e[4] = 1;                                                      /* DAC removes 1 */
  e[5] = (7.1 - 2.5) * 0.001 * 28;                               /* coal-mine CH4 */
  e[6] = -0.5 * 0.025 / 6.6; /* electricity used by DAC, not by a service */
}

static void test_lmdi(int jobs) {
  tl_roadmap_options o;
  tl_roadmap_options_init(&o);
  o.build.allow_precommercial = 1; /* DAC is at TRL 7 */
  o.criticality = 1;
  o.jobs = jobs;
  result r;
  char name[64];
  snprintf(name, sizeof name, "lmdi-j%d", jobs);
  if (run_case(D "lmdi.txt", name, NULL, &o, &r)) return;
  static const char *const effects[] = {
      "efficiency", "zero_carbon_electricity", "fuel_substitution", "ccus",
      "removal",    "non_co2",                 "process_and_other"};
  double e[7], total = 1.2438 - -0.485;
  lmdi_expected(e);
  csv c;
  if (load_table(&c, r.dir, "PhaseDecomposition") == 0) {
    char spec[128];
    for (int y = 2030; y <= 2035; y += 5) {
      for (int k = 0; k < 7; k++) {
        snprintf(spec, sizeof spec, "LEVEL=year;PERIOD=%d;EFFECT=%s", y, effects[k]);
        NEAR(csv_num(&c, spec, "VALUE"), e[k], spec);
      }
      snprintf(spec, sizeof spec, "LEVEL=year;PERIOD=%d;EFFECT=total", y);
      NEAR(csv_num(&c, spec, "VALUE"), total, spec);
      snprintf(spec, sizeof spec, "LEVEL=year;PERIOD=%d;EFFECT=reference_emissions", y);
      NEAR(csv_num(&c, spec, "VALUE"), 1.045 + 0.0071 * 28, spec);
      snprintf(spec, sizeof spec, "LEVEL=year;PERIOD=%d", y);
      check_sums(&c, spec, 1e-9);
    }
    CHECK(!strcmp(csv_text(&c, "LEVEL=year;PERIOD=2030;EFFECT=total", "LAST_YEAR"), "2034"),
          "2030 stands for 2030-2034");
    /* 2030 counts for 2030-2034 (five years of [2030, 2035)), 2035 for
     * one year of [2035, 2050); no model year in [2021, 2030) or 2050 on */
    for (int k = 0; k < 7; k++) {
      snprintf(spec, sizeof spec, "LEVEL=phase;PERIOD=2030-2035;EFFECT=%s", effects[k]);
      NEAR(csv_num(&c, spec, "VALUE"), 5 * e[k], spec);
      snprintf(spec, sizeof spec, "LEVEL=phase;PERIOD=2035-2050;EFFECT=%s", effects[k]);
      NEAR(csv_num(&c, spec, "VALUE"), e[k], spec);
    }
    NEAR(csv_num(&c, "LEVEL=phase;PERIOD=2030-2035;EFFECT=removal", "SHARE"),
         1 / total, "removal share");
    check_sums(&c, "LEVEL=phase;PERIOD=2030-2035", 1e-9);
    check_sums(&c, "LEVEL=phase;PERIOD=2035-2050", 1e-9);
    CHECK(csv_find(&c, "PERIOD=2021-2030") < 0 && csv_find(&c, "PERIOD=2050-2060") < 0,
          "phases without model years have no rows");
    csv_free(&c);
  }
  CHECK(tl_roadmap_phase_count(r.rm) == 4, "four phases");
  tl_roadmap_phase ph;
  CHECK(tl_roadmap_phase_get(r.rm, 0, 1, &ph) == TL_OK && ph.covered_years == 5 &&
            ph.first_year == 2030 && ph.last_year == 2034 &&
            close_to(ph.total, 5 * total, 1e-9) &&
            close_to(ph.effect[TL_EFFECT_CCUS], 5 * e[3], 1e-9),
        "phase 2030-2035 through the API");
  CHECK(tl_roadmap_phase_get(r.rm, 0, 4, &ph) == TL_ERR_ARG, "phase out of range");

  if (load_table(&c, r.dir, "Emissions") == 0) {
    NEAR(csv_num(&c, "YEAR=2030;EMISSION=CO2;CATEGORY=conventional", "VALUE"), 0.42,
         "oil CO2");
    NEAR(csv_num(&c, "YEAR=2030;EMISSION=CO2;CATEGORY=ccus", "VALUE"), 0.025, "CCS CO2");
    NEAR(csv_num(&c, "YEAR=2030;EMISSION=CO2;SECTOR=removal", "CO2E"), -1, "DAC");
    NEAR(csv_num(&c, "YEAR=2035;EMISSION=CH4;GAS=CH4", "CO2E"), 0.0025 * 28, "CH4 AR5");
    CHECK(!strcmp(csv_text(&c, "YEAR=2030;EMISSION=SO2", "CO2E"), ""),
          "a pollutant has no CO2e");
    csv_free(&c);
  }
  if (load_table(&c, r.dir, "CarbonPrice") == 0) {
    NEAR(csv_num(&c, "YEAR=2035;CONSTRAINT=EmissionsPenalty:CO2", "VALUE"), 100, "penalty");
    NEAR(csv_num(&c, "YEAR=2035;CONSTRAINT=total:CO2", "VALUE"), 100, "total");
    csv_free(&c);
  }
  /* cost premiums: prices from the duals - electricity 3 (wind), oil 2 +
   * 100 * 0.07 = 9, coal 1; embodied CO2e of electricity (0.025 + 2.5 *
   * 0.001 * 28) / 6.6; no capital costs */
  double gel = (0.025 + 2.5 * 0.028) / 6.6;
  if (load_table(&c, r.dir, "CostPremium") == 0) {
    const char *ccs = "TECHNOLOGY=PPCCS;YEAR=2030";
    NEAR(csv_num(&c, ccs, "LCOP"), 1 + 2.5 * 1, "CCS LCOP");
    NEAR(csv_num(&c, ccs, "LCOP_REFERENCE"), 2 * 1, "coal LCOP");
    NEAR(csv_num(&c, ccs, "PREMIUM_PCT"), 75, "CCS premium");
    NEAR(csv_num(&c, ccs, "ABATEMENT_PER_UNIT"), (0.2 + 2 * 0.028) - 0.095, "CCS abatement");
    NEAR(csv_num(&c, ccs, "COST_PER_CO2E"), 1.5 / 0.161, "CCS MAC");
    const char *hp = "TECHNOLOGY=HPB;YEAR=2035";
    NEAR(csv_num(&c, hp, "LCOP"), 2 + 0.25 * 3, "HPB LCOP");
    NEAR(csv_num(&c, hp, "PREMIUM_PCT"), (2.75 / 1.5 - 1) * 100, "HPB premium");
    NEAR(csv_num(&c, hp, "EMISSION_PER_UNIT"), 0.25 * gel, "HPB CO2e per unit");
    const char *ev = "TECHNOLOGY=CAREV;YEAR=2030";
    NEAR(csv_num(&c, ev, "LCOP_REFERENCE"), 9, "oil car LCOP");
    NEAR(csv_num(&c, ev, "COST_PER_CO2E"), (3.2 - 9) / (0.07 - 0.4 * gel), "EV MAC");
    CHECK(!strcmp(csv_text(&c, ev, "PRODUCT"), "MOB"), "EV product");
    csv_free(&c);
  }
  if (load_table(&c, r.dir, "MACCurve") == 0) {
    CHECK(!strcmp(csv_text(&c, "YEAR=2030;RANK=1", "TECHNOLOGY"), "CAREV") &&
              !strcmp(csv_text(&c, "YEAR=2030;RANK=2", "TECHNOLOGY"), "PPCCS") &&
              !strcmp(csv_text(&c, "YEAR=2030;RANK=3", "TECHNOLOGY"), "HPB"),
          "MAC order");
    double a_ev = 0.07 - 0.4 * gel;
    NEAR(csv_num(&c, "YEAR=2030;RANK=1", "POTENTIAL"), a_ev * (4 + 6), "EV potential");
    NEAR(csv_num(&c, "YEAR=2030;RANK=1", "DEPLOYED"), a_ev * 4, "EV deployed");
    NEAR(csv_num(&c, "YEAR=2030;RANK=2", "CUMULATIVE_POTENTIAL"), a_ev * 10 + 0.161 * 1,
         "cumulative");
    csv_free(&c);
  }
  if (load_table(&c, r.dir, "MaturityStatistics") == 0) {
    const char *s = "YEAR=2030;INDICATOR=commercial_stage";
    CHECK(csv_num(&c, s, "COUNT") == 4 && csv_num(&c, s, "TOTAL") == 5 &&
              csv_num(&c, s, "SHARE_PCT") == 80 && csv_num(&c, s, "ROADMAP_PCT") == 20,
          "4 of 5 key technologies commercial (DAC at TRL 7)");
    s = "YEAR=2035;INDICATOR=raise_product_cost";
    CHECK(csv_num(&c, s, "COUNT") == 2 && csv_num(&c, s, "TOTAL") == 3 &&
              csv_num(&c, s, "ROADMAP_PCT") == 80,
          "CCS and HPB raise cost, the EV does not");
    s = "YEAR=2035;INDICATOR=raise_cost_over_50pct";
    CHECK(csv_num(&c, s, "COUNT") == 2 && csv_num(&c, s, "TOTAL") == 2 &&
              csv_num(&c, s, "ROADMAP_PCT") == 35,
          "both by more than 50%%");
    csv_free(&c);
  }
  if (load_table(&c, r.dir, "InnovationGap") == 0) {
    CHECK(!strcmp(csv_text(&c, "TECHNOLOGY=DAC", "FLAG"), "needed_before_ready") &&
              !strcmp(csv_text(&c, "TECHNOLOGY=DAC", "READY_YEAR"), "") &&
              !strcmp(csv_text(&c, "TECHNOLOGY=DAC", "FIRST_DEPLOYED"), "2030"),
          "DAC is needed before it is ready");
    CHECK(!strcmp(csv_text(&c, "TECHNOLOGY=HPB", "FLAG"), "ready_in_time") &&
              csv_num(&c, "TECHNOLOGY=HPB", "GAP_YEARS") == 0,
          "HPB is ready in time");
    CHECK(c.nrow == 6, "five key technologies");
    csv_free(&c);
  }
  if (load_table(&c, r.dir, "Criticality") == 0) {
    /* without DAC: 1 CO2 more at 100, 5 less running cost, 0.5 less wind
     * electricity at 3 - 93.5 a year, discounted mid-year */
    double inc = 93.5 * (pow(1.05, -0.5) + pow(1.05, -5.5));
    NEAR(csv_num(&c, "TECHNOLOGY=DAC", "UNAVAILABLE_INCREASE"), inc, "DAC unavailable");
    NEAR(csv_num(&c, "TECHNOLOGY=DAC", "BASE_COST"), r.objective, "base cost");
    CHECK(!strcmp(csv_text(&c, "TECHNOLOGY=DAC", "RANK"), "5"), "DAC ranks last");
    /* the others have lower activity limits: infeasible without them */
    CHECK(!strcmp(csv_text(&c, "TECHNOLOGY=PPCCS", "UNAVAILABLE_STATUS"), "infeasible") &&
              !strcmp(csv_text(&c, "TECHNOLOGY=PPCCS", "LATE_STATUS"), "infeasible"),
          "CCS is a bottleneck");
    CHECK(c.nrow == 6, "five deployed technologies");
    csv_free(&c);
  }
  if (load_table(&c, r.dir, "CoBenefits") == 0) {
    const char *s = "YEAR=2030;INDICATOR=pollutant_avoided;ITEM=SO2";
    NEAR(csv_num(&c, s, "DIFFERENCE"), (7.1 - 2.5) * 0.01, "SO2 avoided");
    NEAR(csv_num(&c, s, "REFERENCE"), 0.071, "SO2 reference");
    NEAR(csv_num(&c, "YEAR=2035;INDICATOR=removal_uptake;ITEM=DAC", "PATHWAY"), 1, "DAC");
    csv_free(&c);
  }
  tl_roadmap_figures f;
  CHECK(tl_roadmap_figures_get(r.rm, 0, &f) == TL_OK && f.has_reference &&
            close_to(f.carbon_price_last, 100, 1e-9) &&
            close_to(f.emissions_last, -0.485, 1e-9) && !strcmp(f.region, "R"),
        "figures of the lmdi case");
  CHECK(tl_roadmap_figures_get(r.rm, 1, &f) == TL_ERR_ARG, "region out of range");
  result_free(&r);
}

/* Electricity as the service: the whole abatement is zero-carbon power. */
static void test_carrier(void) {
  tl_roadmap_options o;
  tl_roadmap_options_init(&o);
  result r;
  if (run_case(D "carrier.txt", "carrier", NULL, &o, &r)) return;
  csv c;
  if (load_table(&c, r.dir, "PhaseDecomposition") == 0) {
    const char *y = "LEVEL=year;PERIOD=2025";
    char spec[128];
    snprintf(spec, sizeof spec, "%s;EFFECT=zero_carbon_electricity", y);
    NEAR(csv_num(&c, spec, "VALUE"), 2 - 0.8, "zero-carbon electricity");
    snprintf(spec, sizeof spec, "%s;EFFECT=process_and_other", y);
    CHECK(fabs(csv_num(&c, spec, "VALUE")) < 1e-12, "nothing else");
    snprintf(spec, sizeof spec, "%s;EFFECT=efficiency", y);
    CHECK(fabs(csv_num(&c, spec, "VALUE")) < 1e-12, "no efficiency");
    check_sums(&c, y, 1e-9);
    csv_free(&c);
  }
  result_free(&r);
}

/* ---- carbon price and GWP ----------------------------------------------- */

static void test_gwp(void) {
  static const struct {
    tl_gwp gwp;
    tl_scope scope;
    const char *name;
    double ch4, price; /* CH4 emitted (0.04 per unit of A), cap price */
  } cases[] = {
      {TL_GWP_AR4, TL_SCOPE_DEFAULT, "gwp-ar4", 0.4, 0},
      {TL_GWP_AR5, TL_SCOPE_DEFAULT, "gwp-ar5", 0.04 * 0.1 / 0.07, 0.05 / 0.07},
      {TL_GWP_AR6, TL_SCOPE_DEFAULT, "gwp-ar6", 0.04 * 0.1 / (0.04 * 27.9 - 1.05),
       0.05 / (0.04 * 27.9 - 1.05)},
      {TL_GWP_AR6, TL_SCOPE_CO2, "gwp-co2", 0.4, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    tl_roadmap_options o;
    tl_roadmap_options_init(&o);
    o.build.gwp = cases[i].gwp;
    o.build.cap_scope = cases[i].scope;
    result r;
    if (run_case(D "gwp.txt", cases[i].name, NULL, &o, &r)) continue;
    csv c;
    if (load_table(&c, r.dir, "CarbonPrice") == 0) {
      NEAR(csv_num(&c, "YEAR=2020;CONSTRAINT=AnnualGHGLimit", "VALUE"), cases[i].price,
           cases[i].name);
      NEAR(csv_num(&c, "YEAR=2020;CONSTRAINT=total:CO2", "VALUE"), cases[i].price,
           cases[i].name);
      csv_free(&c);
    }
    if (load_table(&c, r.dir, "Emissions") == 0) {
      NEAR(csv_num(&c, "EMISSION=CH4", "VALUE"), cases[i].ch4, cases[i].name);
      double gwp = cases[i].gwp == TL_GWP_AR4 ? 25 : cases[i].gwp == TL_GWP_AR5 ? 28 : 27.9;
      NEAR(csv_num(&c, "EMISSION=CH4", "CO2E"), cases[i].ch4 * gwp, cases[i].name);
      csv_free(&c);
    }
    if (load_table(&c, r.dir, "Targets") == 0) {
      const char *s = cases[i].scope == TL_SCOPE_CO2 ? "INDICATOR=co2_cap_emissions"
                                                     : "INDICATOR=ghg_cap_emissions";
      CHECK(csv_num(&c, s, "TARGET") == 10.6 && csv_num(&c, s, "MET") == 1,
            "%s: the cap is met", cases[i].name);
      csv_free(&c);
    }
    tl_roadmap_figures f;
    tl_roadmap_figures_get(r.rm, 0, &f);
    NEAR(f.carbon_price_last, cases[i].price, "price in the figures");
    result_free(&r);
  }
}

static void test_e8(void) {
  static const struct {
    tl_gwp gwp;
    double gwp_ch4;
  } cases[] = {{TL_GWP_AR5, 28}, {TL_GWP_AR6, 27.9}};
  for (int i = 0; i < 2; i++) {
    tl_roadmap_options o;
    tl_roadmap_options_init(&o);
    o.build.gwp = cases[i].gwp;
    result r;
    if (run_case(D "e8.txt", i ? "e8-ar6" : "e8-ar5", NULL, &o, &r)) continue;
    csv c;
    if (load_table(&c, r.dir, "CarbonPrice") == 0) {
      double p = (3 - 1) / 0.04 / cases[i].gwp_ch4;
      NEAR(csv_num(&c, "CONSTRAINT=AnnualEmissionLimit:CH4", "VALUE"), p, "E8 price");
      NEAR(csv_num(&c, "CONSTRAINT=total:CH4", "VALUE"), p, "E8 total");
      csv_free(&c);
    }
    result_free(&r);
  }
}

/* ---- targets --------------------------------------------------------- */

static void set1(tl_model *m, tl_param_id p, double v) {
  int32_t ix[1] = {0};
  CHECK(tl_param_set(m, p, ix, v, NULL, NULL) == 0, "set %s", tl_param_defs[p].name);
}
static void targets_met(tl_model *m) {
  set1(m, TL_P_PeakYear, 2025);
  set1(m, TL_P_NetZeroYear, 2040);
}
static void targets_missed(tl_model *m) {
  set1(m, TL_P_PeakYear, 2020);
  set1(m, TL_P_NetZeroYear, 2030);
}

static void test_targets(void) {
  for (int missed = 0; missed < 2; missed++) {
    tl_roadmap_options o;
    tl_roadmap_options_init(&o);
    o.build.no_climate = missed; /* a baseline against the targets */
    result r;
    if (run_case(D "targets.txt", missed ? "targets-missed" : "targets",
                 missed ? targets_missed : targets_met, &o, &r))
      continue;
    csv c;
    if (load_table(&c, r.dir, "Targets") == 0) {
      CHECK(!strcmp(csv_text(&c, "INDICATOR=peak_year", "YEAR"), "2025") &&
                csv_num(&c, "INDICATOR=peak_year", "VALUE") == 12,
            "peak 2025 at 12");
      CHECK(!strcmp(csv_text(&c, "INDICATOR=net_zero_year", "YEAR"), "2035"), "net zero 2035");
      CHECK(csv_num(&c, "INDICATOR=peak_year", "MET") == !missed &&
                csv_num(&c, "INDICATOR=net_zero_year", "MET") == !missed,
            "targets %s", missed ? "missed" : "met");
      CHECK(csv_num(&c, "INDICATOR=peak_year", "TARGET") == (missed ? 2020 : 2025),
            "peak target");
      NEAR(csv_num(&c, "YEAR=2030;INDICATOR=net_ghg_emissions", "VALUE"), 9, "net 2030");
      NEAR(csv_num(&c, "YEAR=2040;INDICATOR=net_ghg_emissions", "VALUE"), -1, "net 2040");
      NEAR(csv_num(&c, "YEAR=2030;INDICATOR=co2_emissions_peak_basis", "VALUE"), 11,
           "sinks are not in the peak basis");
      NEAR(csv_num(&c, "YEAR=2025;INDICATOR=carbon_intensity", "VALUE"), 0.12, "CI");
      CHECK(csv_num(&c, "YEAR=2040;INDICATOR=carbon_intensity", "TARGET") == 0.05 &&
                csv_num(&c, "YEAR=2040;INDICATOR=carbon_intensity", "MET") == 1,
            "CI target met");
      NEAR(csv_num(&c, "YEAR=2035;INDICATOR=primary_energy", "VALUE"), 8, "PE");
      NEAR(csv_num(&c, "YEAR=2035;INDICATOR=energy_intensity", "VALUE"), 0.08, "EI");
      CHECK(csv_num(&c, "YEAR=2040;INDICATOR=primary_energy", "MET") == 1, "PE met");
      csv_free(&c);
    }
    if (load_table(&c, r.dir, "CoBenefits") == 0) {
      NEAR(csv_num(&c, "YEAR=2030;INDICATOR=import_dependence", "PATHWAY"), 0.5, "imports");
      CHECK(!strcmp(csv_text(&c, "YEAR=2030;INDICATOR=import_dependence", "ITEM"),
                    "primary_energy"),
            "import basis");
      NEAR(csv_num(&c, "YEAR=2035;INDICATOR=sink_uptake;ITEM=SINK", "PATHWAY"), 8, "sink");
      NEAR(csv_num(&c, "YEAR=2040;INDICATOR=sink_capacity;ITEM=SINK", "PATHWAY"), 5, "land");
      csv_free(&c);
    }
    tl_roadmap_figures f;
    tl_roadmap_figures_get(r.rm, 0, &f);
    CHECK(f.peak_year == 2025 && f.peak_value == 12 && f.netzero_year == 2035 &&
              f.peak_met == !missed && f.netzero_met == !missed &&
              f.netzero_target == (missed ? 2030 : 2040),
          "target figures");
    CHECK(isnan(f.carbon_price_last) == missed, "a baseline has no carbon price");
    if (missed)
      CHECK(tl_roadmap_table_rows(r.rm, 3) == 0 && tl_roadmap_table_notice(r.rm, 3),
            "a baseline run has no decomposition, and says so");
    result_free(&r);
  }
}

/* ---- TRL gating, innovation gap, criticality --------------------------- */

static void test_trl(void) {
  for (int allow = 0; allow < 2; allow++) {
    tl_roadmap_options o;
    tl_roadmap_options_init(&o);
    o.build.allow_precommercial = allow;
    o.criticality = !allow;
    result r;
    if (run_case(D "trl.txt", allow ? "trl-allow" : "trl", NULL, &o, &r)) continue;
    csv c;
    if (load_table(&c, r.dir, "Emissions") == 0) {
      /* OLD (1 CO2 per unit) runs until NEW may be built */
      if (!allow) NEAR(csv_num(&c, "YEAR=2025;EMISSION=CO2", "VALUE"), 10, "OLD 2025");
      CHECK(csv_find(&c, "YEAR=2030") < 0, "NEW from 2030");
      if (allow) CHECK(c.nrow == 1, "NEW from 2020 when allowed");
      csv_free(&c);
    }
    if (load_table(&c, r.dir, "InnovationGap") == 0) {
      const char *s = "TECHNOLOGY=NEW";
      CHECK(!strcmp(csv_text(&c, s, "READY_YEAR"), "2030") &&
                !strcmp(csv_text(&c, s, "FIRST_DEPLOYED"), allow ? "2020" : "2030") &&
                !strcmp(csv_text(&c, s, "WANTED_FROM"), "2020") &&
                csv_num(&c, s, "GAP_YEARS") == 10 &&
                !strcmp(csv_text(&c, s, "FLAG"), "needed_before_ready"),
            "NEW is wanted ten years before it is ready (allow %d)", allow);
      csv_free(&c);
    }
    if (!allow && load_table(&c, r.dir, "Criticality") == 0) {
      double d[6];
      for (int y = 0; y < 6; y++) d[y] = pow(1.05, -(5.0 * y + 0.5));
      /* NEW saves 1 per unit on 10 units a year; capital costs equal */
      NEAR(csv_num(&c, "TECHNOLOGY=NEW", "UNAVAILABLE_INCREASE"),
           10 * (d[2] + d[3] + d[4] + d[5]), "NEW unavailable");
      NEAR(csv_num(&c, "TECHNOLOGY=NEW", "LATE_INCREASE"), 10 * (d[2] + d[3]),
           "NEW ten years late");
      CHECK(csv_num(&c, "TECHNOLOGY=NEW", "LATE_FROM") == 2040 &&
                !strcmp(csv_text(&c, "TECHNOLOGY=NEW", "RANK"), "1"),
            "late from 2040");
      csv_free(&c);
    }
    result_free(&r);
  }
}

static void test_growth(void) {
  tl_roadmap_options o;
  tl_roadmap_options_init(&o);
  result r;
  if (run_case(D "growth.txt", "growth", NULL, &o, &r)) return;
  char path[1024];
  snprintf(path, sizeof path, "%s/NewCapacity.csv", r.dir);
  csv c;
  if (csv_load(&c, path) == 0) {
    NEAR(csv_num(&c, "TECHNOLOGY=NEW;YEAR=2020", "VALUE"), 1, "2020");
    NEAR(csv_num(&c, "TECHNOLOGY=NEW;YEAR=2021", "VALUE"), 1.5 * 1 + 1, "2021");
    NEAR(csv_num(&c, "TECHNOLOGY=NEW;YEAR=2022", "VALUE"), 1.5 * 2.5 + 1, "2022");
    NEAR(csv_num(&c, "TECHNOLOGY=NEW;YEAR=2023", "VALUE"), 10 - 1 - 2.5 - 4.75, "2023");
    csv_free(&c);
  } else {
    CHECK(0, "cannot read %s", path);
  }
  /* every table is written, with its header, even without rows */
  const char *const names[] = {"Emissions",   "Targets",     "CarbonPrice",
                               "PhaseDecomposition", "CostPremium", "MACCurve",
                               "MaturityStatistics", "InnovationGap",
                               "Criticality", "CoBenefits"};
  CHECK(tl_roadmap_table_count() == 10, "ten tables");
  for (int i = 0; i < 10; i++) {
    CHECK(!strcmp(tl_roadmap_table_name(i), names[i]), "table %d", i);
    if (load_table(&c, r.dir, names[i]) == 0) {
      CHECK(c.nrow == 1 + tl_roadmap_table_rows(r.rm, i), "%s rows", names[i]);
      csv_free(&c);
    }
  }
  CHECK(tl_roadmap_table_rows(r.rm, 0) == 0 && tl_roadmap_table_notice(r.rm, 0),
        "no EMISSION: a notice");
  result_free(&r);
}

/* ---- YearWeight ------------------------------------------------------ */

static void yw_cap(tl_model *m) {
  int32_t ix[3] = {0, 1, 0}; /* R, NEW, 2020 */
  CHECK(tl_param_set(m, TL_P_TotalAnnualMaxCapacityInvestment, ix, 1, NULL, NULL) == 0,
        "set the investment limit");
}
static double yw_limit;
static void yw_cap_e9(tl_model *m) {
  yw_cap(m);
  int32_t ix[2] = {0, 0}; /* R, CO2 */
  CHECK(tl_param_set(m, TL_P_ModelPeriodEmissionLimit, ix, yw_limit, NULL, NULL) == 0,
        "set the emission limit");
}

/* One model year of weight 5 is the same model as five annual years with
 * the same data (yw_annual.txt, the plain OSeMOSYS formulation): the same
 * objective (costs discounted year by year, salvage from 2024) and the
 * same model-period activity. Annual limits count for each of the five
 * years: an investment limit of 1 a year lets NEW add 5, OLD then makes
 * 5 a year, 25 in the period, so a model-period CO2 limit of 25 holds and
 * one of 24.9 cannot. */
static void test_yearweight(void) {
  tl_roadmap_options o;
  tl_roadmap_options_init(&o);
  result a, p;
  if (run_case(D "yw_annual.txt", "yw_annual", NULL, &o, &a)) return;
  if (run_case(D "yw_period.txt", "yw_period", NULL, &o, &p)) {
    result_free(&a);
    return;
  }
  NEAR(p.objective, a.objective, "YearWeight 5 = five annual years");
  csv ca, cp;
  if (load_table(&ca, a.dir, "../TotalTechnologyModelPeriodActivity") == 0) {
    if (load_table(&cp, p.dir, "../TotalTechnologyModelPeriodActivity") == 0) {
      NEAR(csv_num(&cp, "TECHNOLOGY=NEW", "VALUE"), csv_num(&ca, "TECHNOLOGY=NEW", "VALUE"),
           "model-period activity");
      NEAR(csv_num(&cp, "TECHNOLOGY=NEW", "VALUE"), 50, "NEW makes 10 a year for 5 years");
      csv_free(&cp);
    }
    csv_free(&ca);
  }
  result_free(&a);
  result_free(&p);
  yw_limit = 25;
  if (run_case(D "yw_period.txt", "yw_cap", yw_cap_e9, &o, &p)) return;
  char path[1024];
  csv c;
  snprintf(path, sizeof path, "%s/NewCapacity.csv", p.dir);
  if (csv_load(&c, path) == 0) {
    NEAR(csv_num(&c, "TECHNOLOGY=NEW;YEAR=2020", "VALUE"), 5, "annual limit 1 x 5 years");
    csv_free(&c);
  } else {
    CHECK(0, "cannot read %s", path);
  }
  result_free(&p);
  /* 24.9 < 25: infeasible, which run_case reports as a failure */
  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = NULL;
  tl_lp *lp = NULL;
  tl_solution *s = NULL;
  yw_limit = 24.9;
  if (tl_model_read(ctx, D "yw_period.txt", &m) == TL_OK) {
    yw_cap_e9(m);
    CHECK(tl_model_validate(ctx, m) == TL_OK &&
              tl_lp_build(ctx, m, &o.build, &lp) == TL_OK &&
              tl_lp_solve(ctx, lp, &o.solve, &s) == TL_OK &&
              tl_solution_status(s) == TL_SOLVE_INFEASIBLE,
          "model-period limit below 5 years of OLD: infeasible");
  } else {
    CHECK(0, "cannot read yw_period.txt");
  }
  tl_solution_free(s);
  tl_lp_free(lp);
  tl_model_free(m);
  tl_ctx_free(ctx);
}

static void test_lcop(void) {
  tl_roadmap_options o;
  tl_roadmap_options_init(&o);
  result r;
  if (run_case(D "lcop.txt", "lcop", NULL, &o, &r)) return;
  double crf = 0.1 / (1 - pow(1.1, -10));
  double lcop = (100 * crf + 5) / (0.5 * 0.8 * 1) + 0.5 + 1 * 3, ref = 1 + 2 * 3;
  double em = 0.1 + 0.2, em_ref = 0.5 + 2 * 0.2;
  csv c;
  if (load_table(&c, r.dir, "CostPremium") == 0) {
    const char *s = "TECHNOLOGY=NEW;YEAR=2020";
    NEAR(csv_num(&c, s, "LCOP"), lcop, "LCOP");
    NEAR(csv_num(&c, s, "LCOP_REFERENCE"), ref, "LCOP of REF");
    NEAR(csv_num(&c, s, "PREMIUM_PCT"), (lcop / ref - 1) * 100, "premium");
    NEAR(csv_num(&c, s, "EMISSION_PER_UNIT"), em, "CO2 per unit");
    NEAR(csv_num(&c, s, "EMISSION_PER_UNIT_REFERENCE"), em_ref, "CO2 per unit of REF");
    NEAR(csv_num(&c, s, "COST_PER_CO2E"), (lcop - ref) / (em_ref - em), "MAC");
    csv_free(&c);
  }
  if (load_table(&c, r.dir, "MACCurve") == 0) {
    NEAR(csv_num(&c, "TECHNOLOGY=NEW", "COST_PER_CO2E"), (lcop - ref) / (em_ref - em),
         "MAC curve");
    csv_free(&c);
  }
  if (load_table(&c, r.dir, "MaturityStatistics") == 0) {
    CHECK(csv_num(&c, "INDICATOR=raise_cost_over_50pct", "SHARE_PCT") == 100, "over 50%%");
    csv_free(&c);
  }
  result_free(&r);
}

/* ---- the decomposition adds up on every shipped model ------------------ */

/* Models under data/ (three levels deep at most): folders with a
 * REGION.csv, and .txt/.dat files that declare the REGION set. */
static void find_models(const char *dir, int depth, char paths[][1024], int *n,
                        int max) {
  char probe[1100];
  struct stat st;
  snprintf(probe, sizeof probe, "%s/REGION.csv", dir);
  if (!stat(probe, &st)) {
    if (*n < max) snprintf(paths[(*n)++], 1024, "%s", dir);
    return;
  }
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) && *n < max) {
    if (e->d_name[0] == '.') continue;
    char sub[1024];
    if ((size_t)snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name) >= sizeof sub) continue;
    if (stat(sub, &st)) continue;
    if (S_ISDIR(st.st_mode)) {
      if (depth < 3) find_models(sub, depth + 1, paths, n, max);
      continue;
    }
    size_t len = strlen(e->d_name);
    if (len < 5 || (strcmp(e->d_name + len - 4, ".txt") && strcmp(e->d_name + len - 4, ".dat")))
      continue;
    FILE *f = fopen(sub, "r");
    char buf[65536];
    size_t got = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f) fclose(f);
    buf[got] = '\0';
    for (char *p = strstr(buf, "set"); p; p = strstr(p + 3, "set")) {
      char *q = p + 3;
      if (*q != ' ' && *q != '\t') continue;
      while (*q == ' ' || *q == '\t') q++;
      if (!strncmp(q, "REGION", 6)) {
        memcpy(paths[(*n)++], sub, sizeof sub);
        break;
      }
    }
  }
  closedir(d);
}

static int shipped_models(char paths[][1024], int max) {
  int n = 0;
  find_models("data", 0, paths, &n, max);
  return n;
}

/* Caps at 90% of the baseline's CO2e from the second year, for models
 * that have no climate constraint of their own. */
static double g_cap[256];
static int g_ncap;
static void add_caps(tl_model *m) {
  if (m->params[TL_P_AnnualGHGLimit].n > 0) return;
  for (int r = 0; r < m->sets[TL_REGION].n && r < 1; r++)
    for (int y = 1; y < g_ncap && y < m->sets[TL_YEAR].n; y++) {
      int32_t ix[2] = {r, y};
      if (g_cap[y] > 0)
        tl_param_set(m, TL_P_AnnualGHGLimit, ix, 0.9 * g_cap[y], NULL, NULL);
    }
}

/* Every year and phase of a decomposition adds up. */
static void check_decomposition(const char *dir, const char *model) {
  csv c;
  if (load_table(&c, dir, "PhaseDecomposition")) return;
  int rows = 0;
  for (int k = 1; k < c.nrow; k++) {
    if (strcmp(c.cell[k * c.ncol + 5], "total")) continue;
    char spec[256];
    snprintf(spec, sizeof spec, "REGION=%s;LEVEL=%s;PERIOD=%s", c.cell[k * c.ncol],
             c.cell[k * c.ncol + 1], c.cell[k * c.ncol + 2]);
    check_sums(&c, spec, 1e-9);
    rows++;
  }
  CHECK(rows > 0, "%s: no decomposition", model);
  fprintf(stderr, "  %s: %d periods add up\n", model, rows);
  csv_free(&c);
}

/* Seconds a shipped model's solves may take (ROADMAP_TEST_TIME_LIMIT,
 * default 60, so that CI time stays bounded): a model that takes longer is
 * skipped, loudly. */
static double shipped_limit(void) {
  const char *t = getenv("ROADMAP_TEST_TIME_LIMIT");
  double v = t ? strtod(t, NULL) : 0;
  return v > 0 ? v : 60;
}

static void test_shipped(void) {
  char paths[32][1024];
  int n = shipped_models(paths, 32);
  CHECK(n > 0, "no shipped model found under data/");
  for (int i = 0; i < n; i++) {
    tl_roadmap_options o;
    tl_roadmap_options_init(&o);
    o.solve.time_limit = shipped_limit();
    result r;
    char name[64];
    snprintf(name, sizeof name, "shipped-%d-base", i);
    int rc = run_case(paths[i], name, NULL, &o, &r);
    if (rc == 0 && tl_roadmap_phase_count(r.rm) == 0 &&
        tl_roadmap_table_notice(r.rm, 3) &&
        strstr(tl_roadmap_table_notice(r.rm, 3), "ended limit"))
      rc = 1; /* the reference run reached the limit */
    if (rc == 1) {
      fprintf(stderr, "  SKIP %s: a solve takes longer than %g s "
                      "(ROADMAP_TEST_TIME_LIMIT)\n", paths[i], shipped_limit());
      result_free(&r);
      continue;
    }
    if (rc) continue;
    if (tl_roadmap_phase_count(r.rm) > 0) { /* it has climate targets */
      check_decomposition(r.dir, paths[i]);
      result_free(&r);
      continue;
    }
    csv c;
    g_ncap = 0;
    if (load_table(&c, r.dir, "Targets") == 0) {
      for (int k = 1; k < c.nrow && g_ncap < 256; k++)
        if (!strcmp(c.cell[k * c.ncol + 2], "net_ghg_emissions") &&
            !strcmp(c.cell[k * c.ncol], c.cell[1 * c.ncol]))
          g_cap[g_ncap++] = strtod(c.cell[k * c.ncol + 3], NULL);
      csv_free(&c);
    }
    result_free(&r);
    snprintf(name, sizeof name, "shipped-%d", i);
    rc = run_case(paths[i], name, add_caps, &o, &r);
    if (rc == 1) fprintf(stderr, "  SKIP %s: time limit\n", paths[i]);
    if (rc == 0) check_decomposition(r.dir, paths[i]);
    result_free(&r);
  }
}

/* ---- options, arguments and allocation failures ------------------------ */

static void test_options(void) {
  tl_roadmap_options o;
  tl_roadmap_options_init(&o);
  CHECK(o.reference == 1 && o.jobs == 2 && o.nbounds == 5 && o.bounds[0] == 2021 &&
            o.bounds[4] == 2060 && o.scale_share == 0.01 && !o.criticality,
        "option defaults");
  /* --no-reference: no decomposition, a notice */
  o.reference = 0;
  o.build.allow_precommercial = 1;
  result r;
  if (run_case(D "lmdi.txt", "no-reference", NULL, &o, &r) == 0) {
    CHECK(tl_roadmap_phase_count(r.rm) == 0 && tl_roadmap_table_rows(r.rm, 3) == 0 &&
              tl_roadmap_table_notice(r.rm, 3) != NULL,
          "no reference, no decomposition");
    csv c;
    if (load_table(&c, r.dir, "CoBenefits") == 0) {
      CHECK(!strcmp(csv_text(&c, "YEAR=2030;ITEM=SO2", "REFERENCE"), ""),
            "pollutants of the pathway only");
      csv_free(&c);
    }
    result_free(&r);
  }
  /* phase bounds given */
  tl_roadmap_options_init(&o);
  o.build.allow_precommercial = 1;
  o.nbounds = 3;
  o.bounds[0] = 2030, o.bounds[1] = 2033, o.bounds[2] = 2040;
  if (run_case(D "lmdi.txt", "bounds", NULL, &o, &r) == 0) {
    tl_roadmap_phase ph;
    /* [2030, 2033): three years of 2030; [2033, 2040]: two of 2030, 2035 */
    CHECK(tl_roadmap_phase_count(r.rm) == 2, "two phases");
    tl_roadmap_phase_get(r.rm, 0, 0, &ph);
    CHECK(ph.covered_years == 3 && close_to(ph.total, 3 * 1.7288, 1e-9), "phase 1");
    tl_roadmap_phase_get(r.rm, 0, 1, &ph);
    CHECK(ph.covered_years == 3 && ph.last_year == 2040 &&
              close_to(ph.total, 3 * 1.7288, 1e-9),
          "phase 2 (closed)");
    result_free(&r);
  }
  /* bad options and arguments */
  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = NULL;
  tl_lp *lp = NULL;
  tl_solution *s = NULL;
  tl_roadmap *rm = NULL;
  if (tl_model_read(ctx, D "gwp.txt", &m) == TL_OK &&
      tl_lp_build(ctx, m, NULL, &lp) == TL_OK && tl_lp_solve(ctx, lp, NULL, &s) == TL_OK) {
    tl_roadmap_options_init(&o);
    o.bounds[2] = 2000;
    CHECK(tl_roadmap_analyse(ctx, m, lp, s, &o, &rm) == TL_ERR_ARG && !rm,
          "decreasing bounds");
    tl_roadmap_options_init(&o);
    o.jobs = 0;
    CHECK(tl_roadmap_analyse(ctx, m, lp, s, &o, &rm) == TL_ERR_ARG, "jobs 0");
    CHECK(tl_roadmap_analyse(ctx, m, lp, NULL, NULL, &rm) == TL_ERR_ARG, "no solution");
    CHECK(tl_roadmap_analyse(ctx, m, lp, s, NULL, &rm) == TL_OK && rm, "defaults");
    tl_roadmap_free(rm);
    tl_roadmap_free(NULL);
  } else {
    CHECK(0, "gwp.txt does not solve");
  }
  tl_solution_free(s);
  tl_lp_free(lp);
  tl_model_free(m);
  tl_ctx_free(ctx);
}

/* The n-th allocation fails. */
static long g_fail_at = -1, g_count = 0;
static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if (g_fail_at >= 0 && g_count++ == g_fail_at) return NULL;
  return realloc(ptr, nsize);
}

static void test_alloc_failures(void) {
  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = NULL;
  tl_lp *lp = NULL;
  tl_solution *s = NULL;
  tl_roadmap_options o;
  tl_roadmap_options_init(&o);
  o.build.allow_precommercial = 1;
  if (tl_model_read(ctx, D "lmdi.txt", &m) != TL_OK ||
      tl_lp_build(ctx, m, &o.build, &lp) != TL_OK ||
      tl_lp_solve(ctx, lp, &o.solve, &s) != TL_OK) {
    CHECK(0, "lmdi.txt does not solve");
    goto done;
  }
  tl_set_allocator(failing_alloc, NULL);
  int ok = 0;
  long n;
  for (n = 0; n < 100000 && !ok; n++) {
    g_fail_at = n;
    g_count = 0;
    tl_ctx_clear(ctx);
    tl_roadmap *rm = NULL;
    tl_status st = tl_roadmap_analyse(ctx, m, lp, s, &o, &rm);
    if (st == TL_OK) {
      ok = g_count <= n; /* no allocation failed */
      tl_roadmap_free(rm);
      continue;
    }
    CHECK(st == TL_ERR_NOMEM && rm == NULL, "allocation %ld: status %d", n, (int)st);
  }
  g_fail_at = -1;
  tl_set_allocator(NULL, NULL);
  CHECK(ok, "the analyses never completed");
  fprintf(stderr, "  %ld allocation failures handled\n", n - 1);
done:
  tl_solution_free(s);
  tl_lp_free(lp);
  tl_model_free(m);
  tl_ctx_free(ctx);
}

/* ---- tanlu run ----------------------------------------------------------- */

static int sh(const char *cmd) {
  int rc = system(cmd);
  return rc == -1 ? -1 : (rc >> 8) & 0xff;
}

static void test_cli(void) {
  const char *tanlu = getenv("TANLU");
  if (!tanlu || !*tanlu) tanlu = "build/tanlu";
  char cmd[2048], dir[512], out[600];
  snprintf(dir, sizeof dir, "%s/tests/roadmap/cli", build_dir());
  snprintf(out, sizeof out, "%s.out", dir);
  snprintf(cmd, sizeof cmd, "%s run " D "gwp.txt --gwp AR4 -o %s > %s", tanlu, dir, out);
  CHECK(sh(cmd) == 0, "%s", cmd);
  csv c;
  if (load_table(&c, dir, "CarbonPrice") == 0) {
    CHECK(csv_num(&c, "CONSTRAINT=AnnualGHGLimit", "VALUE") == 0, "--gwp AR4: price 0");
    csv_free(&c);
  }
  snprintf(cmd, sizeof cmd, "grep -q '^roadmap ' %s && grep -q 'peak' %s", out, out);
  CHECK(sh(cmd) == 0, "the summary shows the roadmap");
  snprintf(cmd, sizeof cmd, "%s run " D "gwp.txt --gwp ar6 -q -o %s", tanlu, dir);
  CHECK(sh(cmd) == 0, "%s", cmd);
  if (load_table(&c, dir, "CarbonPrice") == 0) {
    NEAR(csv_num(&c, "CONSTRAINT=AnnualGHGLimit", "VALUE"), 0.05 / (0.04 * 27.9 - 1.05),
         "--gwp ar6");
    csv_free(&c);
  }
  snprintf(cmd, sizeof cmd, "%s run " D "gwp.txt --scope co2 -q -o %s", tanlu, dir);
  CHECK(sh(cmd) == 0, "%s", cmd);
  if (load_table(&c, dir, "Targets") == 0) {
    CHECK(csv_find(&c, "INDICATOR=co2_cap_emissions") > 0, "--scope co2");
    csv_free(&c);
  }
  snprintf(cmd, sizeof cmd,
           "%s run " D "trl.txt --criticality -j 2 --phases 2020,2030,2046 -q -o %s", tanlu,
           dir);
  CHECK(sh(cmd) == 0, "%s", cmd);
  if (load_table(&c, dir, "Criticality") == 0) {
    CHECK(c.nrow == 2, "--criticality");
    csv_free(&c);
  }
  snprintf(cmd, sizeof cmd, "%s run " D "trl.txt --allow-precommercial -q -o %s", tanlu, dir);
  CHECK(sh(cmd) == 0, "%s", cmd);
  if (load_table(&c, dir, "InnovationGap") == 0) {
    CHECK(!strcmp(csv_text(&c, "TECHNOLOGY=NEW", "FIRST_DEPLOYED"), "2020"),
          "--allow-precommercial");
    csv_free(&c);
  }
  snprintf(cmd, sizeof cmd,
           "%s run " D "lmdi.txt --allow-precommercial --no-reference "
           "--peak-scope ghg --netzero-scope co2 -q -o %s",
           tanlu, dir);
  CHECK(sh(cmd) == 0, "%s", cmd);
  if (load_table(&c, dir, "Targets") == 0) {
    CHECK(csv_find(&c, "INDICATOR=ghg_emissions_peak_basis") > 0 &&
              csv_find(&c, "INDICATOR=net_co2_emissions") > 0,
          "--peak-scope ghg --netzero-scope co2");
    csv_free(&c);
  }
  if (load_table(&c, dir, "PhaseDecomposition") == 0) {
    CHECK(c.nrow == 1, "--no-reference");
    csv_free(&c);
  }
  static const char *const bad[] = {"--gwp AR3",       "--scope all",
                                    "--phases 2030,2020", "--phases 2030",
                                    "--phases 2030,,2040", "--jobs 0",
                                    "--peak-scope",     NULL};
  for (int i = 0; bad[i]; i++) {
    snprintf(cmd, sizeof cmd, "%s run " D "gwp.txt %s -o %s 2>/dev/null", tanlu, bad[i], dir);
    CHECK(sh(cmd) == 1, "usage error for %s", bad[i]);
  }
  snprintf(cmd, sizeof cmd,
           "%s run --help | grep -q -- '--criticality' && "
           "%s help run | grep -q 'PhaseDecomposition.csv'",
           tanlu, tanlu);
  CHECK(sh(cmd) == 0, "the help documents the flags and the tables");
}

int main(void) {
  test_lmdi(2);
  test_lmdi(1);
  test_carrier();
  test_gwp();
  test_e8();
  test_targets();
  test_trl();
  test_growth();
  test_yearweight();
  test_lcop();
  test_shipped();
  test_options();
  test_alloc_failures();
  test_cli();
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("test_roadmap_analysis: all checks passed\n");
  return 0;
}
