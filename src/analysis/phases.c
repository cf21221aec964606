/* phases.c - PhaseDecomposition.csv: the abatement of the pathway against
 * the reference run, year by year and summed over the phases, split
 * without residual into efficiency, zero-carbon electricity, fuel
 * substitution, CCUS, carbon removal, non-CO2 and process and other, by
 * additive LMDI (Ang, 2004) on the identity of docs/roadmap.md:
 *
 *   CO2 of service s from final fuel f, component k (upstream or direct):
 *   E_sfk = Q_s * (F_s/Q_s) * (F_sf/F_s) * i_sfk * (1 - c_sfk)
 *
 * Removal and non-CO2 are differences of their own sources; process and
 * other is the rest, so that the effects add up to the difference. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"

#define NEWA(p, n) ((p) = tl_calloc((size_t)(n), sizeof *(p)))

/* The logarithmic mean of a, b > 0; its limit (a + b) / 2 where the
 * formula would lose its digits. */
static double logmean(double a, double b) {
  double d = log(a / b);
  if (fabs(d) < 1e-8) return (a + b) / 2;
  return (a - b) / d;
}

static double nz(double v) { return v > 0 ? v : TL_AN_DELTA; }

/* Per-run quantities of one service in (r,y): for each final fuel f (and
 * f == F for the output of technologies without input) its quantity and
 * direct emissions (gross and net of capture). */
typedef struct svc {
  double *fq, *dg, *dn; /* [F+1] */
  double total;         /* F_s */
} svc;

/* Direct emissions counted in the supply chain: CO2 of technologies that
 * are not removals, before (gross) and after (net) capture. */
typedef struct chain {
  double *gross, *net; /* [R*T*Y] */
} chain;

static int chain_init(chain *c, const tl_an_run *u) {
  size_t n = (size_t)u->R * (size_t)u->T * (size_t)u->Y;
  if (!NEWA(c->gross, n) || !NEWA(c->net, n)) return -1;
  for (size_t q = 0; q < n; q++) {
    if (u->removal[q]) continue;
    double net = u->co2[q] > 0 ? u->co2[q] : 0;
    c->net[q] = net;
    c->gross[q] = net + u->captured[q];
  }
  return 0;
}

static void chain_free(chain *c, const tl_an_run *u) {
  size_t n = (size_t)u->R * (size_t)u->T * (size_t)u->Y;
  tl_free(c->gross, n * sizeof *c->gross);
  tl_free(c->net, n * sizeof *c->net);
}

/* Fill sv with the final fuels of end-use service s in run u. */
static void service_fuels(const tl_an_run *u, const chain *c, int r, int y,
                          int s, svc *sv) {
  const tl_build *b = u->b;
  int F = u->F;
  memset(sv->fq, 0, (size_t)(F + 1) * sizeof *sv->fq);
  memset(sv->dg, 0, (size_t)(F + 1) * sizeof *sv->dg);
  memset(sv->dn, 0, (size_t)(F + 1) * sizeof *sv->dn);
  sv->total = 0;
  for (int t = 0; t < u->T; t++) {
    size_t q = tl_an_rty(u, r, t, y);
    int makes = 0;
    for (int64_t e = b->oar.start[q]; e < b->oar.start[q + 1]; e++)
      if (b->oar.k[e] == s) makes = 1;
    if (!makes || u->act[q] == 0) continue;
    double out_s = tl_an_flow(u, 0, r, t, s, y);
    double out = tl_an_flow_total(u, 0, r, t, y);
    if (!(out > 0) || !(out_s > 0)) continue;
    double share = out_s / out;
    double use = tl_an_flow_total(u, 1, r, t, y);
    if (use > 0) {
      for (int64_t e = b->iar.start[q]; e < b->iar.start[q + 1]; e++) {
        int f = b->iar.k[e];
        double in = b->iar.v[e] * tl_an_actm(u, r, t, b->iar.m[e], y);
        if (in == 0) continue;
        sv->fq[f] += share * in;
        sv->dg[f] += share * c->gross[q] * in / use;
        sv->dn[f] += share * c->net[q] * in / use;
      }
    } else {
      sv->fq[F] += out_s;
      sv->dg[F] += share * c->gross[q];
      sv->dn[F] += share * c->net[q];
    }
  }
  for (int f = 0; f <= F; f++) sv->total += sv->fq[f];
}

/* One component in both runs: factors I (F_s/Q_s), S (F_sf/F_s), i
 * (intensity), k (1 - capture share); the intensity effect goes to
 * effect ie. Adds the LMDI effects to eff. */
