/* cost_premium.c - CostPremium.csv and MACCurve.csv: the levelised cost of
 * each technology's product against its reference technology's, with fuel
 * prices from the pathway's balance duals (or FuelPrice), the premium, the
 * CO2e abated per unit of product and the cost per unit CO2e abated; the
 * MAC curve ranks them by that cost each year. Formulas: docs/roadmap.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"

/* Capital recovery factor: annuity per unit of investment. */
static double crf(double rate, double life) {
  if (!(life > 0)) return NAN;
  if (rate == 0) return 1 / life;
  return rate / (1 - pow(1 + rate, -life));
}

/* Main product of mode m of (r,t,y): the output with the largest ratio. */
static int main_product(const tl_build *b, int r, int t, int m, int y) {
  size_t q = ((size_t)r * (size_t)b->T + (size_t)t) * (size_t)b->Y + (size_t)y;
  int best = -1;
  double most = 0;
  for (int64_t e = b->oar.start[q]; e < b->oar.start[q + 1]; e++)
    if (b->oar.m[e] == m && b->oar.v[e] > most) {
      most = b->oar.v[e];
      best = b->oar.k[e];
    }
  return best;
}

/* Mode of (r,t,y) that makes fuel f: the most active one, else the first;
 * -1 when none does. */
static int mode_for(const tl_an_run *u, int r, int t, int f, int y) {
  const tl_build *b = u->b;
  int best = -1;
  double most = -1;
  for (int k = b->tm_start[t]; k < b->tm_start[t + 1]; k++) {
    int m = b->tm_mode[k];
    if (!(tl_an_ratio(&b->oar, b, r, t, m, y, f) > 0)) continue;
    double a = tl_an_actm(u, r, t, m, y);
    if (a > most) {
      most = a;
      best = m;
    }
  }
  return best;
}

/* Levelised cost of product f of (r,t,y) in mode m; *em receives its CO2e
 * per unit of product (direct plus embodied in its inputs, g: [F]). */
static double lcop(const tl_an_run *u, const double *price, const double *g,
                   int r, int t, int m, int f, int y, double *em) {
  const tl_model *mo = u->m;
  const tl_build *b = u->b;
  int F = u->F, Y = u->Y;
  double out = tl_an_ratio(&b->oar, b, r, t, m, y, f);
  *em = NAN;
  if (!(out > 0)) return NAN;
  double life = tl_pget2(mo, TL_P_OperationalLife, r, t);
  double fixed = tl_pget3(mo, TL_P_CapitalCost, r, t, y) *
                     crf(tl_pget2(mo, TL_P_DiscountRateIdv, r, t), life) +
                 tl_pget3(mo, TL_P_FixedCost, r, t, y);
  double cf = 0;
  for (int l = 0; l < b->L; l++)
    cf += tl_pget4(mo, TL_P_CapacityFactor, r, t, l, y) * b->ys[l * Y + y];
  double per_act = cf * tl_pget3(mo, TL_P_AvailabilityFactor, r, t, y) *
                   tl_pget2(mo, TL_P_CapacityToActivityUnit, r, t);
  double cost = 0;
  if (fixed != 0) {
    if (!(per_act > 0)) return NAN;
    cost = fixed / per_act;
  }
  cost += tl_pget4(mo, TL_P_VariableCost, r, t, m, y);
  double e = 0;
  size_t q = ((size_t)r * (size_t)b->T + (size_t)t) * (size_t)Y + (size_t)y;
  for (int64_t k = b->iar.start[q]; k < b->iar.start[q + 1]; k++)
    if (b->iar.m[k] == m) {
      cost += b->iar.v[k] * price[(r * F + b->iar.k[k]) * Y + y];
      e += b->iar.v[k] * g[b->iar.k[k]];
    }
  for (int64_t k = b->ear.start[q]; k < b->ear.start[q + 1]; k++)
    if (b->ear.m[k] == m) e += b->ear.v[k] * b->ri.gwp[b->ear.k[k]];
  *em = e / out;
  return cost / out;
}

