/* test_iamc.c - the IAMC writer (tl_iamc_write): iamc.csv read back and
 * checked against values worked out by hand on the hand-made results of
 * tests/data/outputs/iamc-mini/ (names, units, sectors, capture, removal,
 * the carbon price, the IamcMap.csv overrides and units), against the
 * result tables of a solved UTOPIA (Emissions|CO2 = the sum of
 * AnnualEmissions.csv, electricity and capacity by source = the plants'
 * rows), the file's IAMC shape (what pyam requires), and errors: a bad map,
 * results of another model, a missing folder. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/outtab.h"
#include "tanlu.h"
#include "tanlu_outputs.h"

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

#define MINI "tests/data/outputs/iamc-mini"

static void print_diag(void *ud, const tl_diag *d) {
  (void)ud;
  if (d->severity < TL_WARNING) return;
  char buf[2048];
  tl_diag_format(d, buf, sizeof buf);
  fprintf(stderr, "  %s\n", buf);
}

static int close_to(double a, double b) {
  return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(b));
}

static char tmpdir[256];

static void tmp_path(char *buf, size_t n, const char *name) {
  snprintf(buf, n, "%s/%s", tmpdir, name);
}

/* ---- reading iamc.csv back ------------------------------------------------
 */

/* Row of (region, variable), or -1. */
static long find_row(const tl_otab *t, const char *region, const char *var) {
  for (long i = 0; i < t->nrow; i++)
    if (!strcmp(tl_otab_at(t, i, 2), region) &&
        !strcmp(tl_otab_at(t, i, 3), var))
      return i;
  return -1;
}

/* Value of (region, variable, year column); NAN when empty or absent. */
static double value(const tl_otab *t, const char *region, const char *var,
                    const char *year) {
  long i = find_row(t, region, var);
  int c = tl_otab_colnum(t, year);
  double v;
  if (i < 0 || c < 0 || tl_otab_num(t, i, c, &v)) return NAN;
  return v;
}

typedef struct expect {
  const char *region, *variable, *unit;
  double y2030, y2040; /* NAN: empty */
} expect;

/* The IAMC shape pyam requires: Model,Scenario,Region,Variable,Unit and
 * year columns; one row per (model, scenario, region, variable); every
 * row complete, with a unit. */
static void check_shape(const tl_otab *t, const char *model,
                        const char *scenario) {
  static const char *const head[5] = {"Model", "Scenario", "Region", "Variable",
                                      "Unit"};
  CHECK(t->ncol > 5, "iamc.csv has %d columns", t->ncol);
  for (int k = 0; k < 5 && k < t->ncol; k++)
    CHECK(!strcmp(t->col[k], head[k]), "column %d is '%s', expected '%s'", k,
          t->col[k], head[k]);
  for (int k = 5; k < t->ncol; k++) {
    long y;
    CHECK(tl_parse_long(t->col[k], strlen(t->col[k]), 1000, 3000, &y) == 0,
          "year column '%s' is not a year", t->col[k]);
  }
  for (long i = 0; i < t->nrow; i++) {
    CHECK(!strcmp(tl_otab_at(t, i, 0), model), "row %ld: Model '%s'", i,
          tl_otab_at(t, i, 0));
    CHECK(!strcmp(tl_otab_at(t, i, 1), scenario), "row %ld: Scenario '%s'", i,
          tl_otab_at(t, i, 1));
    CHECK(*tl_otab_at(t, i, 4), "row %ld (%s): no unit", i,
          tl_otab_at(t, i, 3));
    const char *v = tl_otab_at(t, i, 3);
    CHECK(*v && !strstr(v, "||") && v[strlen(v) - 1] != '|',
          "bad variable name '%s'", v);
    for (long j = 0; j < i; j++)
      CHECK(strcmp(tl_otab_at(t, i, 2), tl_otab_at(t, j, 2)) ||
                strcmp(tl_otab_at(t, i, 3), tl_otab_at(t, j, 3)),
            "row %ld repeats %s %s", i, tl_otab_at(t, i, 2), v);
  }
}

/* ---- the hand-made case
 * ------------------------------------------------------ */