static void component(const double I[2], const double S[2], const double i[2],
                      const double k[2], int ie, double *eff) {
  double e0 = I[0] * S[0] * i[0] * k[0], e1 = I[1] * S[1] * i[1] * k[1];
  if (!(e0 > 0) && !(e1 > 0)) return;
  double x[4][2];
  const double *f[4] = {I, S, i, k};
  for (int n = 0; n < 4; n++)
    for (int X = 0; X < 2; X++) x[n][X] = nz(f[n][X]);
  double a = x[0][0] * x[1][0] * x[2][0] * x[3][0];
  double b = x[0][1] * x[1][1] * x[2][1] * x[3][1];
  double L = logmean(a, b);
  static const int cls[4] = {TL_EFFECT_EFFICIENCY, TL_EFFECT_FUEL_SUBSTITUTION,
                             -1, TL_EFFECT_CCUS};
  for (int n = 0; n < 4; n++)
    eff[n == 2 ? ie : cls[n]] += L * log(x[n][0] / x[n][1]);
}

/* Capture factor 1 - c from gross and net (1 when nothing is emitted). */
static double keep(double gross, double net) {
  return gross > 0 ? net / gross : 1;
}

/* Everything about (r,y) the decomposition needs, for both runs
 * (index 0 reference, 1 pathway). */
typedef struct year_work {
  const tl_an_run *u[2];
  chain c[2];
  double *g[2], *n[2]; /* [F] embodied CO2 before and after capture */
  svc sv[2];
  char *secondary;     /* [F] */
  char *carrier;       /* [F] */
  int degenerate;      /* years whose LMDI effects were not finite */
} year_work;

/* Structure of (r,y): secondary fuels (made from other fuels, or by
 * zero-carbon power), carrier services (used by technologies too, or made
 * by zero-carbon power). */
static void structure(year_work *w, int r, int y) {
  const tl_build *b = w->u[0]->b;
  int F = b->F, T = b->T, Y = b->Y;
  memset(w->secondary, 0, (size_t)F);
  memset(w->carrier, 0, (size_t)F);
  for (int t = 0; t < T; t++) {
    size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
    int zc = b->ri.category[t] == TL_CAT_ZERO_CARBON_POWER;
    int has_in = b->iar.start[q + 1] > b->iar.start[q];
    for (int64_t e = b->oar.start[q]; e < b->oar.start[q + 1]; e++) {
      if (has_in || zc) w->secondary[b->oar.k[e]] = 1;
      if (zc) w->carrier[b->oar.k[e]] = 1;
    }
  }
  for (int f = 0; f < F; f++)
    if (b->has_user[(r * F + f) * Y + y]) w->carrier[f] = 1;
}

/* Effects of (r,y) into eff[TL_NEFFECTS]; emissions of both runs into
 * em[2]. 0 or -1 (oom). */
