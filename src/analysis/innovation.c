/* innovation.c - InnovationGap.csv: for each key technology (category
 * other than conventional) and region, the first year the pathway deploys
 * it at scale, and the first year it wants it - deployed, or held back by
 * the TRL gate while its new capacity would lower the cost (negative
 * reduced cost) - against the first year it is ready (TRL >= 9). */
#include <math.h>
#include <string.h>

#include "analysis/analysis.h"

/* First year in which the TRL gate holds (r,t)'s new capacity at 0 while
 * the pathway would build it; -1 when none (or no reduced costs). */
static int gate_binds(const tl_an_run *u, int r, int t) {
  const tl_build *b = u->b;
  if (b->opt.allow_precommercial || u->s->is_mip) return -1;
  for (int y = 0; y < u->Y; y++) {
    if (tl_pget2(u->m, TL_P_TechnologyReadiness, t, y) >= 9) continue;
    if (tl_pget3(u->m, TL_P_TotalAnnualMaxCapacityInvestment, r, t, y) == 0) continue;
    int j = tl_build_newcap(b, r, t, y);
    double d = u->s->redcost[j];
    if (d < -1e-7 * fmax(1, fabs(u->lp->obj[j]))) return y;
  }
  return -1;
}

int tl_an_innovation(tl_an *a) {
  const tl_an_run *u = &a->run;
  const tl_model *m = u->m;
  const tl_build *b = u->b;
  tl_an_table *tab = &a->rm->tab[TL_AN_INNOVATION];
  int any = 0;
  for (int r = 0; r < u->R; r++)
    for (int t = 0; t < u->T; t++) {
      if (b->ri.category[t] == TL_CAT_CONVENTIONAL) continue;
      any = 1;
      int ready = tl_an_ready_year(m, t, u->Y);
      int dep = tl_an_first_deployed(u, r, t, a->o.scale_share);
      int gate = gate_binds(u, r, t);
      int want = dep;
      if (gate >= 0 && (want < 0 || gate < want)) want = gate;
      const char *flag = want < 0 ? "not_deployed"
                         : (ready < 0 || want < ready) ? "needed_before_ready"
                                                       : "ready_in_time";
      tl_an_str(tab, tl_an_name(m, TL_REGION, r));
      tl_an_str(tab, tl_an_name(m, TL_TECHNOLOGY, t));
      tl_an_str(tab, tl_category_name(b->ri.category[t]));
      tl_an_str(tab, ready >= 0 ? tl_an_name(m, TL_YEAR, ready) : NULL);
      tl_an_str(tab, dep >= 0 ? tl_an_name(m, TL_YEAR, dep) : NULL);
      tl_an_str(tab, want >= 0 ? tl_an_name(m, TL_YEAR, want) : NULL);
      tl_an_num(tab, ready >= 0 && want >= 0 ? b->yv[ready] - b->yv[want] : NAN);
      tl_an_str(tab, flag);
      tl_an_endrow(tab);
    }
  if (!any)
    tl_an_notice(a, TL_AN_INNOVATION,
                 "no TechnologyCategory other than conventional: no key "
                 "technologies");
  return 0;
}