static void test_mini(tl_ctx *ctx) {
  tl_model *m = NULL;
  char out[512];
  tmp_path(out, sizeof out, "mini-iamc.csv");
  CHECK(tl_model_read(ctx, MINI "/model.txt", &m) == TL_OK,
        "read the mini model");
  if (!m) return;
  tl_iamc_options o;
  tl_iamc_options_init(&o);
  o.scenario = "hand";
  /* IamcMap.csv beside model.txt: capacity in MW, currency CNY2020 in
   * billions, SOLARFARM is Solar|PV */
  tl_status st =
      tl_iamc_write(ctx, m, MINI "/model.txt", &o, MINI "/results", out);
  CHECK(st == TL_OK, "tl_iamc_write: %s", tl_status_str(st));
  tl_otab t;
  CHECK(tl_otab_read(ctx, out, &t) == 0, "read %s back", out);
  check_shape(&t, "Tanlu " TANLU_VERSION, "hand");
  CHECK(t.ncol == 7 && !strcmp(t.col[5], "2030") && !strcmp(t.col[6], "2040"),
        "year columns of the mini model");
  /* GWP100 AR5: CH4 28, N2O 265, SF6 23500.
   * R1 2030 CO2 without LULUCF: PPCOAL 100 + PPCCS 10 (power) + STEEL 40
   *   (industry) + exogenous 1.5 (Other) = 151.5; FOREST -20 (category
   *   sink) counts in Kyoto only
   * R1 2040 CO2: 50 + 20 + 30 + DAC -5 (removal: Other) = 95; FOREST -30
   * Kyoto 2030: 151.5 - 20 + 2*28 + 0.01*265 + 0.0001*23500 = 192.5
   * Kyoto 2040: 95 - 30 + 1*28 + 0.02*265 = 98.3
   * CCS of PPCCS (reference PPCOAL, main mode 1 by activity: 0.25 CO2
   *   per 2.5 coal = 0.1 per unit coal): 2030 1000 coal -> gross 100,
   *   net 10, captured 90; 2040 1500 -> 150 - 20 = 130 (mode 2, with
   *   0.5 per 2.5, would give 190 and 280)
   * Electricity (PJ -> EJ): 2030 PPCOAL 400 + PPCCS 400 + SOLARFARM 100
   *   + WINDON 50 = 950 -> 0.95 (STO stores, not counted); 2040 1.6
   * Capacity (MW -> GW): 20 + 15 + 40 + 25 = 100 (STO left out)
   * Price|Carbon: total:CO2 in billion CNY per Mt -> x 1e9 / 1e6:
   *   0.05 -> 50, 0.2 -> 200; R2 0.01 -> 10, 2040 empty */
  static const expect ex[] = {
      /* without the land sink (category sink, -20 and -30): as
         inventories report CO2 without LULUCF; Kyoto Gases is net */
      {"R1", "Emissions|CO2", "Mt CO2/yr", 151.5, 95},
      {"R1", "Emissions|CO2|Energy", "Mt CO2/yr", 150, 100},
      {"R1", "Emissions|CO2|Energy|Supply", "Mt CO2/yr", 110, 70},
      {"R1", "Emissions|CO2|Energy|Supply|Electricity", "Mt CO2/yr", 110, 70},
      {"R1", "Emissions|CO2|Energy|Demand", "Mt CO2/yr", 40, 30},
      {"R1", "Emissions|CO2|Energy|Demand|Industry", "Mt CO2/yr", 40, 30},
      {"R1", "Emissions|CO2|Other", "Mt CO2/yr", 1.5, -5},
      {"R1", "Emissions|CH4", "Mt CH4/yr", 2, 1},
      {"R1", "Emissions|CH4|Energy|Supply|Fugitive", "Mt CH4/yr", 2, 1},
      {"R1", "Emissions|N2O", "kt N2O/yr", 10, 20},
      {"R1", "Emissions|N2O|Energy|Demand|Industry", "kt N2O/yr", 10, 20},
      {"R1", "Emissions|SF6", "kt SF6/yr", 0.1, 0},
      {"R1", "Emissions|F-Gases", "Mt CO2-equiv/yr", 2.35, 0},
      {"R1", "Emissions|Kyoto Gases", "Mt CO2-equiv/yr", 192.5, 98.3},
      {"R1", "Emissions|NOx", "Mt NO2/yr", 0.5, 0},
      {"R1", "Carbon Sequestration|CCS|Fossil", "Mt CO2/yr", 90, 130},
      {"R1", "Carbon Sequestration|CCS", "Mt CO2/yr", 90, 130},
      {"R1", "Carbon Sequestration|Land Use", "Mt CO2/yr", 20, 30},
      {"R1", "Carbon Sequestration|Direct Air Capture", "Mt CO2/yr", 0, 5},
      {"R1", "Carbon Sequestration", "Mt CO2/yr", 110, 165},
      {"R1", "Secondary Energy|Electricity", "EJ/yr", 0.95, 1.6},
      {"R1", "Secondary Energy|Electricity|Coal", "EJ/yr", 0.8, 0.8},
      {"R1", "Secondary Energy|Electricity|Coal|w/o CCS", "EJ/yr", 0.4, 0.2},
      {"R1", "Secondary Energy|Electricity|Coal|w/ CCS", "EJ/yr", 0.4, 0.6},
      {"R1", "Secondary Energy|Electricity|Solar|PV", "EJ/yr", 0.1, 0.5},
      {"R1", "Secondary Energy|Electricity|Wind", "EJ/yr", 0.05, 0.3},
      {"R1", "Capacity|Electricity", "GW", 100, 0},
      {"R1", "Capacity|Electricity|Coal|w/ CCS", "GW", 15, 0},
      {"R1", "Capacity|Electricity|Solar|PV", "GW", 40, 0},
      {"R1", "Capacity Additions|Electricity|Solar|PV", "GW/yr", 10, 0},
      {"R1", "Price|Carbon", "CNY2020/t CO2", 50, 200},
      {"R2", "Emissions|CO2", "Mt CO2/yr", 7, 0},
      {"R2", "Emissions|CO2|Energy|Supply|Electricity", "Mt CO2/yr", 7, 0},
      {"R2", "Emissions|Kyoto Gases", "Mt CO2-equiv/yr", 7, 0},
      {"R2", "Secondary Energy|Electricity|Coal|w/o CCS", "EJ/yr", 0.028, 0},
      {"R2", "Price|Carbon", "CNY2020/t CO2", 10, NAN},
  };
  for (size_t k = 0; k < sizeof ex / sizeof ex[0]; k++) {
    const expect *e = &ex[k];
    long i = find_row(&t, e->region, e->variable);
    CHECK(i >= 0, "no row %s %s", e->region, e->variable);
    if (i < 0) continue;
    CHECK(!strcmp(tl_otab_at(&t, i, 4), e->unit),
          "%s %s: unit '%s', expected '%s'", e->region, e->variable,
          tl_otab_at(&t, i, 4), e->unit);
    double a = value(&t, e->region, e->variable, "2030");
    double b = value(&t, e->region, e->variable, "2040");
    CHECK(isnan(e->y2030) ? isnan(a) : close_to(a, e->y2030),
          "%s %s 2030: %.17g, expected %g", e->region, e->variable, a,
          e->y2030);
    CHECK(isnan(e->y2040) ? isnan(b) : close_to(b, e->y2040),
          "%s %s 2040: %.17g, expected %g", e->region, e->variable, b,
          e->y2040);
  }
  /* what must not be there: storage as a source, CH4 priced as CO2, R2
   * capture */
  static const char *const absent[][2] = {
      {"R1", "Secondary Energy|Electricity|Other"},
      {"R1", "Capacity|Electricity|Other"},
      {"R2", "Carbon Sequestration"},
      {"R1", "Emissions|CO2|AFOLU"},
      {"R1", "Emissions|NOX"}};
  for (size_t k = 0; k < sizeof absent / sizeof absent[0]; k++)
    CHECK(find_row(&t, absent[k][0], absent[k][1]) < 0, "unexpected row %s %s",
          absent[k][0], absent[k][1]);
  tl_otab_free(&t);

  /* AR6 GWPs change the CO2e sums only: Kyoto 2030 = 131.5 + 2*27.9 +
   * 0.01*273 + 0.0001*25200 = 192.55 */
  o.gwp = TL_GWP_AR6;
  CHECK(tl_iamc_write(ctx, m, MINI "/model.txt", &o, MINI "/results", out) ==
            TL_OK,
        "AR6");
  CHECK(tl_otab_read(ctx, out, &t) == 0, "read AR6 back");
  CHECK(close_to(value(&t, "R1", "Emissions|Kyoto Gases", "2030"), 192.55),
        "Kyoto AR6: %.17g", value(&t, "R1", "Emissions|Kyoto Gases", "2030"));
  CHECK(close_to(value(&t, "R1", "Emissions|CO2", "2030"), 151.5),
        "CO2 under AR6");
  tl_otab_free(&t);

  /* without the map: capacity taken as GW, SOLARFARM found by name
   * (SOLAR inside the token), price in US$ per t with costs in millions */
  tl_iamc_options_init(&o);
  o.map_path = MINI "/no-such-map.csv";
  CHECK(tl_iamc_write(ctx, m, MINI "/model.txt", &o, MINI "/results", out) ==
            TL_OK,
        "no map");
  CHECK(tl_otab_read(ctx, out, &t) == 0, "read no-map back");
  CHECK(close_to(value(&t, "R1", "Capacity|Electricity", "2030"), 100000),
        "capacity in GW");
  CHECK(close_to(value(&t, "R1", "Secondary Energy|Electricity|Solar", "2030"),
                 0.1),
        "SOLARFARM is Solar by name");
  CHECK(find_row(&t, "R1", "Secondary Energy|Electricity|Solar|PV") < 0,
        "no PV without the map");
  CHECK(close_to(value(&t, "R1", "Price|Carbon", "2030"), 0.05),
        "price in millions per Mt");
  long i = find_row(&t, "R1", "Price|Carbon");
  CHECK(i >= 0 && !strcmp(tl_otab_at(&t, i, 4), "US$/t CO2"),
        "default currency");
  CHECK(find_row(&t, "R1", "Emissions|CO2") >= 0 &&
            !strcmp(tl_otab_at(&t, 0, 1), "baseline"),
        "default scenario baseline");
  tl_otab_free(&t);
  tl_model_free(m);
}

