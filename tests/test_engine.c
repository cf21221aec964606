/* test_engine.c - the engine against independent answers: hand-sized models
 * whose optimum is worked out by hand for each equation family, the
 * reference objectives of every model in tests/models/REFERENCE.tsv (both
 * solvers, both input forms, and after conversion), and UTOPIA's result
 * tables against the reference model's, row by row. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tanlu.h"

static int failures = 0;
#define CHECK(cond, ...)                                  \
  do {                                                    \
    if (!(cond)) {                                        \
      failures++;                                         \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                       \
      fputc('\n', stderr);                                \
    }                                                     \
  } while (0)

static void print_diag(void *ud, const tl_diag *d) {
  (void)ud;
  if (d->severity < TL_WARNING) return;
  char buf[2048];
  tl_diag_format(d, buf, sizeof buf);
  fprintf(stderr, "  %s\n", buf);
}

/* Read, validate, build and solve; returns the objective or NAN. */
static double solve_path(const char *path, tl_solver solver, tl_model **keep,
                         tl_lp **keep_lp, tl_solution **keep_sol) {
  tl_ctx *ctx = tl_ctx_new();
  tl_ctx_set_diag_fn(ctx, print_diag, NULL);
  tl_model *m = NULL;
  tl_lp *lp = NULL;
  tl_solution *s = NULL;
  double obj = NAN;
  if (tl_model_read(ctx, path, &m) != TL_OK) goto done;
  if (tl_model_validate(ctx, m) != TL_OK) goto done;
  tl_build_options bo;
  tl_build_options_init(&bo);
  if (tl_lp_build(ctx, m, &bo, &lp) != TL_OK) goto done;
  tl_solve_options so;
  tl_solve_options_init(&so);
  so.solver = solver;
  if (tl_lp_solve(ctx, lp, &so, &s) != TL_OK) goto done;
  if (tl_solution_status(s) == TL_SOLVE_OPTIMAL) obj = tl_solution_objective(s);
done:
  if (keep && keep_lp && keep_sol && !isnan(obj)) {
    *keep = m;
    *keep_lp = lp;
    *keep_sol = s;
  } else {
    tl_solution_free(s);
    tl_lp_free(lp);
    tl_model_free(m);
  }
  tl_ctx_free(ctx);
  return obj;
}

static int close_rel(double a, double b, double tol) {
  return fabs(a - b) <= tol * fmax(1.0, fabs(b));
}

/* ---- hand-sized models ------------------------------------------------- */

/* A two-year, two-timeslice power system: GEN burns GAS (2 PJ per PJ of
 * electricity, capital 100/GW), GEN2 needs no fuel (capital 200/GW), IMP
 * supplies gas at 1 per PJ. Demand: 10 PJ of ELC each year, half in each
 * timeslice. Each case replaces some of these blocks. */
typedef struct block {
  const char *name;
  const char *text;
} block;

static const block base[] = {
    {"sets",
     "set REGION := R;\nset YEAR := 2020 2021;\nset TIMESLICE := D N;\n"
     "set TECHNOLOGY := GEN GEN2 IMP;\nset FUEL := ELC GAS;\n"
     "set EMISSION := CO2;\nset MODE_OF_OPERATION := 1;\nset SEASON := 1;\n"
     "set DAYTYPE := 1;\nset DAILYTIMEBRACKET := 1;\nset STORAGE := ;\n"},
    {"YearSplit", "param YearSplit : 2020 2021 :=\n D 0.5 0.5\n N 0.5 0.5;\n"},
    {"DiscountRate", "param DiscountRate default 0.05 := ;\n"},
    {"SpecifiedAnnualDemand",
     "param SpecifiedAnnualDemand default 0 := R ELC 2020 10 R ELC 2021 10;\n"},
    {"SpecifiedDemandProfile",
     "param SpecifiedDemandProfile default 0 := [R,ELC,*,*] : 2020 2021 :=\n"
     " D 0.5 0.5\n N 0.5 0.5;\n"},
    {"OutputActivityRatio",
     "param OutputActivityRatio default 0 :=\n [R,GEN,ELC,1,*] 2020 1 2021 1\n"
     " [R,GEN2,ELC,1,*] 2020 1 2021 1\n [R,IMP,GAS,1,*] 2020 1 2021 1;\n"},
    {"InputActivityRatio",
     "param InputActivityRatio default 0 := [R,GEN,GAS,1,*] 2020 2 2021 2;\n"},
    {"CapitalCost",
     "param CapitalCost default 0 := [R,GEN,*] 2020 100 2021 100\n"
     " [R,GEN2,*] 2020 200 2021 200;\n"},
    {"VariableCost", "param VariableCost default 0 := [R,IMP,1,*] 2020 1 2021 1;\n"},
    {"OperationalLife", "param OperationalLife default 1 := ;\n"},
    {NULL, NULL}};