static int decompose_year(year_work *w, int r, int y, double *eff,
                          double *em) {
  const tl_build *b = w->u[1]->b;
  const tl_model *m = b->m;
  int F = b->F, T = b->T;
  memset(eff, 0, TL_NEFFECTS * sizeof *eff);
  double rm[2] = {0, 0}, non[2] = {0, 0};
  for (int X = 0; X < 2; X++) {
    const tl_an_run *u = w->u[X];
    em[X] = tl_an_total(u, r, y, 0, 0);
    non[X] = u->exo_ghg[r * u->Y + y] - u->exo_co2[r * u->Y + y];
    for (int t = 0; t < T; t++) {
      size_t q = tl_an_rty(u, r, t, y);
      non[X] += u->nonco2[q];
      if (u->removal[q]) rm[X] += u->co2[q];
    }
    if (tl_an_embodied(u, r, y, w->c[X].gross, w->g[X]) ||
        tl_an_embodied(u, r, y, w->c[X].net, w->n[X]))
      return -1;
  }
  structure(w, r, y);
  for (int s = 0; s < F; s++) {
    double Q = tl_pget3(m, TL_P_SpecifiedAnnualDemand, r, s, y) +
               tl_pget3(m, TL_P_AccumulatedAnnualDemand, r, s, y);
    if (!(Q > 0)) continue;
    if (w->carrier[s]) {
      /* delivered as it is: Q_s * g_s * (1 - c_s) */
      double QQ[2] = {Q, Q}, one[2] = {1, 1}, i[2], k[2];
      for (int X = 0; X < 2; X++) {
        i[X] = w->g[X][s];
        k[X] = keep(w->g[X][s], w->n[X][s]);
      }
      component(QQ, one, i, k,
                w->secondary[s] ? TL_EFFECT_ZERO_CARBON_ELECTRICITY
                                : TL_EFFECT_FUEL_SUBSTITUTION,
                eff);
      continue;
    }
    for (int X = 0; X < 2; X++)
      service_fuels(w->u[X], &w->c[X], r, y, s, &w->sv[X]);
    double I[2] = {w->sv[0].total / Q, w->sv[1].total / Q};
    for (int f = 0; f <= F; f++) {
      if (w->sv[0].fq[f] == 0 && w->sv[1].fq[f] == 0) continue;
      double S[2], i[2], k[2], QI[2];
      for (int X = 0; X < 2; X++) {
        S[X] = w->sv[X].total > 0 ? w->sv[X].fq[f] / w->sv[X].total : 0;
        QI[X] = Q * I[X];
      }
      if (f < F) { /* upstream: the fuel's embodied CO2 */
        for (int X = 0; X < 2; X++) {
          i[X] = w->g[X][f];
          k[X] = keep(w->g[X][f], w->n[X][f]);
        }
        component(QI, S, i, k,
                  w->secondary[f] ? TL_EFFECT_ZERO_CARBON_ELECTRICITY
                                  : TL_EFFECT_FUEL_SUBSTITUTION,
                  eff);
      }
      /* direct: emitted where the service is made */
      for (int X = 0; X < 2; X++) {
        double fq = w->sv[X].fq[f];
        i[X] = fq > 0 ? w->sv[X].dg[f] / fq : 0;
        k[X] = keep(w->sv[X].dg[f], w->sv[X].dn[f]);
      }
      component(QI, S, i, k, TL_EFFECT_PROCESS_OTHER, eff);
    }
  }
  eff[TL_EFFECT_REMOVAL] = rm[0] - rm[1];
  eff[TL_EFFECT_NON_CO2] = non[0] - non[1];
  /* a degenerate supply chain (a loop that feeds itself) can leave no
   * finite intensity: then the identity covers nothing this year */
  for (int k = 0; k < TL_NEFFECTS; k++)
    if (!isfinite(eff[k])) {
      for (int j = 0; j < TL_NEFFECTS; j++)
        if (j != TL_EFFECT_REMOVAL && j != TL_EFFECT_NON_CO2) eff[j] = 0;
      w->degenerate++;
      break;
    }
  /* round-off of the emission totals is not an effect */
  double noise = 1e-12 * fmax(fabs(em[0]), fabs(em[1]));
  double total = em[0] - em[1], sum = 0;
  if (fabs(total) <= noise) em[1] = em[0], total = 0;
  for (int k = 0; k < TL_NEFFECTS; k++) {
    if (k == TL_EFFECT_PROCESS_OTHER) continue;
    if (fabs(eff[k]) <= noise) eff[k] = 0;
    sum += eff[k];
  }
  /* the rest: process CO2 changed other than by capture, energy made but
   * not used by a service, exogenous emissions */
  eff[TL_EFFECT_PROCESS_OTHER] = total - sum;
  if (fabs(eff[TL_EFFECT_PROCESS_OTHER]) <= noise) eff[TL_EFFECT_PROCESS_OTHER] = 0;
  return 0;
}

static void put_row(tl_an *a, int r, const char *level, const char *period,
                    long first, long last, const char *effect, double v,
                    double total) {
  tl_an_table *t = &a->rm->tab[TL_AN_PHASES];
  tl_an_str(t, tl_an_name(a->run.m, TL_REGION, r));
  tl_an_str(t, level);
  tl_an_str(t, period);
  tl_an_int(t, first);
  tl_an_int(t, last);
  tl_an_str(t, effect);
  tl_an_num(t, v);
  tl_an_num(t, total != 0 && !isnan(total) ? v / total : NAN);
  tl_an_endrow(t);
}

/* All rows of one period: effects, total, both runs' emissions. */
static void put_period(tl_an *a, int r, const char *level, const char *period,
                       long first, long last, const double *eff,
                       const double *em) {
  double total = em[0] - em[1];
  for (int k = 0; k < TL_NEFFECTS; k++)
    put_row(a, r, level, period, first, last, tl_roadmap_effect_name(k),
            eff[k], total);
  put_row(a, r, level, period, first, last, "total", total, total);
  put_row(a, r, level, period, first, last, "reference_emissions", em[0], NAN);
  put_row(a, r, level, period, first, last, "pathway_emissions", em[1], NAN);
}