/* ---- errors
 * ------------------------------------------------------------------ */

static int has_diag(const tl_ctx *ctx, const char *file, int line,
                    const char *text) {
  for (int i = 0; i < tl_ctx_diag_count(ctx); i++) {
    const tl_diag *d = tl_ctx_diag(ctx, i);
    if (d->severity != TL_ERROR) continue;
    if (file && (!d->file || !strstr(d->file, file))) continue;
    if (line && d->line != line) continue;
    if (text && !(d->message && strstr(d->message, text)) &&
        !(d->value && strstr(d->value, text)))
      continue;
    return 1;
  }
  return 0;
}

static void test_errors(tl_ctx *ctx) {
  tl_model *m = NULL, *u = NULL;
  char out[512], map[512];
  tmp_path(out, sizeof out, "err-iamc.csv");
  tmp_path(map, sizeof map, "BadMap.csv");
  CHECK(tl_model_read(ctx, MINI "/model.txt", &m) == TL_OK, "read mini");
  FILE *f = fopen(map, "w");
  CHECK(f != NULL, "write %s", map);
  if (f) {
    fputs("KIND,NAME,VALUE\nunit,energy,PJ\ncolour,PPCOAL,black\n", f);
    fclose(f);
  }
  tl_iamc_options o;
  tl_iamc_options_init(&o);
  o.map_path = map;
  tl_ctx_clear(ctx);
  tl_status st = tl_iamc_write(ctx, m, NULL, &o, MINI "/results", out);
  CHECK(st == TL_ERR_INVALID, "a bad KIND: %s", tl_status_str(st));
  CHECK(has_diag(ctx, "BadMap.csv", 3, "colour"),
        "the error names file, line 3 and 'colour'");
  CHECK(access(out, F_OK) != 0, "nothing written on error");

  f = fopen(map, "w");
  if (f) {
    fputs("KIND,NAME,VALUE\nunit,energy,furlongs\n", f);
    fclose(f);
  }
  tl_ctx_clear(ctx);
  CHECK(tl_iamc_write(ctx, m, NULL, &o, MINI "/results", out) == TL_ERR_INVALID,
        "bad unit");
  CHECK(has_diag(ctx, "BadMap.csv", 2, "furlongs"), "the error names the unit");

  /* results of another model */
  CHECK(tl_model_read(ctx, "tests/models/utopia.txt", &u) == TL_OK,
        "read UTOPIA");
  tl_ctx_clear(ctx);
  st = tl_iamc_write(ctx, u, NULL, NULL, MINI "/results", out);
  CHECK(st == TL_ERR_INVALID, "foreign results: %s", tl_status_str(st));
  CHECK(has_diag(ctx, NULL, 0, "R1"), "the error names the member R1");
  tl_ctx_clear(ctx);
  CHECK(tl_iamc_write(ctx, m, NULL, NULL, MINI "/no-such-folder", out) ==
            TL_ERR_IO,
        "missing folder");
  CHECK(tl_iamc_write(ctx, m, NULL, NULL, MINI "/results", NULL) == TL_ERR_ARG,
        "NULL path");
  tl_ctx_clear(ctx);
  tl_model_free(m);
  tl_model_free(u);
  remove(map);
}

