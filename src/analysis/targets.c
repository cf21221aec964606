/* targets.c - Targets.csv: the emission series on the bases of the
 * targets, the peak year and value, the net-zero year, carbon intensity,
 * primary energy and energy intensity against GDP, each against its target
 * when the model sets one. */
#include <math.h>
#include <string.h>

#include "analysis/analysis.h"

/* Met when v <= target, with a tolerance for solver round-off. */
static int met(double v, double target) {
  return v <= target + 1e-6 * fmax(1, fabs(target));
}

static void row(tl_an *a, int r, int y, const char *what, double v,
                double target) {
  const tl_model *m = a->run.m;
  tl_an_table *t = &a->rm->tab[TL_AN_TARGETS];
  tl_an_str(t, tl_an_name(m, TL_REGION, r));
  tl_an_str(t, y >= 0 ? tl_an_name(m, TL_YEAR, y) : NULL);
  tl_an_str(t, what);
  tl_an_num(t, v);
  tl_an_num(t, target);
  if (isnan(target) || isnan(v))
    tl_an_str(t, NULL);
  else
    tl_an_int(t, met(v, target));
  tl_an_endrow(t);
}

/* A target year row: YEAR the year reached (or none), TARGET the year
 * aimed at, MET 1/0 or empty. */
static void year_row(tl_an *a, int r, int y, const char *what, double v,
                     double target, int ok) {
  const tl_model *m = a->run.m;
  tl_an_table *t = &a->rm->tab[TL_AN_TARGETS];
  tl_an_str(t, tl_an_name(m, TL_REGION, r));
  tl_an_str(t, y >= 0 ? tl_an_name(m, TL_YEAR, y) : NULL);
  tl_an_str(t, what);
  tl_an_num(t, v);
  tl_an_num(t, target);
  if (ok < 0)
    tl_an_str(t, NULL);
  else
    tl_an_int(t, ok);
  tl_an_endrow(t);
}

static double primary_energy(const tl_an_run *u, int r, int y) {
  double s = 0;
  for (int t = 0; t < u->T; t++) {
    double pef = tl_pget3(u->m, TL_P_PrimaryEnergyFactor, r, t, y);
    if (pef == 0) continue;
    s += pef * tl_an_flow_total(u, 0, r, t, y);
  }
  return s;
}

static int any_given(const tl_model *m, tl_param_id p) {
  return m->params[p].n > 0 || m->params[p].defval != 0;
}

/* Peak, net zero and the series behind them for region r; P and N: [Y]
 * work arrays. */
static void peak_netzero(tl_an *a, int r, double *P, double *N) {
  const tl_an_run *u = &a->run;
  const tl_build *b = u->b;
  int Y = u->Y;
  int peak_co2 = a->o.build.peak_scope != TL_SCOPE_GHG;
  int nz_co2 = a->o.build.netzero_scope == TL_SCOPE_CO2;
  int32_t ix[1] = {r};
  double ptarget = tl_an_entry(u->m, TL_P_PeakYear, ix);
  double ztarget = tl_an_entry(u->m, TL_P_NetZeroYear, ix);
  if (ptarget == -1) ptarget = NAN;
  if (ztarget == -1) ztarget = NAN;
  double big = 0;
  for (int y = 0; y < Y; y++) {
    P[y] = tl_an_total(u, r, y, peak_co2, 1);
    N[y] = tl_an_total(u, r, y, nz_co2, 0);
    big = fmax(big, fabs(N[y]));
    row(a, r, y, peak_co2 ? "co2_emissions_peak_basis" : "ghg_emissions_peak_basis",
        P[y], NAN);
  }
  for (int y = 0; y < Y; y++)
    row(a, r, y, nz_co2 ? "net_co2_emissions" : "net_ghg_emissions", N[y],
        !isnan(ztarget) && b->yv[y] >= ztarget ? 0 : NAN);
  tl_roadmap_figures *fig = &a->rm->fig[r];
  if (Y == 0) return;
  /* peak: the first year of the highest emissions */
  int py = 0;
  for (int y = 1; y < Y; y++)
    if (P[y] > P[py] + 1e-9 * fmax(1, fabs(P[py]))) py = y;
  int pok = -1;
  if (!isnan(ptarget)) {
    pok = 1;
    for (int y = 1; y < Y; y++)
      if (b->yv[y - 1] >= ptarget && !met(P[y], P[y - 1])) pok = 0;
  }
  year_row(a, r, py, "peak_year", P[py], ptarget, pok);
  fig->peak_year = (int)b->yv[py];
  fig->peak_value = P[py];
  fig->peak_target = isnan(ptarget) ? 0 : (int)ptarget;
  fig->peak_met = pok;
  /* net zero: the first year from which emissions stay <= 0 */
  double tol = 1e-6 * fmax(1, big);
  int zy = -1;
  for (int y = Y - 1; y >= 0 && N[y] <= tol; y--) zy = y;
  int zok = -1;
  if (!isnan(ztarget)) {
    if (zy >= 0)
      zok = b->yv[zy] <= ztarget;
    else if (ztarget <= b->yv[Y - 1])
      zok = 0;
  }
  year_row(a, r, zy, "net_zero_year", zy >= 0 ? N[zy] : NAN, ztarget, zok);
  fig->netzero_year = zy >= 0 ? (int)b->yv[zy] : 0;
  fig->netzero_target = isnan(ztarget) ? 0 : (int)ztarget;
  fig->netzero_met = zok;
  fig->emissions_first = tl_an_total(u, r, 0, 0, 0);
  fig->emissions_last = tl_an_total(u, r, Y - 1, 0, 0);
}

