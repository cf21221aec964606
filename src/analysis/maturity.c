/* maturity.c - MaturityStatistics.csv: of the key technologies (those of
 * a category other than conventional), the share at commercial stage
 * (TRL >= 9), the share that raise their product's cost against their
 * reference technology, and of those the share that raise it by more than
 * 50% - beside the roadmap's 20 / 80 / 35 %. */
#include <math.h>
#include <string.h>

#include "analysis/analysis.h"

static void row(tl_an *a, int r, int y, const char *what, long count,
                long total, double roadmap) {
  const tl_model *m = a->run.m;
  tl_an_table *t = &a->rm->tab[TL_AN_MATURITY];
  tl_an_str(t, tl_an_name(m, TL_REGION, r));
  tl_an_str(t, tl_an_name(m, TL_YEAR, y));
  tl_an_str(t, what);
  tl_an_int(t, count);
  tl_an_int(t, total);
  tl_an_num(t, total > 0 ? 100.0 * (double)count / (double)total : NAN);
  tl_an_num(t, roadmap);
  tl_an_endrow(t);
}

int tl_an_maturity(tl_an *a) {
  const tl_an_run *u = &a->run;
  const tl_model *m = u->m;
  const tl_build *b = u->b;
  int R = u->R, T = u->T, Y = u->Y;
  long key = 0;
  for (int t = 0; t < T; t++) key += b->ri.category[t] != TL_CAT_CONVENTIONAL;
  if (!key) {
    tl_an_notice(a, TL_AN_MATURITY,
                 "no TechnologyCategory other than conventional: no key "
                 "technologies to count");
    return 0;
  }
  size_t n = (size_t)R * (size_t)Y;
  long *priced = tl_calloc(n ? n : 1, sizeof *priced);
  long *raising = tl_calloc(n ? n : 1, sizeof *raising);
  long *above = tl_calloc(n ? n : 1, sizeof *above);
  if (!priced || !raising || !above) {
    tl_free(priced, (n ? n : 1) * sizeof *priced);
    tl_free(raising, (n ? n : 1) * sizeof *raising);
    tl_free(above, (n ? n : 1) * sizeof *above);
    return -1;
  }
  for (size_t k = 0; k < a->nprem; k++) {
    const tl_an_premium *p = &a->prem[k];
    if (b->ri.category[p->t] == TL_CAT_CONVENTIONAL || !isfinite(p->premium_pct))
      continue;
    size_t q = (size_t)p->r * (size_t)Y + (size_t)p->y;
    priced[q]++;
    if (p->premium_pct > 1e-9) raising[q]++;
    if (p->premium_pct > 50) above[q]++;
  }
  long anypriced = 0;
  for (int r = 0; r < R; r++)
    for (int y = 0; y < Y; y++) {
      long ready = 0;
      for (int t = 0; t < T; t++)
        if (b->ri.category[t] != TL_CAT_CONVENTIONAL &&
            tl_pget2(m, TL_P_TechnologyReadiness, t, y) >= 9)
          ready++;
      row(a, r, y, "commercial_stage", ready, key, 20);
      size_t q = (size_t)r * (size_t)Y + (size_t)y;
      anypriced += priced[q];
      if (priced[q]) row(a, r, y, "raise_product_cost", raising[q], priced[q], 80);
      if (raising[q]) row(a, r, y, "raise_cost_over_50pct", above[q], raising[q], 35);
    }
  if (!anypriced)
    tl_an_notice(a, TL_AN_MATURITY,
                 "no key technology has a cost premium (ReferenceTechnology): "
                 "only the commercial share");
  tl_free(priced, (n ? n : 1) * sizeof *priced);
  tl_free(raising, (n ? n : 1) * sizeof *raising);
  tl_free(above, (n ? n : 1) * sizeof *above);
  return 0;
}
