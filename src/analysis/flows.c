/* flows.c - a solved run as the analyses see it: annual activity,
 * emissions by technology (CO2, CO2e, captured, removed), flows of fuels,
 * embodied emission intensities of fuels and fuel prices from the duals. */
#include <math.h>
#include <string.h>

#include "analysis/analysis.h"

#define NEWA(p, n) ((p) = tl_calloc((size_t)(n), sizeof *(p)))

double tl_an_actm(const tl_an_run *u, int r, int t, int m, int y) {
  const tl_build *b = u->b;
  if (b->act0[r * b->T + t] < 0 || b->mode_slot[t * b->M + m] < 0) return 0;
  double s = 0;
  for (int l = 0; l < b->L; l++)
    s += u->x[tl_build_act(b, r, l, t, m, y)] * b->ys[l * b->Y + y];
  return s;
}

static size_t bucket(const tl_build *b, int r, int t, int y) {
  return ((size_t)r * (size_t)b->T + (size_t)t) * (size_t)b->Y + (size_t)y;
}

double tl_an_emission(const tl_an_run *u, int r, int t, int e, int y) {
  const tl_build *b = u->b;
  size_t q = bucket(b, r, t, y);
  double s = 0;
  for (int64_t k = b->ear.start[q]; k < b->ear.start[q + 1]; k++)
    if (b->ear.k[k] == e) s += b->ear.v[k] * tl_an_actm(u, r, t, b->ear.m[k], y);
  return s;
}

double tl_an_flow(const tl_an_run *u, int side, int r, int t, int f, int y) {
  const tl_build *b = u->b;
  const tl_ratios *g = side ? &b->iar : &b->oar;
  size_t q = bucket(b, r, t, y);
  double s = 0;
  for (int64_t k = g->start[q]; k < g->start[q + 1]; k++)
    if (g->k[k] == f) s += g->v[k] * tl_an_actm(u, r, t, g->m[k], y);
  return s;
}

double tl_an_flow_total(const tl_an_run *u, int side, int r, int t, int y) {
  const tl_build *b = u->b;
  const tl_ratios *g = side ? &b->iar : &b->oar;
  size_t q = bucket(b, r, t, y);
  double s = 0;
  for (int64_t k = g->start[q]; k < g->start[q + 1]; k++)
    s += g->v[k] * tl_an_actm(u, r, t, g->m[k], y);
  return s;
}

double tl_an_ratio(const tl_ratios *g, const tl_build *b, int r, int t,
                   int m, int y, int k) {
  size_t q = bucket(b, r, t, y);
  double s = 0;
  for (int64_t e = g->start[q]; e < g->start[q + 1]; e++)
    if (g->m[e] == m && (k < 0 || g->k[e] == k)) s += g->v[e];
  return s;
}

int tl_an_main_mode(const tl_an_run *u, int r, int t, int y) {
  const tl_build *b = u->b;
  int best = -1;
  double most = TL_AN_EPS;
  for (int k = b->tm_start[t]; k < b->tm_start[t + 1]; k++) {
    int m = b->tm_mode[k];
    double a = tl_an_actm(u, r, t, m, y);
    if (a > most && tl_an_ratio(&b->oar, b, r, t, m, y, -1) != 0) {
      most = a;
      best = m;
    }
  }
  if (best >= 0) return best;
  size_t q = bucket(b, r, t, y);
  for (int64_t e = b->oar.start[q]; e < b->oar.start[q + 1]; e++)
    if (best < 0 || b->oar.m[e] < best) best = b->oar.m[e];
  return best;
}

int tl_an_reference_tech(const tl_model *m, int t) {
  const char *s = tl_model_string(m, tl_pget1(m, TL_P_ReferenceTechnology, t));
  if (!s) return -1;
  return tl_set_index(&m->sets[TL_TECHNOLOGY], s, strlen(s));
}

int tl_an_ready_year(const tl_model *m, int t, int Y) {
  for (int y = 0; y < Y; y++)
    if (tl_pget2(m, TL_P_TechnologyReadiness, t, y) >= 9) return y;
  return -1;
}