/* Write base with the given blocks replaced or added; returns the path. */
static const char *write_case(const char *dir, const char *name,
                              const block *over) {
  static char path[512];
  snprintf(path, sizeof path, "%s/%s.txt", dir, name);
  FILE *f = fopen(path, "w");
  if (!f) return NULL;
  for (int i = 0; base[i].name; i++) {
    const char *text = base[i].text;
    for (int k = 0; over && over[k].name; k++)
      if (!strcmp(over[k].name, base[i].name)) text = over[k].text;
    fputs(text, f);
  }
  for (int k = 0; over && over[k].name; k++) {
    int found = 0;
    for (int i = 0; base[i].name; i++) found |= !strcmp(over[k].name, base[i].name);
    if (!found) fputs(over[k].text, f);
  }
  fputs("end;\n", f);
  fclose(f);
  return path;
}

static void hand_case(const char *dir, const char *name, const block *over,
                      double expect) {
  const char *path = write_case(dir, name, over);
  CHECK(path != NULL, "cannot write case %s", name);
  if (!path) return;
  double clp = solve_path(path, TL_SOLVER_CLP, NULL, NULL, NULL);
  double glpk = solve_path(path, TL_SOLVER_GLPK, NULL, NULL, NULL);
  CHECK(close_rel(clp, expect, 1e-9), "%s (clp): objective %.12g, expected %.12g", name, clp, expect);
  CHECK(close_rel(glpk, expect, 1e-9), "%s (glpk): objective %.12g, expected %.12g", name, glpk, expect);
}