static int add_record(tl_an *a, const tl_an_premium *p) {
  if (tl_grow((void **)&a->prem, &a->capprem, a->nprem + 1, sizeof *a->prem))
    return -1;
  a->prem[a->nprem++] = *p;
  return 0;
}

static void premium_row(tl_an *a, const tl_an_premium *p) {
  const tl_model *m = a->run.m;
  tl_an_table *t = &a->rm->tab[TL_AN_COST_PREMIUM];
  tl_an_str(t, tl_an_name(m, TL_REGION, p->r));
  tl_an_str(t, tl_an_name(m, TL_TECHNOLOGY, p->t));
  tl_an_str(t, tl_category_name(a->run.b->ri.category[p->t]));
  tl_an_str(t, tl_an_name(m, TL_TECHNOLOGY, p->ref));
  tl_an_str(t, tl_an_name(m, TL_YEAR, p->y));
  tl_an_str(t, tl_an_name(m, TL_FUEL, p->product));
  tl_an_num(t, p->lcop);
  tl_an_num(t, p->lcop_ref);
  tl_an_num(t, p->premium_pct);
  tl_an_num(t, p->em);
  tl_an_num(t, p->em_ref);
  tl_an_num(t, p->abatement);
  tl_an_num(t, p->mac);
  tl_an_endrow(t);
}

/* Order of the MAC curve: region, year, cost per CO2e, technology. */
static int by_mac(const void *x, const void *y) {
  const tl_an_premium *p = *(const tl_an_premium *const *)x;
  const tl_an_premium *q = *(const tl_an_premium *const *)y;
  if (p->r != q->r) return p->r < q->r ? -1 : 1;
  if (p->y != q->y) return p->y < q->y ? -1 : 1;
  if (p->mac != q->mac) return p->mac < q->mac ? -1 : 1;
  return p->t < q->t ? -1 : p->t > q->t;
}

static int mac_curve(tl_an *a) {
  const tl_model *m = a->run.m;
  tl_an_table *t = &a->rm->tab[TL_AN_MAC];
  size_t n = 0;
  tl_an_premium **v = tl_malloc((a->nprem ? a->nprem : 1) * sizeof *v);
  if (!v) return -1;
  for (size_t k = 0; k < a->nprem; k++)
    if (a->prem[k].abatement > TL_AN_EPS && isfinite(a->prem[k].mac))
      v[n++] = &a->prem[k];
  qsort(v, n, sizeof *v, by_mac);
  double cum = 0;
  long rank = 0;
  for (size_t k = 0; k < n; k++) {
    const tl_an_premium *p = v[k];
    if (k == 0 || p->r != v[k - 1]->r || p->y != v[k - 1]->y) {
      cum = 0;
      rank = 0;
    }
    double pot = p->abatement * (p->prod + p->prod_ref);
    cum += pot;
    tl_an_str(t, tl_an_name(m, TL_REGION, p->r));
    tl_an_str(t, tl_an_name(m, TL_YEAR, p->y));
    tl_an_int(t, ++rank);
    tl_an_str(t, tl_an_name(m, TL_TECHNOLOGY, p->t));
    tl_an_str(t, tl_an_name(m, TL_TECHNOLOGY, p->ref));
    tl_an_num(t, p->mac);
    tl_an_num(t, p->abatement);
    tl_an_num(t, p->abatement * p->prod);
    tl_an_num(t, pot);
    tl_an_num(t, cum);
    tl_an_endrow(t);
  }
  if (a->nprem && !n)
    tl_an_notice(a, TL_AN_MAC, "no technology abates emissions against its "
                               "reference technology");
  tl_free(v, (a->nprem ? a->nprem : 1) * sizeof *v);
  return 0;
}