/* ---- UTOPIA, solved
 * ------------------------------------------------------------ */

/* Sum of VALUE over rows of table (in dir) whose columns match. */
static double sum_rows(tl_ctx *ctx, const char *dir, const char *table,
                       const char *c1, const char *v1, const char *c2,
                       const char *v2, const char *year) {
  char path[512];
  tl_otab t;
  snprintf(path, sizeof path, "%s/%s.csv", dir, table);
  if (tl_otab_read(ctx, path, &t)) return NAN;
  int k1 = tl_otab_colnum(&t, c1), k2 = c2 ? tl_otab_colnum(&t, c2) : -1;
  int ky = tl_otab_colnum(&t, "YEAR"), kv = tl_otab_colnum(&t, "VALUE");
  double s = 0, v;
  for (long i = 0; i < t.nrow; i++)
    if (!strcmp(tl_otab_at(&t, i, k1), v1) &&
        (!c2 || !strcmp(tl_otab_at(&t, i, k2), v2)) &&
        !strcmp(tl_otab_at(&t, i, ky), year) && tl_otab_num(&t, i, kv, &v) == 0)
      s += v;
  tl_otab_free(&t);
  return s;
}

static void test_utopia(tl_ctx *ctx) {
  tl_model *m = NULL;
  tl_lp *lp = NULL;
  tl_solution *sol = NULL;
  tl_build_options bo;
  tl_solve_options so;
  char dir[512], out[512];
  tmp_path(dir, sizeof dir, "utopia");
  tmp_path(out, sizeof out, "utopia/iamc.csv");
  tl_build_options_init(&bo);
  tl_solve_options_init(&so);
  CHECK(tl_model_read(ctx, "tests/models/utopia.txt", &m) == TL_OK,
        "read UTOPIA");
  CHECK(m && tl_lp_build(ctx, m, &bo, &lp) == TL_OK, "build UTOPIA");
  CHECK(lp && tl_lp_solve(ctx, lp, &so, &sol) == TL_OK, "solve UTOPIA");
  CHECK(sol && tl_solution_status(sol) == TL_SOLVE_OPTIMAL, "UTOPIA optimal");
  if (!sol || tl_solution_status(sol) != TL_SOLVE_OPTIMAL) goto done;
  CHECK(tl_results_write(ctx, m, lp, sol, dir) == TL_OK,
        "write UTOPIA results");
  tl_iamc_options o;
  tl_iamc_options_init(&o);
  o.model_label = "Tanlu test";
  o.scenario = "utopia base";
  CHECK(tl_iamc_write(ctx, m, "tests/models/utopia.txt", &o, dir, out) == TL_OK,
        "iamc");
  tl_otab t;
  CHECK(tl_otab_read(ctx, out, &t) == 0, "read UTOPIA iamc.csv");
  check_shape(&t, "Tanlu test", "utopia base");
  CHECK(t.ncol == 5 + 21 && !strcmp(t.col[5], "1990") &&
            !strcmp(t.col[25], "2010"),
        "years 1990..2010");
  int ncheck = 0;
  for (int y = 1990; y <= 2010; y++) {
    char ys[16];
    snprintf(ys, sizeof ys, "%d", y);
    /* emissions: the sums of AnnualEmissions.csv (UTOPIA's CO2 has no
     * EmissionGas: an EMISSION named CO2 is CO2; NOX is the pollutant) */
    double co2 = sum_rows(ctx, dir, "AnnualEmissions", "EMISSION", "CO2", NULL,
                          NULL, ys);
    double nox = sum_rows(ctx, dir, "AnnualEmissions", "EMISSION", "NOX", NULL,
                          NULL, ys);
    CHECK(close_to(value(&t, "UTOPIA", "Emissions|CO2", ys), co2),
          "CO2 %d: %.17g vs %.17g", y, value(&t, "UTOPIA", "Emissions|CO2", ys),
          co2);
    CHECK(close_to(value(&t, "UTOPIA", "Emissions|Kyoto Gases", ys), co2),
          "Kyoto %d", y);
    CHECK(close_to(value(&t, "UTOPIA", "Emissions|NOx", ys), nox), "NOx %d", y);
    /* electricity: E01 coal, E21 nuclear, E31 hydro, E70 diesel make ELC;
     * E51 (pumped storage) uses ELC and is no source; PJ -> EJ */
    static const char *const plants[] = {"E01", "E21", "E31", "E70"};
    double elc = 0;
    for (int k = 0; k < 4; k++)
      elc += sum_rows(ctx, dir, "ProductionByTechnologyAnnual", "TECHNOLOGY",
                      plants[k], "FUEL", "ELC", ys);
    CHECK(close_to(value(&t, "UTOPIA", "Secondary Energy|Electricity", ys),
                   elc / 1000),
          "electricity %d: %.17g vs %.17g", y,
          value(&t, "UTOPIA", "Secondary Energy|Electricity", ys), elc / 1000);
    double coal = sum_rows(ctx, dir, "ProductionByTechnologyAnnual",
                           "TECHNOLOGY", "E01", "FUEL", "ELC", ys);
    double hyd = sum_rows(ctx, dir, "ProductionByTechnologyAnnual",
                          "TECHNOLOGY", "E31", "FUEL", "ELC", ys);
    CHECK(close_to(value(&t, "UTOPIA",
                         "Secondary Energy|Electricity|Coal|w/o CCS", ys),
                   coal / 1000),
          "coal %d", y);
    CHECK(
        close_to(value(&t, "UTOPIA", "Secondary Energy|Electricity|Hydro", ys),
                 hyd / 1000),
        "hydro %d", y);
    double cap = sum_rows(ctx, dir, "TotalCapacityAnnual", "TECHNOLOGY", "E31",
                          NULL, NULL, ys);
    CHECK(close_to(value(&t, "UTOPIA", "Capacity|Electricity|Hydro", ys), cap),
          "hydro GW %d", y);
    ncheck++;
  }
  CHECK(ncheck == 21, "all years checked");
  CHECK(find_row(&t, "UTOPIA", "Price|Carbon") < 0,
        "no carbon price without roadmap tables");
  tl_otab_free(&t);
done:
  tl_solution_free(sol);
  tl_lp_free(lp);
  tl_model_free(m);
}

int main(void) {
  snprintf(tmpdir, sizeof tmpdir, "%s/tanlu-iamc.XXXXXX",
           getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(tmpdir)) {
    perror("mkdtemp");
    return 1;
  }
  tl_ctx *ctx = tl_ctx_new();
  if (!ctx) return 1;
  tl_ctx_set_diag_fn(ctx, print_diag, NULL);
  test_mini(ctx);
  test_errors(ctx);
  test_utopia(ctx);
  tl_ctx_free(ctx);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("test_iamc: all checks passed\n");
  return 0;
}