static void test_hand_models(void) {
  char dir[] = "/tmp/tanlu_engine_XXXXXX";
  if (!mkdtemp(dir)) {
    CHECK(0, "mkdtemp");
    return;
  }
  const double d = 1.05, h = sqrt(1.05); /* discount, mid-year factor */
  /* gas bill for x PJ of GEN output in 2020 and y in 2021 (2 PJ gas/PJ) */
#define GAS(x, y) (2.0 * (x) / h + 2.0 * (y) / (h * d))

  /* EQ, EBa11, CAa4, CC1-2 (capital discounted to 2020), OC1 (gas): GEN
   * builds 10 GW each year (life 1), capital factor CRF*PvA = 1. */
  hand_case(dir, "base", NULL, 1000 + 1000 / d + GAS(10, 10));

  /* CAa1 life and SV3: life 2 built once in 2020, no salvage. */
  const block life2[] = {{"OperationalLife", "param OperationalLife default 1 := R GEN 2;\n"}, {NULL, NULL}};
  hand_case(dir, "life2", life2, 1000 + GAS(10, 10));

  /* SV1 salvage (DepreciationMethod 1, rate 5%): life 3 from 2020 leaves
   * 1 - (1.05^2-1)/(1.05^3-1) of it at the end, discounted over 2 years. */
  const block life3[] = {{"OperationalLife", "param OperationalLife default 1 := R GEN 3;\n"}, {NULL, NULL}};
  double sv1 = 1 - (pow(d, 2) - 1) / (pow(d, 3) - 1);
  hand_case(dir, "salvage_dm1", life3, 1000 - 1000 * sv1 / pow(d, 2) + GAS(10, 10));

  /* SV2 salvage (DepreciationMethod 2, straight line): 1/3 left. */
  const block dm2[] = {{"OperationalLife", "param OperationalLife default 1 := R GEN 3;\n"},
                       {"DepreciationMethod", "param DepreciationMethod default 2 := ;\n"},
                       {NULL, NULL}};
  hand_case(dir, "salvage_dm2", dm2, 1000 - 1000 * (1.0 / 3) / pow(d, 2) + GAS(10, 10));

  /* OC2-OC4 fixed cost 3 per GW-year on 10 GW both years, mid-year. */
  const block fixed[] = {{"OperationalLife", "param OperationalLife default 1 := R GEN 2;\n"},
                         {"FixedCost", "param FixedCost default 0 := R GEN 2020 3 R GEN 2021 3;\n"},
                         {NULL, NULL}};
  hand_case(dir, "fixed", fixed, 1000 + 30 / h + 30 / (h * d) + GAS(10, 10));

  /* CAa2 residual capacity 4 GW: only 6 GW built (life 2); fixed cost is
   * paid on all 10. */
  const block resid[] = {{"OperationalLife", "param OperationalLife default 1 := R GEN 2;\n"},
                         {"FixedCost", "param FixedCost default 0 := R GEN 2020 3 R GEN 2021 3;\n"},
                         {"ResidualCapacity", "param ResidualCapacity default 0 := R GEN 2020 4 R GEN 2021 4;\n"},
                         {NULL, NULL}};
  hand_case(dir, "residual", resid, 600 + 30 / h + 30 / (h * d) + GAS(10, 10));

  /* CAb1 availability 0.8: 12.5 GW of GEN for 10 PJ (125 per PJ beats
   * GEN2's 200). */
  const block avail[] = {{"AvailabilityFactor", "param AvailabilityFactor default 1 := R GEN 2020 0.8 R GEN 2021 0.8;\n"}, {NULL, NULL}};
  hand_case(dir, "availability", avail, 1250 + 1250 / d + GAS(10, 10));

  /* TCC1: GEN capped at 6 GW, GEN2 covers 4. The same split follows from
   * AAC2 (activity <= 6 PJ) and from E8 (1 t CO2 per PJ, limit 6). */
  double split6 = 1400 + 1400 / d + GAS(6, 6);
  const block tcc1[] = {{"TotalAnnualMaxCapacity", "param TotalAnnualMaxCapacity default -1 := R GEN 2020 6 R GEN 2021 6;\n"}, {NULL, NULL}};
  hand_case(dir, "tcc1", tcc1, split6);
  const block aac2[] = {{"TotalTechnologyAnnualActivityUpperLimit", "param TotalTechnologyAnnualActivityUpperLimit default -1 := R GEN 2020 6 R GEN 2021 6;\n"}, {NULL, NULL}};
  hand_case(dir, "aac2", aac2, split6);
  const block e8[] = {{"EmissionActivityRatio", "param EmissionActivityRatio default 0 := [R,GEN,CO2,1,*] 2020 1 2021 1;\n"},
                      {"AnnualEmissionLimit", "param AnnualEmissionLimit default -1 := R CO2 2020 6 R CO2 2021 6;\n"},
                      {NULL, NULL}};
  hand_case(dir, "e8", e8, split6);

  /* TCC2 / NCC2 / AAC3 / RE4: GEN2 must provide 3 PJ (or 3 GW). */
  double split3 = 1300 + 1300 / d + GAS(7, 7);
  const block tcc2[] = {{"TotalAnnualMinCapacity", "param TotalAnnualMinCapacity default 0 := R GEN2 2020 3 R GEN2 2021 3;\n"}, {NULL, NULL}};
  hand_case(dir, "tcc2", tcc2, split3);
  const block aac3[] = {{"TotalTechnologyAnnualActivityLowerLimit", "param TotalTechnologyAnnualActivityLowerLimit default 0 := R GEN2 2020 3 R GEN2 2021 3;\n"}, {NULL, NULL}};
  hand_case(dir, "aac3", aac3, split3);
  const block re4[] = {{"RETagTechnology", "param RETagTechnology default 0 := R GEN2 2020 1 R GEN2 2021 1;\n"},
                       {"RETagFuel", "param RETagFuel default 0 := R ELC 2020 1 R ELC 2021 1;\n"},
                       {"REMinProductionTarget", "param REMinProductionTarget default 0 := R 2020 0.3 R 2021 0.3;\n"},
                       {NULL, NULL}};
  hand_case(dir, "re4", re4, split3);
  const block ncc2[] = {{"TotalAnnualMinCapacityInvestment", "param TotalAnnualMinCapacityInvestment default 0 := R GEN2 2020 3 R GEN2 2021 3;\n"}, {NULL, NULL}};
  hand_case(dir, "ncc2", ncc2, split3);

  /* NCC1: at most 6 GW of new GEN a year. */
  const block ncc1[] = {{"TotalAnnualMaxCapacityInvestment", "param TotalAnnualMaxCapacityInvestment default -1 := R GEN 2020 6 R GEN 2021 6;\n"}, {NULL, NULL}};
  hand_case(dir, "ncc1", ncc1, split6);

  /* E9 / TAC2: 12 PJ of GEN over both years. Replacing GEN by GEN2 costs
   * (200-100)/DF - 2/DFmid per PJ, less in 2021: GEN runs 10 then 2. */
  double period12 = 1000 + GAS(10, 2) + (200 + 1600) / d;
  const block e9[] = {{"EmissionActivityRatio", "param EmissionActivityRatio default 0 := [R,GEN,CO2,1,*] 2020 1 2021 1;\n"},
                      {"ModelPeriodEmissionLimit", "param ModelPeriodEmissionLimit default -1 := R CO2 12;\n"},
                      {NULL, NULL}};
  hand_case(dir, "e9", e9, period12);
  const block tac2[] = {{"TotalTechnologyModelPeriodActivityUpperLimit", "param TotalTechnologyModelPeriodActivityUpperLimit default -1 := R GEN 12;\n"}, {NULL, NULL}};
  hand_case(dir, "tac2", tac2, period12);

  /* E3-E5 penalties: 50 per t keeps GEN (100 + 52/1.025 < 200); 150 per t
   * moves everything to GEN2. */
  const block pen50[] = {{"EmissionActivityRatio", "param EmissionActivityRatio default 0 := [R,GEN,CO2,1,*] 2020 1 2021 1;\n"},
                         {"EmissionsPenalty", "param EmissionsPenalty default 0 := R CO2 2020 50 R CO2 2021 50;\n"},
                         {NULL, NULL}};
  hand_case(dir, "penalty50", pen50, 1000 + 1000 / d + GAS(10, 10) + 500 / h + 500 / (h * d));
  const block pen150[] = {{"EmissionActivityRatio", "param EmissionActivityRatio default 0 := [R,GEN,CO2,1,*] 2020 1 2021 1;\n"},
                          {"EmissionsPenalty", "param EmissionsPenalty default 0 := R CO2 2020 150 R CO2 2021 150;\n"},
                          {NULL, NULL}};
  hand_case(dir, "penalty150", pen150, 2000 + 2000 / d);

  /* RM3 reserve margin 1.5 on ELC from GEN and GEN2: 15 GW of GEN. */
  const block rm[] = {{"ReserveMargin", "param ReserveMargin default 0 := R 2020 1.5 R 2021 1.5;\n"},
                      {"ReserveMarginTagFuel", "param ReserveMarginTagFuel default 0 := R ELC 2020 1 R ELC 2021 1;\n"},
                      {"ReserveMarginTagTechnology", "param ReserveMarginTagTechnology default 0 := R GEN 2020 1 R GEN 2021 1 R GEN2 2020 1 R GEN2 2021 1;\n"},
                      {NULL, NULL}};
  hand_case(dir, "rm3", rm, 1500 + 1500 / d + GAS(10, 10));

  /* EBb4 accumulated demand of 14 PJ in 2020 on top of the timesliced 10:
   * the annual balance needs 14 PJ, so 14 GW in 2020. */
  const block ebb4[] = {{"AccumulatedAnnualDemand", "param AccumulatedAnnualDemand default 0 := R ELC 2020 14;\n"}, {NULL, NULL}};
  hand_case(dir, "ebb4", ebb4, 1400 + 1000 / d + GAS(14, 10));

  /* CRF with its own rate: DiscountRateIdv 10%, life 2, built once:
   * CRF(10%, 2) * PvAnnuity(5%, 2). */
  double crf = (1 - 1 / 1.1) / (1 - pow(1.1, -2));
  double pva = (1 - pow(d, -2)) * d / 0.05;
  const block idv[] = {{"OperationalLife", "param OperationalLife default 1 := R GEN 2;\n"},
                       {"DiscountRateIdv", "param DiscountRateIdv := R GEN 0.1 R GEN2 0.05 R IMP 0.05;\n"},
                       {NULL, NULL}};
  hand_case(dir, "idv", idv, 1000 * crf * pva + GAS(10, 10));

  /* CAa5 (MIP): GEN comes in 3 GW units: 9 GW of GEN and 1 of GEN2 beat
   * 12 of GEN. */
  const block units[] = {{"CapacityOfOneTechnologyUnit", "param CapacityOfOneTechnologyUnit default 0 := R GEN 2020 3 R GEN 2021 3;\n"}, {NULL, NULL}};
  hand_case(dir, "units", units, 1100 + 1100 / d + GAS(9, 9));

  /* EBa10/EBa11 trade: region B (only GEN2) imports from A's GEN. */
  const block trade[] = {
      {"sets",
       "set REGION := A B;\nset YEAR := 2020 2021;\nset TIMESLICE := D N;\n"
       "set TECHNOLOGY := GEN GEN2 IMP;\nset FUEL := ELC GAS;\n"
       "set EMISSION := CO2;\nset MODE_OF_OPERATION := 1;\nset SEASON := 1;\n"
       "set DAYTYPE := 1;\nset DAILYTIMEBRACKET := 1;\nset STORAGE := ;\n"},
      {"SpecifiedAnnualDemand", "param SpecifiedAnnualDemand default 0 := A ELC 2020 10 A ELC 2021 10 B ELC 2020 10 B ELC 2021 10;\n"},
      {"SpecifiedDemandProfile", "param SpecifiedDemandProfile default 0.5 := ;\n"},
      {"OutputActivityRatio",
       "param OutputActivityRatio default 0 :=\n [A,GEN,ELC,1,*] 2020 1 2021 1\n"
       " [B,GEN2,ELC,1,*] 2020 1 2021 1\n [A,IMP,GAS,1,*] 2020 1 2021 1;\n"},
      {"InputActivityRatio", "param InputActivityRatio default 0 := [A,GEN,GAS,1,*] 2020 2 2021 2;\n"},
      {"CapitalCost", "param CapitalCost default 0 := [A,GEN,*] 2020 100 2021 100 [B,GEN2,*] 2020 200 2021 200;\n"},
      {"VariableCost", "param VariableCost default 0 := [A,IMP,1,*] 2020 1 2021 1;\n"},
      {"TradeRoute", "param TradeRoute default 0 := [A,B,ELC,*] 2020 1 2021 1 [B,A,ELC,*] 2020 1 2021 1;\n"},
      {NULL, NULL}};
  hand_case(dir, "trade", trade, 2000 + 2000 / d + GAS(20, 20));
#undef GAS
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "note: could not remove %s\n", dir);
}

