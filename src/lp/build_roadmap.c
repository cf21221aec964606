/* build_roadmap.c - the roadmap constraints Tanlu adds to OSeMOSYS: a cap on
 * net CO2e over all gases (AnnualGHGLimit), carbon intensity against GDP,
 * energy dual control (primary energy total and intensity), the carbon peak
 * (CO2 non-increasing from PeakYear on), neutrality (net CO2e <= 0 from
 * NetZeroYear on) and TIMES-style growth limits on new capacity.
 *
 * Bases: the peak and carbon intensity count CO2 without sinks (technologies
 * of category "sink"), as China's NDC states them; the cap and neutrality
 * count net CO2e of all gases with sinks and removals. --peak-scope ghg
 * switches the peak to CO2e of all gases (still without sinks);
 * --netzero-scope co2 and --scope co2 restrict neutrality and the cap to
 * CO2 (with sinks). */
#include <math.h>
#include <string.h>

#include "lp/build.h"

#define TRY(x) \
  do {         \
    if ((x) < 0) goto oom; \
  } while (0)

int tl_build_negative_ok(const tl_build *b, int t) {
  int c = b->ri.category[t];
  return c == TL_CAT_SINK || c == TL_CAT_REMOVAL;
}

double tl_build_weight(const tl_build *b, int e, int co2) {
  return co2 ? (b->ri.is_co2[e] ? 1.0 : 0.0) : b->ri.gwp[e];
}

/* Value of a roadmap parameter with "entries only" semantics: NAN when the
 * tuple has no row and no default was declared. */
static double entry(const tl_model *m, tl_param_id pid, const int32_t *idx) {
  const tl_param *p = &m->params[pid];
  if (p->n) {
    uint64_t key = 0;
    for (int k = 0; k < p->def->nidx; k++) key += (uint64_t)idx[k] * p->mult[k];
    int e = tl_u64map_get(&p->map, key);
    if (e >= 0) return p->val[e];
  }
  return p->has_defval ? p->defval : NAN;
}

/* Add coef * (emissions of year y in region r, weighted) to row i; the
 * exogenous part is returned through *exo (same weights). */
static int add_emissions(tl_build *b, tl_lp *lp, int i, int r, int y, int co2,
                         int no_sinks, double coef, double *exo) {
  int T = b->T, Y = b->Y, L = b->L;
  for (int t = 0; t < T; t++) {
    if (no_sinks && b->ri.category[t] == TL_CAT_SINK) continue;
    size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
    for (int64_t k = b->ear.start[q]; k < b->ear.start[q + 1]; k++) {
      double w = tl_build_weight(b, b->ear.k[k], co2) * b->ear.v[k] * coef;
      if (w == 0) continue;
      for (int l = 0; l < L; l++)
        TRY(tl_lp_add_nz(lp, i, tl_build_act(b, r, l, t, b->ear.m[k], y),
                         w * b->ys[l * Y + y]));
    }
  }
  double x = 0;
  for (int e = 0; e < b->E; e++)
    x += tl_build_weight(b, e, co2) *
         tl_pget3(b->m, TL_P_AnnualExogenousEmission, r, e, y);
  *exo += coef * x;
  return 0;
oom:
  return -1;
}

/* Primary energy of (r,y) times coef into row i. */
static int add_primary(tl_build *b, tl_lp *lp, int i, int r, int y,
                       double coef) {
  int T = b->T, Y = b->Y, L = b->L;
  for (int t = 0; t < T; t++) {
    double pef = tl_pget3(b->m, TL_P_PrimaryEnergyFactor, r, t, y) * coef;
    if (pef == 0) continue;
    size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
    for (int64_t k = b->oar.start[q]; k < b->oar.start[q + 1]; k++)
      for (int l = 0; l < L; l++)
        TRY(tl_lp_add_nz(lp, i, tl_build_act(b, r, l, t, b->oar.m[k], y),
                         pef * b->oar.v[k] * b->ys[l * Y + y]));
  }
  return 0;
oom:
  return -1;
}