int tl_an_targets(tl_an *a) {
  const tl_an_run *u = &a->run;
  const tl_model *m = u->m;
  int R = u->R, Y = u->Y;
  int cap_co2 = a->o.build.cap_scope == TL_SCOPE_CO2;
  double *P = tl_malloc((size_t)(Y ? Y : 1) * sizeof *P);
  double *N = tl_malloc((size_t)(Y ? Y : 1) * sizeof *N);
  if (!P || !N) {
    tl_free(P, (size_t)(Y ? Y : 1) * sizeof *P);
    tl_free(N, (size_t)(Y ? Y : 1) * sizeof *N);
    return -1;
  }
  int gdp = any_given(m, TL_P_GDP);
  int pef = any_given(m, TL_P_PrimaryEnergyFactor);
  if (u->E == 0)
    tl_an_notice(a, TL_AN_TARGETS, "the model has no EMISSION: emission "
                                   "rows are zero");
  if (!gdp)
    tl_an_notice(a, TL_AN_TARGETS,
                 "no GDP: carbon and energy intensity are not computed");
  if (!pef)
    tl_an_notice(a, TL_AN_TARGETS,
                 "no PrimaryEnergyFactor: primary energy and energy "
                 "intensity are not computed");
  for (int r = 0; r < R; r++) {
    peak_netzero(a, r, P, N);
    for (int y = 0; y < Y; y++) {
      int32_t ix[2] = {r, y};
      double cap = tl_an_entry(m, TL_P_AnnualGHGLimit, ix);
      if (!isnan(cap))
        row(a, r, y, cap_co2 ? "co2_cap_emissions" : "ghg_cap_emissions",
            tl_an_total(u, r, y, cap_co2, 0), cap);
      double g = tl_pget2(m, TL_P_GDP, r, y);
      if (gdp && g > 0) {
        double ci = tl_an_entry(m, TL_P_CarbonIntensityLimit, ix);
        row(a, r, y, "carbon_intensity", tl_an_total(u, r, y, 1, 1) / g,
            ci == -1 ? NAN : ci);
      }
      if (pef) {
        double pe = primary_energy(u, r, y);
        double lim = tl_an_entry(m, TL_P_EnergyConsumptionLimit, ix);
        row(a, r, y, "primary_energy", pe, lim == -1 ? NAN : lim);
        if (gdp && g > 0) {
          double ei = tl_an_entry(m, TL_P_EnergyIntensityLimit, ix);
          row(a, r, y, "energy_intensity", pe / g, ei == -1 ? NAN : ei);
        }
      }
    }
  }
  tl_free(P, (size_t)(Y ? Y : 1) * sizeof *P);
  tl_free(N, (size_t)(Y ? Y : 1) * sizeof *N);
  return 0;
}
