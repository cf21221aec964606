/* carbon_price.c - CarbonPrice.csv: the shadow price of every emission
 * constraint by region and year from the solver's duals, undiscounted to
 * money of that year with OSeMOSYS' mid-year factor (1+r)^(y-y0+0.5), per
 * unit CO2e; the emission penalties; and per emission the total marginal
 * cost of emitting one more unit CO2e in that year. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"

static double clean(double v) { return fabs(v) < 1e-9 ? 0 : v; }

static void row(tl_an *a, int r, int y, const char *what, const char *em,
                double v) {
  const tl_model *m = a->run.m;
  tl_an_table *t = &a->rm->tab[TL_AN_CARBON_PRICE];
  char name[512];
  if (em)
    snprintf(name, sizeof name, "%s:%s", what, em);
  else
    snprintf(name, sizeof name, "%s", what);
  tl_an_str(t, tl_an_name(m, TL_REGION, r));
  tl_an_str(t, tl_an_name(m, TL_YEAR, y));
  tl_an_str(t, name);
  tl_an_num(t, clean(v));
  tl_an_endrow(t);
}

/* Price per unit CO2e of a constraint on emission e (per unit of e when it
 * has no GWP). */
static double per_co2e(const tl_build *b, int e, double v) {
  return b->ri.gwp[e] > 0 ? v / b->ri.gwp[e] : v;
}

int tl_an_carbon_price(tl_an *a) {
  const tl_an_run *u = &a->run;
  const tl_model *m = u->m;
  const tl_build *b = u->b;
  int R = u->R, E = u->E, Y = u->Y;
  int duals = !u->s->is_mip;
  int cap_co2 = b->opt.cap_scope == TL_SCOPE_CO2;
  int peak_co2 = b->opt.peak_scope != TL_SCOPE_GHG;
  int nz_co2 = b->opt.netzero_scope == TL_SCOPE_CO2;
  int any = 0;
  if (!duals)
    tl_an_notice(a, TL_AN_CARBON_PRICE,
                 "the model has integer units (a MIP): no duals, so only "
                 "emission penalties are reported");
  for (int r = 0; r < R; r++)
    for (int y = 0; y < Y; y++) {
      int q = r * Y + y;
      int gi = duals ? b->ghg_row[q] : -1, ci = duals ? b->ci_row[q] : -1;
      int pk = duals ? b->pk_row[q] : -1, nz = duals ? b->nz_row[q] : -1;
      int pk1 = duals && y + 1 < Y ? b->pk_row[q + 1] : -1;
      double df = b->dfmid[q];
      if (gi >= 0) row(a, r, y, "AnnualGHGLimit", NULL, tl_an_row_price(u, gi, r, y));
      if (ci >= 0) row(a, r, y, "CarbonIntensityLimit", NULL, tl_an_row_price(u, ci, r, y));
      if (pk >= 0) row(a, r, y, "PeakYear", NULL, tl_an_row_price(u, pk, r, y));
      if (nz >= 0) row(a, r, y, "NetZeroYear", NULL, tl_an_row_price(u, nz, r, y));
      for (int e = 0; e < E; e++) {
        const char *en = tl_an_name(m, TL_EMISSION, e);
        int e8 = duals ? b->e8_row[((size_t)r * (size_t)E + (size_t)e) * (size_t)Y + (size_t)y] : -1;
        int e9 = duals ? b->e9_row[r * E + e] : -1;
        double pen = b->opt.no_climate ? 0 : tl_pget3(m, TL_P_EmissionsPenalty, r, e, y);
        if (e8 >= 0)
          row(a, r, y, "AnnualEmissionLimit", en, per_co2e(b, e, tl_an_row_price(u, e8, r, y)));
        if (e9 >= 0)
          row(a, r, y, "ModelPeriodEmissionLimit", en,
              per_co2e(b, e, tl_an_row_price(u, e9, r, y)));
        if (pen != 0) row(a, r, y, "EmissionsPenalty", en, per_co2e(b, e, pen));
        /* marginal cost of one more unit of e from an ordinary technology:
         * every row it enters, weighted as it enters it */
        int has = gi >= 0 || ci >= 0 || pk >= 0 || pk1 >= 0 || nz >= 0 ||
                  e8 >= 0 || e9 >= 0 || pen != 0;
        if (!has || b->ri.gwp[e] <= 0) continue;
        double pv = 0; /* d objective / d emission, discounted */
        const tl_solution *s = u->s;
        if (gi >= 0) pv -= tl_build_weight(b, e, cap_co2) * s->rowdual[gi];
        if (ci >= 0) pv -= (b->ri.is_co2[e] ? 1 : 0) * s->rowdual[ci];
        if (pk >= 0) pv -= tl_build_weight(b, e, peak_co2) * s->rowdual[pk];
        if (pk1 >= 0) pv += tl_build_weight(b, e, peak_co2) * s->rowdual[pk1];
        if (nz >= 0) pv -= tl_build_weight(b, e, nz_co2) * s->rowdual[nz];
        if (e8 >= 0) pv -= s->rowdual[e8];
        if (e9 >= 0) pv -= s->rowdual[e9];
        double v = (pv * df + pen) / b->ri.gwp[e];
        row(a, r, y, "total", en, v);
        any = 1;
        if (y == Y - 1 && b->ri.is_co2[e] && isnan(a->rm->fig[r].carbon_price_last))
          a->rm->fig[r].carbon_price_last = clean(v);
      }
    }
  if (!any && duals)
    tl_an_notice(a, TL_AN_CARBON_PRICE,
                 "no emission constraint or penalty in the model: no carbon "
                 "price");
  return 0;
}