int tl_an_first_deployed(const tl_an_run *u, int r, int t, double share) {
  double most = 0;
  for (int y = 0; y < u->Y; y++) {
    double v = u->x[tl_build_newcap(u->b, r, t, y)];
    if (v > most) most = v;
  }
  if (!(most > TL_AN_EPS)) return -1;
  for (int y = 0; y < u->Y; y++) {
    double v = u->x[tl_build_newcap(u->b, r, t, y)];
    if (v > TL_AN_EPS && v >= share * most) return y;
  }
  return -1;
}

/* CO2 that a CCUS technology would emit without capture, estimated from
 * its reference technology: the reference's direct CO2 per unit of input
 * times the input of t (per unit of output when the reference has no
 * input); 0 without a reference. */
static double gross_estimate(const tl_an_run *u, int r, int t, int y) {
  const tl_build *b = u->b;
  int rt = tl_an_reference_tech(u->m, t);
  if (rt < 0 || rt == t) return 0;
  int mr = tl_an_main_mode(u, r, rt, y);
  if (mr < 0) return 0;
  double co2 = 0;
  size_t q = bucket(b, r, rt, y);
  for (int64_t e = b->ear.start[q]; e < b->ear.start[q + 1]; e++)
    if (b->ear.m[e] == mr && b->ri.is_co2[b->ear.k[e]]) co2 += b->ear.v[e];
  double in_ref = tl_an_ratio(&b->iar, b, r, rt, mr, y, -1);
  double out_ref = tl_an_ratio(&b->oar, b, r, rt, mr, y, -1);
  double use = tl_an_flow_total(u, 1, r, t, y);
  double out = tl_an_flow_total(u, 0, r, t, y);
  if (in_ref > 0) return co2 / in_ref * use;
  if (out_ref > 0) return co2 / out_ref * out;
  return 0;
}

void tl_an_run_free(tl_an_run *u) {
  size_t n = (size_t)u->R * (size_t)u->T * (size_t)u->Y;
  size_t ry = (size_t)u->R * (size_t)u->Y;
  tl_free(u->act, n * sizeof *u->act);
  tl_free(u->co2, n * sizeof *u->co2);
  tl_free(u->ghg, n * sizeof *u->ghg);
  tl_free(u->nonco2, n * sizeof *u->nonco2);
  tl_free(u->captured, n * sizeof *u->captured);
  tl_free(u->removal, n);
  tl_free(u->exo_co2, ry * sizeof *u->exo_co2);
  tl_free(u->exo_ghg, ry * sizeof *u->exo_ghg);
  memset(u, 0, sizeof *u);
}

int tl_an_run_init(tl_an_run *u, const tl_model *m, const tl_lp *lp,
                   const tl_solution *s) {
  memset(u, 0, sizeof *u);
  const tl_build *b = lp->aux;
  u->m = m;
  u->lp = lp;
  u->b = b;
  u->s = s;
  u->x = s->x;
  u->R = b->R, u->T = b->T, u->F = b->F, u->E = b->E, u->Y = b->Y;
  u->L = b->L;
  int R = u->R, T = u->T, Y = u->Y;
  size_t n = (size_t)R * (size_t)T * (size_t)Y;
  if (!NEWA(u->act, n) || !NEWA(u->co2, n) || !NEWA(u->ghg, n) ||
      !NEWA(u->nonco2, n) || !NEWA(u->captured, n) || !NEWA(u->removal, n) ||
      !NEWA(u->exo_co2, R * Y) || !NEWA(u->exo_ghg, R * Y)) {
    tl_an_run_free(u);
    return -1;
  }
  for (int r = 0; r < R; r++)
    for (int t = 0; t < T; t++) {
      int cat = b->ri.category[t];
      for (int y = 0; y < Y; y++) {
        size_t q = tl_an_rty(u, r, t, y);
        for (int k = b->tm_start[t]; k < b->tm_start[t + 1]; k++)
          u->act[q] += tl_an_actm(u, r, t, b->tm_mode[k], y);
        for (int64_t k = b->ear.start[q]; k < b->ear.start[q + 1]; k++) {
          int e = b->ear.k[k];
          double em = b->ear.v[k] * tl_an_actm(u, r, t, b->ear.m[k], y);
          if (b->ri.is_co2[e]) u->co2[q] += em;
          else u->nonco2[q] += b->ri.gwp[e] * em;
          u->ghg[q] += b->ri.gwp[e] * em;
        }
        if (cat == TL_CAT_CCUS) {
          double gross = gross_estimate(u, r, t, y);
          if (gross < u->co2[q]) gross = u->co2[q];
          if (gross < 0) gross = 0;
          u->captured[q] = gross - u->co2[q];
        } else if (cat == TL_CAT_SINK || cat == TL_CAT_REMOVAL ||
                   u->co2[q] < -TL_AN_EPS) {
          u->removal[q] = 1;
        }
      }
    }
  for (int r = 0; r < R; r++)
    for (int y = 0; y < Y; y++)
      for (int e = 0; e < u->E; e++) {
        double v = tl_pget3(m, TL_P_AnnualExogenousEmission, r, e, y);
        if (b->ri.is_co2[e]) u->exo_co2[r * Y + y] += v;
        u->exo_ghg[r * Y + y] += b->ri.gwp[e] * v;
      }
  return 0;
}