/* ---- reference models -------------------------------------------------- */

static void test_reference_models(void) {
  FILE *f = fopen("tests/models/REFERENCE.tsv", "r");
  CHECK(f != NULL, "cannot open tests/models/REFERENCE.tsv");
  if (!f) return;
  char line[1024];
  int n = 0;
  char tmp[] = "/tmp/tanlu_conv_XXXXXX";
  CHECK(mkdtemp(tmp) != NULL, "mkdtemp");
  while (fgets(line, sizeof line, f)) {
    char name[256], rel[512];
    double obj;
    if (sscanf(line, "%255s %511s %lf", name, rel, &obj) != 3) continue; /* header */
    char path[700];
    snprintf(path, sizeof path, "tests/models/%s", rel);
    for (int solver = 0; solver < 2; solver++) {
      double got = solve_path(path, solver ? TL_SOLVER_GLPK : TL_SOLVER_CLP, NULL, NULL, NULL);
      CHECK(close_rel(got, obj, 1e-6), "%s with %s: objective %.10g, reference %.10g", name,
            solver ? "glpk" : "clp", got, obj);
    }
    /* convert to the other form and solve again */
    tl_ctx *ctx = tl_ctx_new();
    tl_ctx_set_diag_fn(ctx, print_diag, NULL);
    tl_model *m = NULL;
    char out[800];
    int is_dir = strstr(rel, ".txt") == NULL;
    snprintf(out, sizeof out, "%s/%s%s", tmp, name, is_dir ? ".txt" : "");
    if (tl_model_read(ctx, path, &m) == TL_OK) {
      tl_status st = is_dir ? tl_model_write_datafile(ctx, m, out) : tl_model_write_csv(ctx, m, out);
      CHECK(st == TL_OK, "%s: convert failed", name);
      double got = solve_path(out, TL_SOLVER_CLP, NULL, NULL, NULL);
      CHECK(close_rel(got, obj, 1e-6), "%s converted to %s: objective %.10g, reference %.10g",
            name, is_dir ? "a data file" : "CSV", got, obj);
    } else {
      CHECK(0, "%s: cannot read", name);
    }
    tl_model_free(m);
    tl_ctx_free(ctx);
    n++;
  }
  fclose(f);
  CHECK(n >= 11, "only %d reference models listed", n);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
  if (system(cmd) != 0) fprintf(stderr, "note: could not remove %s\n", tmp);
}