int tl_an_phases(tl_an *a) {
  if (!a->has_ref) return 0;
  const tl_an_run *u = &a->run;
  const tl_build *b = u->b;
  int R = u->R, F = u->F, Y = u->Y, nph = a->rm->nphases;
  year_work w;
  memset(&w, 0, sizeof w);
  w.u[0] = &a->ref;
  w.u[1] = &a->run;
  double *eff = NULL, *em = NULL; /* [Y * TL_NEFFECTS], [Y * 2] */
  int rc = -1;
  for (int X = 0; X < 2; X++)
    if (chain_init(&w.c[X], w.u[X]) || !NEWA(w.g[X], F) ||
        !NEWA(w.n[X], F) || !NEWA(w.sv[X].fq, F + 1) ||
        !NEWA(w.sv[X].dg, F + 1) || !NEWA(w.sv[X].dn, F + 1))
      goto done;
  if (!NEWA(w.secondary, F) || !NEWA(w.carrier, F) ||
      !NEWA(eff, Y * TL_NEFFECTS) || !NEWA(em, Y * 2))
    goto done;
  for (int r = 0; r < R; r++) {
    for (int y = 0; y < Y; y++) {
      if (decompose_year(&w, r, y, eff + y * TL_NEFFECTS, em + y * 2)) goto done;
      long first = (long)b->yv[y];
      long span = y + 1 < Y ? (long)(b->yv[y + 1] - b->yv[y]) : 1;
      if (span < 1) span = 1;
      put_period(a, r, "year", tl_an_name(u->m, TL_YEAR, y), first,
                 first + span - 1, eff + y * TL_NEFFECTS, em + y * 2);
    }
    for (int k = 0; k < nph; k++) {
      long lo = a->o.bounds[k];
      long hi = k + 1 == nph ? a->o.bounds[k + 1] : a->o.bounds[k + 1] - 1;
      tl_roadmap_phase *ph = &a->rm->phase[r * nph + k];
      memset(ph, 0, sizeof *ph);
      ph->first_year = (int)lo;
      ph->last_year = (int)hi;
      double pe[TL_NEFFECTS] = {0}, pm[2] = {0, 0};
      for (int y = 0; y < Y; y++) {
        long first = (long)b->yv[y];
        long last = y + 1 < Y ? (long)b->yv[y + 1] - 1 : first;
        if (last < first) last = first;
        long from = first > lo ? first : lo, to = last < hi ? last : hi;
        if (to < from) continue;
        double n = (double)(to - from + 1);
        ph->covered_years += (int)n;
        for (int e = 0; e < TL_NEFFECTS; e++) pe[e] += n * eff[y * TL_NEFFECTS + e];
        pm[0] += n * em[y * 2];
        pm[1] += n * em[y * 2 + 1];
      }
      if (!ph->covered_years) continue;
      ph->total = pm[0] - pm[1];
      memcpy(ph->effect, pe, sizeof pe);
      char label[64];
      snprintf(label, sizeof label, "%d-%d", a->o.bounds[k], a->o.bounds[k + 1]);
      put_period(a, r, "phase", label, lo, hi, pe, pm);
    }
  }
  for (int r = 0; r < R; r++) a->rm->fig[r].has_reference = 1;
  if (w.degenerate)
    tl_an_notice(a, TL_AN_PHASES,
                 "%d region-years have a supply chain without finite "
                 "emission intensities: their abatement is all process and "
                 "other", w.degenerate);
  rc = 0;
done:
  for (int X = 0; X < 2; X++) {
    chain_free(&w.c[X], w.u[X]);
    tl_free(w.g[X], (size_t)F * sizeof *w.g[X]);
    tl_free(w.n[X], (size_t)F * sizeof *w.n[X]);
    tl_free(w.sv[X].fq, (size_t)(F + 1) * sizeof *w.sv[X].fq);
    tl_free(w.sv[X].dg, (size_t)(F + 1) * sizeof *w.sv[X].dg);
    tl_free(w.sv[X].dn, (size_t)(F + 1) * sizeof *w.sv[X].dn);
  }
  tl_free(w.secondary, (size_t)F);
  tl_free(w.carrier, (size_t)F);
  tl_free(eff, (size_t)Y * TL_NEFFECTS * sizeof *eff);
  tl_free(em, (size_t)Y * 2 * sizeof *em);
  return rc;
}