double tl_an_total(const tl_an_run *u, int r, int y, int co2, int no_sinks) {
  double s = co2 ? u->exo_co2[r * u->Y + y] : u->exo_ghg[r * u->Y + y];
  for (int t = 0; t < u->T; t++) {
    if (no_sinks && u->b->ri.category[t] == TL_CAT_SINK) continue;
    size_t q = tl_an_rty(u, r, t, y);
    s += co2 ? u->co2[q] : u->ghg[q];
  }
  return s;
}

double tl_an_row_price(const tl_an_run *u, int i, int r, int y) {
  if (i < 0) return 0;
  return -u->s->rowdual[i] * u->b->dfmid[r * u->Y + y];
}

/* A flow of one technology in (r,y): fuel f, amount a. */
typedef struct flow {
  int t, f;
  double a;
} flow;

/* Outputs (side 0) or inputs (side 1) of every technology of (r,y) with
 * nonzero amounts (one entry per ratio entry: modes are not merged), into
 * *out: cap entries allocated (free with cap), *n used. */
static int collect(const tl_an_run *u, int side, int r, int y, flow **out,
                   size_t *n, size_t *cap) {
  const tl_build *b = u->b;
  const tl_ratios *g = side ? &b->iar : &b->oar;
  *cap = 1;
  for (int t = 0; t < u->T; t++) {
    size_t q = bucket(b, r, t, y);
    *cap += (size_t)(g->start[q + 1] - g->start[q]);
  }
  *n = 0;
  *out = tl_malloc(*cap * sizeof **out);
  if (!*out) return -1;
  for (int t = 0; t < u->T; t++) {
    size_t q = bucket(b, r, t, y);
    for (int64_t e = g->start[q]; e < g->start[q + 1]; e++) {
      double a = g->v[e] * tl_an_actm(u, r, t, g->m[e], y);
      if (a == 0) continue;
      (*out)[*n].t = t;
      (*out)[*n].f = g->k[e];
      (*out)[*n].a = a;
      (*n)++;
    }
  }
  return 0;
}