/* ---- UTOPIA's tables against the reference's --------------------------- */

typedef struct row {
  char key[256];
  double v;
  int seen;
} row;

static row *load_csv(const char *path, int *n) {
  FILE *f = fopen(path, "r");
  *n = 0;
  if (!f) return NULL;
  int cap = 256;
  row *rows = malloc((size_t)cap * sizeof *rows);
  char line[1024];
  if (!fgets(line, sizeof line, f)) {
    fclose(f);
    return rows;
  }
  while (rows && fgets(line, sizeof line, f)) {
    char *comma = strrchr(line, ',');
    if (!comma) continue;
    if (*n == cap) {
      cap *= 2;
      row *r2 = realloc(rows, (size_t)cap * sizeof *rows);
      if (!r2) break;
      rows = r2;
    }
    *comma = '\0';
    /* the reference quotes its text fields; compare without quotes */
    size_t kl = 0;
    for (const char *c = line; *c && kl + 1 < sizeof rows[*n].key; c++)
      if (*c != '"') rows[*n].key[kl++] = *c;
    rows[*n].key[kl] = '\0';
    rows[*n].v = strtod(comma + 1, NULL);
    rows[*n].seen = 0;
    (*n)++;
  }
  fclose(f);
  return rows;
}

static void test_utopia_tables(void) {
  tl_model *m = NULL;
  tl_lp *lp = NULL;
  tl_solution *s = NULL;
  double obj = solve_path("tests/models/utopia.txt", TL_SOLVER_CLP, &m, &lp, &s);
  CHECK(!isnan(obj), "UTOPIA did not solve");
  if (isnan(obj)) return;
  char dir[] = "/tmp/tanlu_utopia_XXXXXX";
  CHECK(mkdtemp(dir) != NULL, "mkdtemp");
  tl_ctx *ctx = tl_ctx_new();
  CHECK(tl_results_write(ctx, m, lp, s, dir) == TL_OK, "results_write");
  static const char *tables[] = {
      "AccumulatedNewCapacity", "AnnualEmissions", "AnnualFixedOperatingCost",
      "AnnualTechnologyEmission", "AnnualTechnologyEmissionByMode",
      "AnnualVariableOperatingCost", "CapitalInvestment", "Demand",
      "DiscountedSalvageValue", "DiscountedTechnologyEmissionsPenalty",
      "NewCapacity", "NewStorageCapacity", "NumberOfNewTechnologyUnits",
      "ProductionByTechnology", "ProductionByTechnologyAnnual", "RateOfActivity",
      "RateOfProductionByTechnology", "RateOfProductionByTechnologyByMode",
      "RateOfUseByTechnology", "RateOfUseByTechnologyByMode", "SalvageValue",
      "SalvageValueStorage", "TotalAnnualTechnologyActivityByMode",
      "TotalCapacityAnnual", "TotalDiscountedCost", "TotalTechnologyAnnualActivity",
      "TotalTechnologyModelPeriodActivity", "Trade", "UseByTechnology", NULL};
  int compared = 0;
  for (int t = 0; tables[t]; t++) {
    char a[600], b[600];
    snprintf(a, sizeof a, "tests/reference/utopia/%s.csv", tables[t]);
    snprintf(b, sizeof b, "%s/%s.csv", dir, tables[t]);
    int na, nb;
    row *ra = load_csv(a, &na), *rb = load_csv(b, &nb);
    CHECK(ra && rb, "%s: missing table", tables[t]);
    if (ra && rb) {
      for (int i = 0; i < na; i++) {
        int found = 0;
        for (int j = 0; j < nb; j++)
          if (!strcmp(ra[i].key, rb[j].key)) {
            found = 1;
            rb[j].seen = 1;
            CHECK(close_rel(rb[j].v, ra[i].v, 1e-5), "%s[%s]: %.10g, reference %.10g",
                  tables[t], ra[i].key, rb[j].v, ra[i].v);
          }
        CHECK(found || fabs(ra[i].v) < 1e-6, "%s[%s] missing (reference %.10g)", tables[t],
              ra[i].key, ra[i].v);
        compared++;
      }
      for (int j = 0; j < nb; j++)
        CHECK(rb[j].seen || fabs(rb[j].v) < 1e-6, "%s[%s] = %.10g not in the reference",
              tables[t], rb[j].key, rb[j].v);
    }
    free(ra);
    free(rb);
  }
  CHECK(compared > 5000, "only %d reference rows compared", compared);
  /* TotalDiscountedCost sums to the objective */
  char p[600];
  snprintf(p, sizeof p, "%s/TotalDiscountedCost.csv", dir);
  int n;
  row *r = load_csv(p, &n);
  double sum = 0;
  for (int i = 0; r && i < n; i++) sum += r[i].v;
  free(r);
  CHECK(close_rel(sum, 29446.86269, 1e-9), "TotalDiscountedCost sums to %.10g", sum);
  tl_ctx_free(ctx);
  tl_solution_free(s);
  tl_lp_free(lp);
  tl_model_free(m);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "note: could not remove %s\n", dir);
}