static int climate_rows(tl_build *b, tl_lp *lp, int r, int y) {
  const tl_model *m = b->m;
  int Y = b->Y;
  int32_t ix[2] = {r, y};
  double exo;
  double cap = entry(m, TL_P_AnnualGHGLimit, ix);
  if (!isnan(cap)) {
    exo = 0;
    int i = tl_lp_add_row(lp, TL_R_GHG, ix, -TL_INF, 0);
    TRY(i);
    TRY(add_emissions(b, lp, i, r, y, b->opt.cap_scope == TL_SCOPE_CO2, 0, 1, &exo));
    lp->rowub[i] = cap - exo;
    b->ghg_row[r * Y + y] = i;
  }
  double ci = entry(m, TL_P_CarbonIntensityLimit, ix);
  if (!isnan(ci) && ci != -1) {
    exo = 0;
    int i = tl_lp_add_row(lp, TL_R_CI, ix, -TL_INF, 0);
    TRY(i);
    TRY(add_emissions(b, lp, i, r, y, 1, 1, 1, &exo));
    lp->rowub[i] = ci * tl_pget2(m, TL_P_GDP, r, y) - exo;
    b->ci_row[r * Y + y] = i;
  }
  /* peak: emissions of y (from the peak year on) do not exceed those of
   * the model year before */
  double peak = entry(m, TL_P_PeakYear, ix);
  if (!isnan(peak) && peak != -1 && y > 0 && b->yv[y - 1] >= peak) {
    int co2 = b->opt.peak_scope != TL_SCOPE_GHG;
    exo = 0;
    int i = tl_lp_add_row(lp, TL_R_PK, ix, -TL_INF, 0);
    TRY(i);
    TRY(add_emissions(b, lp, i, r, y, co2, 1, 1, &exo));
    TRY(add_emissions(b, lp, i, r, y - 1, co2, 1, -1, &exo));
    lp->rowub[i] = -exo;
    b->pk_row[r * Y + y] = i;
  }
  double nz = entry(m, TL_P_NetZeroYear, ix);
  if (!isnan(nz) && nz != -1 && b->yv[y] >= nz) {
    exo = 0;
    int i = tl_lp_add_row(lp, TL_R_NZ, ix, -TL_INF, 0);
    TRY(i);
    TRY(add_emissions(b, lp, i, r, y, b->opt.netzero_scope == TL_SCOPE_CO2, 0, 1, &exo));
    lp->rowub[i] = -exo;
    b->nz_row[r * Y + y] = i;
  }
  return 0;
oom:
  return -1;
}

static int energy_rows(tl_build *b, tl_lp *lp, int r, int y) {
  const tl_model *m = b->m;
  int32_t ix[2] = {r, y};
  double lim = entry(m, TL_P_EnergyConsumptionLimit, ix);
  if (!isnan(lim) && lim != -1) {
    int i = tl_lp_add_row(lp, TL_R_PE1, ix, -TL_INF, lim);
    TRY(i);
    TRY(add_primary(b, lp, i, r, y, 1));
  }
  double in = entry(m, TL_P_EnergyIntensityLimit, ix);
  if (!isnan(in) && in != -1) {
    int i = tl_lp_add_row(lp, TL_R_PE2, ix, -TL_INF,
                          in * tl_pget2(m, TL_P_GDP, r, y));
    TRY(i);
    TRY(add_primary(b, lp, i, r, y, 1));
  }
  return 0;
oom:
  return -1;
}

/* NewCapacity[y] <= (1+rate)^(y - yprev) * NewCapacity[yprev] + seed, from
 * the second model year on; with YearWeight w, on the annual build rates
 * NewCapacity[y] / w[y]. */
static int growth_rows(tl_build *b, tl_lp *lp, int r) {
  const tl_model *m = b->m;
  for (int t = 0; t < b->T; t++) {
    int32_t ix2[2] = {r, t};
    double rate = entry(m, TL_P_MaxCapacityGrowthRate, ix2);
    if (isnan(rate) || rate == -1) continue;
    double seed = tl_pget2(m, TL_P_CapacityGrowthSeed, r, t);
    for (int y = 1; y < b->Y; y++) {
      int32_t ix3[3] = {r, t, y};
      double w = b->yw[y], wp = b->yw[y - 1];
      int i = tl_lp_add_row(lp, TL_R_GR, ix3, -TL_INF, seed * w);
      TRY(i);
      TRY(tl_lp_add_nz(lp, i, tl_build_newcap(b, r, t, y), 1));
      TRY(tl_lp_add_nz(lp, i, tl_build_newcap(b, r, t, y - 1),
                       -pow(1 + rate, b->yv[y] - b->yv[y - 1]) * w / wp));
    }
  }
  return 0;
oom:
  return -1;
}

int tl_build_roadmap_rows(tl_build *b, tl_lp *lp) {
  for (int q = 0; q < b->R * b->Y; q++)
    b->ghg_row[q] = b->ci_row[q] = b->pk_row[q] = b->nz_row[q] = -1;
  for (int r = 0; r < b->R; r++) {
    for (int y = 0; y < b->Y; y++) {
      if (!b->opt.no_climate && climate_rows(b, lp, r, y)) return -1;
      if (energy_rows(b, lp, r, y)) return -1;
    }
    if (growth_rows(b, lp, r)) return -1;
  }
  return 0;
}