int tl_an_embodied(const tl_an_run *u, int r, int y, const double *direct,
                   double *g) {
  int T = u->T, F = u->F;
  flow *po = NULL, *pi = NULL;
  size_t no = 0, ni = 0, capo = 0, capi = 0;
  double *prod = NULL, *outt = NULL, *emb = NULL, *gn = NULL;
  int rc = -1;
  if (collect(u, 0, r, y, &po, &no, &capo) ||
      collect(u, 1, r, y, &pi, &ni, &capi) ||
      !NEWA(prod, F) || !NEWA(outt, T) || !NEWA(emb, T) || !NEWA(gn, F))
    goto done;
  for (size_t k = 0; k < no; k++) {
    prod[po[k].f] += po[k].a;
    outt[po[k].t] += po[k].a;
  }
  memset(g, 0, (size_t)F * sizeof *g);
  /* g = (direct + inputs' g) shared over outputs; a fixed point reached in
   * (depth of the supply chain + 1) sweeps when it has no cycle, and
   * geometrically when it has one (each loop loses energy). */
  for (int it = 0; it < 10000; it++) {
    for (int t = 0; t < T; t++) emb[t] = direct[tl_an_rty(u, r, t, y)];
    for (size_t k = 0; k < ni; k++) emb[pi[k].t] += pi[k].a * g[pi[k].f];
    memset(gn, 0, (size_t)F * sizeof *gn);
    for (size_t k = 0; k < no; k++)
      if (outt[po[k].t] > 0) gn[po[k].f] += po[k].a / outt[po[k].t] * emb[po[k].t];
    double diff = 0, big = 0;
    for (int f = 0; f < F; f++) {
      gn[f] = prod[f] > 0 ? gn[f] / prod[f] : 0;
      double d = fabs(gn[f] - g[f]);
      if (d > diff) diff = d;
      if (fabs(gn[f]) > big) big = fabs(gn[f]);
      g[f] = gn[f];
    }
    if (diff <= 1e-15 * (1 + big)) break;
  }
  rc = 0;
done:
  tl_free(po, capo * sizeof *po);
  tl_free(pi, capi * sizeof *pi);
  tl_free(prod, (size_t)F * sizeof *prod);
  tl_free(outt, (size_t)T * sizeof *outt);
  tl_free(emb, (size_t)T * sizeof *emb);
  tl_free(gn, (size_t)F * sizeof *gn);
  return rc;
}

double tl_an_entry(const tl_model *m, tl_param_id pid, const int32_t *idx) {
  const tl_param *p = &m->params[pid];
  if (p->n) {
    uint64_t key = 0;
    for (int k = 0; k < p->def->nidx; k++) key += (uint64_t)idx[k] * p->mult[k];
    int e = tl_u64map_get(&p->map, key);
    if (e >= 0) return p->val[e];
  }
  return p->has_defval ? p->defval : NAN;
}

int tl_an_fuel_prices(const tl_an_run *u, double *prices) {
  const tl_build *b = u->b;
  const tl_lp *lp = u->lp;
  int R = b->R, F = b->F, Y = b->Y, L = b->L;
  memset(prices, 0, (size_t)R * (size_t)F * (size_t)Y * sizeof *prices);
  for (int r = 0; r < R; r++)
    for (int f = 0; f < F; f++)
      for (int y = 0; y < Y; y++) {
        double d = 0, w = 0;
        for (int l = 0; l < L; l++) {
          size_t q = (((size_t)r * (size_t)L + (size_t)l) * (size_t)F + (size_t)f) * (size_t)Y + (size_t)y;
          double ys = b->ys[l * Y + y];
          w += ys;
          if (b->eb_row[q] >= 0) d += u->s->rowdual[b->eb_row[q]] * ys;
        }
        prices[(r * F + f) * Y + y] = w > 0 ? d / w * b->dfmid[r * Y + y] : 0;
      }
  /* accumulated demand: EBb4 rows add their dual */
  for (int i = 0; i < lp->nrows; i++) {
    if (lp->rowfam[i] != TL_R_EBb4) continue;
    const int32_t *ix = lp->rowix + (size_t)i * TL_LP_MAXIX;
    int r = ix[0], f = ix[1], y = ix[2];
    prices[(r * F + f) * Y + y] += u->s->rowdual[i] * b->dfmid[r * Y + y];
  }
  for (int r = 0; r < R; r++)
    for (int f = 0; f < F; f++)
      for (int y = 0; y < Y; y++) {
        int32_t ix[3] = {r, f, y};
        double p = tl_an_entry(u->m, TL_P_FuelPrice, ix);
        if (!isnan(p)) prices[(r * F + f) * Y + y] = p;
      }
  return 0;
}
