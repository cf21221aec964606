/* cobenefits.c - CoBenefits.csv: pollutants (emissions whose gas is SO2,
 * NOx or PM2.5) of the pathway against the reference run, import
 * dependence by year (the ImportTag share of primary energy, or of
 * primary supply), and the uptake and capacity (land) of sink and removal
 * technologies. */
#include <math.h>
#include <string.h>

#include "analysis/analysis.h"

static void row(tl_an *a, int r, int y, const char *what, const char *item,
                double path, double ref, int diff) {
  const tl_model *m = a->run.m;
  tl_an_table *t = &a->rm->tab[TL_AN_COBENEFITS];
  tl_an_str(t, tl_an_name(m, TL_REGION, r));
  tl_an_str(t, tl_an_name(m, TL_YEAR, y));
  tl_an_str(t, what);
  tl_an_str(t, item);
  tl_an_num(t, path);
  tl_an_num(t, ref);
  tl_an_num(t, diff ? ref - path : NAN);
  tl_an_endrow(t);
}

static double pollutant(const tl_an_run *u, int r, int e, int y) {
  double s = tl_pget3(u->m, TL_P_AnnualExogenousEmission, r, e, y);
  for (int t = 0; t < u->T; t++) s += tl_an_emission(u, r, t, e, y);
  return s;
}

static int any_given(const tl_model *m, tl_param_id p) {
  return m->params[p].n > 0 || m->params[p].defval != 0;
}

/* Import share of (r,y): ImportTag-weighted share of primary energy (pef)
 * or of the output of technologies without inputs. NAN when nothing. */
static double import_share(const tl_an_run *u, int r, int y, int pef) {
  const tl_build *b = u->b;
  double tot = 0, imp = 0;
  for (int t = 0; t < u->T; t++) {
    size_t q = tl_an_rty(u, r, t, y);
    double w;
    if (pef) {
      w = tl_pget3(u->m, TL_P_PrimaryEnergyFactor, r, t, y) *
          tl_an_flow_total(u, 0, r, t, y);
    } else {
      if (b->iar.start[q + 1] > b->iar.start[q]) continue;
      w = tl_an_flow_total(u, 0, r, t, y);
    }
    tot += w;
    imp += w * tl_pget2(u->m, TL_P_ImportTag, r, t);
  }
  return tot > 0 ? imp / tot : NAN;
}

static double capacity(const tl_an_run *u, int r, int t, int y) {
  return tl_pget3(u->m, TL_P_ResidualCapacity, r, t, y) +
         tl_build_accnew(u->b, u->x, r, t, y);
}

int tl_an_cobenefits(tl_an *a) {
  const tl_an_run *u = &a->run, *f = a->has_ref ? &a->ref : NULL;
  const tl_model *m = u->m;
  const tl_build *b = u->b;
  int R = u->R, T = u->T, E = u->E, Y = u->Y;
  int npoll = 0, nsink = 0;
  int imports = any_given(m, TL_P_ImportTag);
  int pef = any_given(m, TL_P_PrimaryEnergyFactor);
  for (int e = 0; e < E; e++) npoll += b->ri.is_pollutant[e];
  for (int t = 0; t < T; t++)
    nsink += b->ri.category[t] == TL_CAT_SINK || b->ri.category[t] == TL_CAT_REMOVAL;
  for (int r = 0; r < R; r++)
    for (int y = 0; y < Y; y++) {
      for (int e = 0; e < E; e++) {
        if (!b->ri.is_pollutant[e]) continue;
        row(a, r, y, "pollutant_avoided", tl_an_name(m, TL_EMISSION, e),
            pollutant(u, r, e, y), f ? pollutant(f, r, e, y) : NAN, f != NULL);
      }
      if (imports) {
        double p = import_share(u, r, y, pef);
        double q = f ? import_share(f, r, y, pef) : NAN;
        if (!isnan(p) || !isnan(q))
          row(a, r, y, "import_dependence", pef ? "primary_energy" : "supply",
              p, q, f != NULL);
      }
      for (int t = 0; t < T; t++) {
        int c = b->ri.category[t];
        if (c != TL_CAT_SINK && c != TL_CAT_REMOVAL) continue;
        size_t q = tl_an_rty(u, r, t, y);
        double up = -u->ghg[q], upr = f ? -f->ghg[q] : NAN;
        const char *tn = tl_an_name(m, TL_TECHNOLOGY, t);
        if (fabs(up) > TL_AN_EPS || (f && fabs(upr) > TL_AN_EPS))
          row(a, r, y, c == TL_CAT_SINK ? "sink_uptake" : "removal_uptake", tn,
              up, upr, f != NULL);
        double cp = capacity(u, r, t, y), cpr = f ? capacity(f, r, t, y) : NAN;
        if (c == TL_CAT_SINK && (fabs(cp) > TL_AN_EPS || (f && fabs(cpr) > TL_AN_EPS)))
          row(a, r, y, "sink_capacity", tn, cp, cpr, f != NULL);
      }
    }
  if (!npoll)
    tl_an_notice(a, TL_AN_COBENEFITS,
                 "no pollutant (an EMISSION whose EmissionGas is SO2, NOx or "
                 "PM2.5)");
  else if (!f)
    tl_an_notice(a, TL_AN_COBENEFITS,
                 "no reference run: pollutants of the pathway only");
  if (!imports)
    tl_an_notice(a, TL_AN_COBENEFITS, "no ImportTag: no import dependence");
  if (!nsink)
    tl_an_notice(a, TL_AN_COBENEFITS,
                 "no technology of category sink or removal");
  return 0;
}
