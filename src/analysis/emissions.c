/* emissions.c - Emissions.csv: the pathway's emissions by region, year,
 * emission (gas), sector and technology category, in the emission's own
 * unit and in CO2e. */
#include <math.h>
#include <string.h>

#include "analysis/analysis.h"

/* Gas of emission e as written: EmissionGas, or CO2 for an emission named
 * CO2 without one; NULL when unknown. */
static const char *gas_name(const tl_model *m, int e) {
  const char *g = tl_model_string(m, tl_pget1(m, TL_P_EmissionGas, e));
  if (!g && !strcmp(m->sets[TL_EMISSION].name[e], "CO2")) g = "CO2";
  return g;
}

/* Group of each technology: distinct (sector, category) pairs. sector[g]
 * borrows the model's strings or the category names. */
typedef struct groups {
  int *of;             /* [T] group of each technology */
  const char **sector; /* [T] per group */
  int *cat;            /* [T] per group */
  int n;
} groups;

static int make_groups(const tl_model *m, const tl_build *b, groups *g) {
  int T = b->T;
  g->n = 0;
  g->of = tl_malloc((size_t)T * sizeof *g->of);
  g->sector = tl_malloc((size_t)T * sizeof *g->sector);
  g->cat = tl_malloc((size_t)T * sizeof *g->cat);
  if (!g->of || !g->sector || !g->cat) return -1;
  for (int t = 0; t < T; t++) {
    int c = b->ri.category[t];
    const char *s = tl_model_string(m, tl_pget1(m, TL_P_TechnologySector, t));
    if (!s) s = tl_category_name(c);
    int k = 0;
    while (k < g->n && !(g->cat[k] == c && !strcmp(g->sector[k], s))) k++;
    if (k == g->n) {
      g->sector[k] = s;
      g->cat[k] = c;
      g->n++;
    }
    g->of[t] = k;
  }
  return 0;
}

static void free_groups(groups *g, int T) {
  tl_free(g->of, (size_t)T * sizeof *g->of);
  tl_free(g->sector, (size_t)T * sizeof *g->sector);
  tl_free(g->cat, (size_t)T * sizeof *g->cat);
}

static void row(tl_an *a, int r, int y, int e, const char *sector,
                const char *cat, double v) {
  const tl_model *m = a->run.m;
  const tl_build *b = a->run.b;
  tl_an_table *t = &a->rm->tab[TL_AN_EMISSIONS];
  tl_an_str(t, tl_an_name(m, TL_REGION, r));
  tl_an_str(t, tl_an_name(m, TL_YEAR, y));
  tl_an_str(t, tl_an_name(m, TL_EMISSION, e));
  tl_an_str(t, gas_name(m, e));
  tl_an_str(t, sector);
  tl_an_str(t, cat);
  tl_an_num(t, v);
  tl_an_num(t, b->ri.gwp[e] > 0 ? v * b->ri.gwp[e] : NAN);
  tl_an_endrow(t);
}

int tl_an_emissions(tl_an *a) {
  const tl_an_run *u = &a->run;
  const tl_model *m = u->m;
  const tl_build *b = u->b;
  int R = u->R, T = u->T, E = u->E, Y = u->Y;
  groups g;
  memset(&g, 0, sizeof g);
  double *acc = NULL;
  size_t nacc = 0;
  int rc = -1;
  if (E == 0) {
    tl_an_notice(a, TL_AN_EMISSIONS, "the model has no EMISSION");
    return 0;
  }
  if (make_groups(m, b, &g)) goto done;
  nacc = (size_t)g.n * (size_t)E;
  acc = tl_malloc((nacc ? nacc : 1) * sizeof *acc);
  if (!acc) goto done;
  for (int r = 0; r < R; r++)
    for (int y = 0; y < Y; y++) {
      memset(acc, 0, nacc * sizeof *acc);
      for (int t = 0; t < T; t++) {
        size_t q = tl_an_rty(u, r, t, y);
        for (int64_t k = b->ear.start[q]; k < b->ear.start[q + 1]; k++)
          acc[(size_t)g.of[t] * (size_t)E + (size_t)b->ear.k[k]] +=
              b->ear.v[k] * tl_an_actm(u, r, t, b->ear.m[k], y);
      }
      for (int e = 0; e < E; e++) {
        for (int k = 0; k < g.n; k++) {
          double v = acc[(size_t)k * (size_t)E + (size_t)e];
          if (fabs(v) > TL_AN_EPS)
            row(a, r, y, e, g.sector[k], tl_category_name(g.cat[k]), v);
        }
        double exo = tl_pget3(m, TL_P_AnnualExogenousEmission, r, e, y);
        if (fabs(exo) > TL_AN_EPS) row(a, r, y, e, "exogenous", "exogenous", exo);
      }
    }
  rc = 0;
done:
  free_groups(&g, T);
  tl_free(acc, (nacc ? nacc : 1) * sizeof *acc);
  return rc;
}