/* An emission cap 4 t below what demand needs when only GEN (1 t/PJ) can
 * serve it: the elastic diagnosis names AnnualEmissionLimit in each year
 * with 4 t of missing abatement. */
static void test_infeasible_diagnosis(void) {
  char dir[] = "/tmp/tanlu_diag_XXXXXX";
  if (!mkdtemp(dir)) return;
  const block cap[] = {
      {"CapitalCost", "param CapitalCost default 0 := [R,GEN,*] 2020 100 2021 100;\n"},
      {"OutputActivityRatio", "param OutputActivityRatio default 0 :=\n [R,GEN,ELC,1,*] 2020 1 2021 1\n [R,IMP,GAS,1,*] 2020 1 2021 1;\n"},
      {"EmissionActivityRatio", "param EmissionActivityRatio default 0 := [R,GEN,CO2,1,*] 2020 1 2021 1;\n"},
      {"AnnualEmissionLimit", "param AnnualEmissionLimit default -1 := R CO2 2020 6 R CO2 2021 6;\n"},
      {NULL, NULL}};
  const char *path = write_case(dir, "capped", cap);
  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = NULL;
  tl_lp *lp = NULL;
  tl_solution *s = NULL;
  CHECK(tl_model_read(ctx, path, &m) == TL_OK, "read capped");
  CHECK(tl_lp_build(ctx, m, NULL, &lp) == TL_OK, "build capped");
  tl_solve_options so;
  tl_solve_options_init(&so);
  if (lp && tl_lp_solve(ctx, lp, &so, &s) == TL_OK) {
    CHECK(tl_solution_status(s) == TL_SOLVE_INFEASIBLE, "capped model should be infeasible");
    tl_ctx_clear(ctx);
    CHECK(tl_lp_diagnose_infeasible(ctx, lp, &so, 10) == TL_OK, "diagnosis ran");
    int found = 0;
    for (int i = 0; i < tl_ctx_diag_count(ctx); i++) {
      const tl_diag *d = tl_ctx_diag(ctx, i);
      if (d->severity == TL_ERROR && d->param && !strcmp(d->param, "AnnualEmissionLimit") &&
          d->index && (!strcmp(d->index, "2020") || !strcmp(d->index, "2021")) && d->message &&
          strstr(d->message, "needs 4 more abatement"))
        found++;
    }
    CHECK(found == 2, "expected the diagnosis to name AnnualEmissionLimit 2020 and 2021 with 4 each (found %d)", found);
  }
  tl_solution_free(s);
  tl_lp_free(lp);
  tl_model_free(m);
  tl_ctx_free(ctx);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "note: could not remove %s\n", dir);
}

int main(void) {
  test_infeasible_diagnosis();
  test_hand_models();
  test_reference_models();
  test_utopia_tables();
  if (failures) {
    fprintf(stderr, "test_engine: %d failure(s)\n", failures);
    return 1;
  }
  printf("test_engine: ok\n");
  return 0;
}
