/* outputs.c - the values an ensemble collects from each solved member: the
 * objective, annual emissions by gas, net CO2e, the carbon price and the
 * deployment of each technology. Emissions and the carbon price come from
 * the roadmap analyses (src/analysis), so that an ensemble reports the
 * same numbers as `tanlu run` for the same model. */
#include <math.h>
#include <string.h>

#include "analysis/analysis.h"
#include "ensemble/ensemble.h"
#include "io/csv.h"

const tl_ens_output_def tl_ens_outputs[TL_EO_COUNT] = {
    {"objective", 0, {TL_REGION, TL_REGION, TL_REGION}},
    {"AnnualEmissions", 3, {TL_REGION, TL_EMISSION, TL_YEAR}},
    {"EmissionsCO2e", 2, {TL_REGION, TL_YEAR, TL_YEAR}},
    {"CarbonPrice", 3, {TL_REGION, TL_EMISSION, TL_YEAR}},
    {"NewCapacity", 3, {TL_REGION, TL_TECHNOLOGY, TL_YEAR}},
    {"TotalCapacityAnnual", 3, {TL_REGION, TL_TECHNOLOGY, TL_YEAR}}};

int tl_ens_output_find(const char *name) {
  for (int o = 0; o < TL_EO_COUNT; o++)
    if (!strcmp(tl_ens_outputs[o].name, name)) return o;
  return -1;
}

void tl_ens_key_text(const tl_model *m, const tl_ens_key *key, tl_buf *b) {
  const tl_ens_output_def *d = &tl_ens_outputs[key->out];
  for (int k = 0; k < d->nidx; k++) {
    if (k) tl_buf_addc(b, ',');
    tl_buf_adds(b, m->sets[d->idx[k]].name[key->ix[k]]);
  }
}

/* Carbon prices [R*E*Y] of a solved run: the "total" rows of the roadmap's
 * CarbonPrice table (the marginal cost of one more unit of each emission,
 * per unit CO2e, in money of its year; 0 where nothing prices it). */
static int carbon_prices(tl_ctx *ctx, tl_an_run *u, double *price) {
  const tl_model *m = u->m;
  int R = u->R, E = u->E, Y = u->Y, rc = -1;
  tl_roadmap rm;
  tl_an a;
  memset(&rm, 0, sizeof rm);
  memset(&a, 0, sizeof a);
  for (int i = 0; i < TL_AN_NTABLES; i++) {
    tl_buf_init(&rm.tab[i].body);
    tl_buf_init(&rm.tab[i].notice);
  }
  rm.R = R, rm.Y = Y;
  rm.fig = tl_calloc((size_t)(R ? R : 1), sizeof *rm.fig);
  if (!rm.fig) goto done;
  for (int r = 0; r < R; r++) rm.fig[r].carbon_price_last = NAN;
  a.ctx = ctx;
  tl_roadmap_options_init(&a.o);
  a.rm = &rm;
  a.run = *u; /* borrowed: freed by the caller */
  if (tl_an_carbon_price(&a)) goto done;
  memset(price, 0, (size_t)R * (size_t)E * (size_t)Y * sizeof *price);
  tl_buf *body = &rm.tab[TL_AN_CARBON_PRICE].body;
  if (body->oom) goto done;
  tl_csv_cur c;
  tl_csv_field f[4];
  int nf;
  tl_csv_init(&c, body->s ? body->s : (char *)"", body->len);
  while ((nf = tl_csv_row(&c, f, 4)) != -1) {
    if (nf == -2) goto done;
    if (nf != 4 || f[2].len < 6 || memcmp(f[2].s, "total:", 6) != 0) continue;
    int r = tl_set_index(&m->sets[TL_REGION], f[0].s, f[0].len);
    int y = tl_set_index(&m->sets[TL_YEAR], f[1].s, f[1].len);
    int e = tl_set_index(&m->sets[TL_EMISSION], f[2].s + 6, f[2].len - 6);
    double v = 0;
    if (r < 0 || y < 0 || e < 0 ||
        (f[3].len && tl_parse_double(f[3].s, f[3].len, &v)))
      goto done;
    price[((size_t)r * (size_t)E + (size_t)e) * (size_t)Y + (size_t)y] = v;
  }
  rc = 0;
done:
  for (int i = 0; i < TL_AN_NTABLES; i++) {
    tl_buf_free(&rm.tab[i].body);
    tl_buf_free(&rm.tab[i].notice);
  }
  tl_free(rm.fig, (size_t)(R ? R : 1) * sizeof *rm.fig);
  return rc;
}

int tl_ens_collect(tl_ctx *ctx, const tl_model *m, const tl_lp *lp,
                   const tl_solution *sol, const tl_ens_key *keys, int nkeys,
                   double *values) {
  const tl_build *b = lp->aux;
  int need_run = 0, need_price = 0, rc = -1;
  for (int q = 0; q < nkeys; q++) {
    int o = keys[q].out;
    need_run |=
        o == TL_EO_EMISSIONS || o == TL_EO_CO2E || o == TL_EO_CARBON_PRICE;
    need_price |= o == TL_EO_CARBON_PRICE;
  }
  tl_an_run u;
  memset(&u, 0, sizeof u);
  double *price = NULL;
  size_t nprice = (size_t)b->R * (size_t)b->E * (size_t)b->Y;
  if (need_run && tl_an_run_init(&u, m, lp, sol)) return -1;
  if (need_price) {
    price = tl_malloc((nprice ? nprice : 1) * sizeof *price);
    if (!price || carbon_prices(ctx, &u, price)) goto done;
  }
  for (int q = 0; q < nkeys; q++) {
    const int32_t *ix = keys[q].ix;
    double v = 0;
    switch (keys[q].out) {
      case TL_EO_OBJECTIVE: v = sol->objective; break;
      case TL_EO_EMISSIONS:
        for (int t = 0; t < b->T; t++)
          v += tl_an_emission(&u, ix[0], t, ix[1], ix[2]);
        break;
      case TL_EO_CO2E: v = tl_an_total(&u, ix[0], ix[1], 0, 0); break;
      case TL_EO_CARBON_PRICE:
        v = price[((size_t)ix[0] * (size_t)b->E + (size_t)ix[1]) *
                      (size_t)b->Y +
                  (size_t)ix[2]];
        break;
      case TL_EO_NEWCAP:
        v = sol->x[tl_build_newcap(b, ix[0], ix[1], ix[2])];
        break;
      case TL_EO_TOTCAP:
        v = tl_build_accnew(b, sol->x, ix[0], ix[1], ix[2]) +
            tl_pget3(m, TL_P_ResidualCapacity, ix[0], ix[1], ix[2]);
        break;
    }
    /* solver noise is not a value: it would show as deployment */
    values[q] = fabs(v) < 1e-9 ? 0 : v;
  }
  rc = 0;
done:
  tl_free(price, (nprice ? nprice : 1) * sizeof *price);
  if (need_run) tl_an_run_free(&u);
  return rc;
}