int tl_an_cost_premium(tl_an *a) {
  const tl_an_run *u = &a->run;
  const tl_model *m = u->m;
  const tl_build *b = u->b;
  int R = u->R, T = u->T, F = u->F, Y = u->Y;
  size_t nf = (size_t)R * (size_t)F * (size_t)Y;
  double *price = NULL, *g = NULL, *direct = NULL; /* [R*F*Y], [R*Y*F], [R*T*Y] */
  size_t nd = (size_t)R * (size_t)T * (size_t)Y;
  int rc = -1, skipped = 0;
  int any = 0;
  for (int t = 0; t < T; t++)
    if (tl_an_reference_tech(m, t) >= 0) any = 1;
  if (!any) {
    tl_an_notice(a, TL_AN_COST_PREMIUM,
                 "no ReferenceTechnology: no technology to compare");
    tl_an_notice(a, TL_AN_MAC, "no ReferenceTechnology: no MAC curve");
    return 0;
  }
  price = tl_malloc((nf ? nf : 1) * sizeof *price);
  g = tl_malloc((nf ? nf : 1) * sizeof *g);
  direct = tl_calloc(nd ? nd : 1, sizeof *direct);
  if (!price || !g || !direct) goto done;
  if (tl_an_fuel_prices(u, price)) goto done;
  if (u->s->is_mip)
    tl_an_notice(a, TL_AN_COST_PREMIUM,
                 "the model is a MIP: no duals, fuel prices only from "
                 "FuelPrice (others 0)");
  /* embodied CO2e of every fuel, removals left out */
  for (size_t q = 0; q < nd; q++) direct[q] = u->removal[q] ? 0 : u->ghg[q];
  for (int r = 0; r < R; r++)
    for (int y = 0; y < Y; y++)
      if (tl_an_embodied(u, r, y, direct, g + ((size_t)r * (size_t)Y + (size_t)y) * (size_t)F))
        goto done;
  for (int r = 0; r < R; r++)
    for (int t = 0; t < T; t++) {
      int ref = tl_an_reference_tech(m, t);
      if (ref < 0 || ref == t) continue;
      for (int y = 0; y < Y; y++) {
        const double *gy = g + ((size_t)r * (size_t)Y + (size_t)y) * (size_t)F;
        int mt = tl_an_main_mode(u, r, t, y);
        int f = mt >= 0 ? main_product(b, r, t, mt, y) : -1;
        int mr = f >= 0 ? mode_for(u, r, ref, f, y) : -1;
        if (mr < 0) {
          skipped++;
          continue;
        }
        tl_an_premium p;
        memset(&p, 0, sizeof p);
        p.r = r, p.t = t, p.ref = ref, p.y = y, p.product = f;
        p.lcop = lcop(u, price, gy, r, t, mt, f, y, &p.em);
        p.lcop_ref = lcop(u, price, gy, r, ref, mr, f, y, &p.em_ref);
        p.premium_pct = p.lcop_ref > 0 && isfinite(p.lcop)
                            ? (p.lcop / p.lcop_ref - 1) * 100 : NAN;
        p.abatement = p.em_ref - p.em;
        p.mac = p.abatement > TL_AN_EPS ? (p.lcop - p.lcop_ref) / p.abatement : NAN;
        p.prod = tl_an_flow(u, 0, r, t, f, y);
        p.prod_ref = tl_an_flow(u, 0, r, ref, f, y);
        if (add_record(a, &p)) goto done;
        premium_row(a, &p);
      }
    }
  if (skipped)
    tl_an_notice(a, TL_AN_COST_PREMIUM,
                 "%d technology-years left out: no output, or the reference "
                 "technology does not make the same product",
                 skipped);
  if (mac_curve(a)) goto done;
  rc = 0;
done:
  tl_free(price, (nf ? nf : 1) * sizeof *price);
  tl_free(g, (nf ? nf : 1) * sizeof *g);
  tl_free(direct, (nd ? nd : 1) * sizeof *direct);
  return rc;
}
