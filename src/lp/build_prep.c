/* build_prep.c - what the LP builder computes from a model before it adds a
 * single row: sizes, year values, grouped activity ratios, the modes that
 * get activity columns, discount factors and capital-cost factors. */
#include <math.h>
#include <string.h>

#include "lp/build.h"

#define NEWA(p, n) ((p) = tl_calloc((size_t)(n), sizeof *(p)))

/* Group the nonzero entries of a ratio parameter by (r, t, y). */
static int group_ratios(const tl_model *m, tl_param_id pid, int R, int T,
                        int Y, tl_ratios *g) {
  const tl_param *p = &m->params[pid];
  size_t nb = (size_t)R * (size_t)T * (size_t)Y;
  size_t n = (size_t)p->n;
  if (!NEWA(g->start, nb + 1) || !NEWA(g->k, n) || !NEWA(g->m, n) ||
      !NEWA(g->v, n))
    return -1;
  /* idx layout: r, t, k (fuel or emission), m, y */
  for (size_t e = 0; e < n; e++) {
    const int32_t *ix = p->idx + e * 5;
    if (p->val[e] == 0) continue;
    g->start[((size_t)ix[0] * (size_t)T + (size_t)ix[1]) * (size_t)Y + (size_t)ix[4] + 1]++;
  }
  for (size_t b = 0; b < nb; b++) g->start[b + 1] += g->start[b];
  int64_t *next = tl_malloc((nb) * sizeof *next);
  if (!next) return -1;
  memcpy(next, g->start, nb * sizeof *next);
  for (size_t e = 0; e < n; e++) {
    const int32_t *ix = p->idx + e * 5;
    if (p->val[e] == 0) continue;
    size_t b = ((size_t)ix[0] * (size_t)T + (size_t)ix[1]) * (size_t)Y + (size_t)ix[4];
    int64_t q = next[b]++;
    g->k[q] = ix[2];
    g->m[q] = ix[3];
    g->v[q] = p->val[e];
  }
  tl_free(next, (nb) * sizeof *next);
  g->n = (int64_t)g->start[nb];
  return 0;
}

static void free_ratios(tl_ratios *g, size_t nb, size_t n) {
  tl_free(g->start, (nb + 1) * sizeof *g->start);
  tl_free(g->k, (n) * sizeof *g->k);
  tl_free(g->m, (n) * sizeof *g->m);
  tl_free(g->v, (n) * sizeof *g->v);
}

/* Positions of a numeric set sorted by value (names order if not numeric). */
static int sort_positions(const tl_set *s, int **out) {
  int n = s->n;
  int *o = tl_malloc((size_t)(n) * sizeof *o);
  if (!o) return -1;
  for (int i = 0; i < n; i++) o[i] = i;
  for (int i = 1; i < n; i++) { /* insertion sort: these sets are tiny */
    int v = o[i], j = i - 1;
    while (j >= 0 && s->num[o[j]] > s->num[v]) {
      o[j + 1] = o[j];
      j--;
    }
    o[j + 1] = v;
  }
  *out = o;
  return 0;
}

void tl_build_free(tl_build *b) {
  if (!b) return;
  size_t R = (size_t)b->R, T = (size_t)b->T, Y = (size_t)b->Y,
         F = (size_t)b->F, L = (size_t)b->L, E = (size_t)b->E,
         M = (size_t)b->M;
  const tl_model *m = b->m;
  tl_free(b->yv, (Y) * sizeof *b->yv);
  tl_free(b->yw, (Y) * sizeof *b->yw);
  tl_free(b->ys, (L * Y) * sizeof *b->ys);
  tl_free(b->tm_start, (T + 1) * sizeof *b->tm_start);
  tl_free(b->tm_mode, (T * M) * sizeof *b->tm_mode);
  tl_free(b->mode_slot, (T * M) * sizeof *b->mode_slot);
  tl_free(b->act0, (R * T) * sizeof *b->act0);
  tl_free(b->units, (R * T * Y) * sizeof *b->units);
  tl_free(b->trade, (R * R * F * Y) * sizeof *b->trade);
  tl_free(b->trade_sign, (R * R * F * Y) * sizeof *b->trade_sign);
  tl_free(b->eb_row, (R * L * F * Y) * sizeof *b->eb_row);
  tl_free(b->e8_row, (R * E * Y) * sizeof *b->e8_row);
  tl_free(b->ghg_row, (R * Y) * sizeof *b->ghg_row);
  tl_free(b->ci_row, (R * Y) * sizeof *b->ci_row);
  tl_free(b->pk_row, (R * Y) * sizeof *b->pk_row);
  tl_free(b->nz_row, (R * Y) * sizeof *b->nz_row);
  tl_free(b->e9_row, (R * E) * sizeof *b->e9_row);
  if (b->ri_ok) tl_roadmap_info_free(&b->ri);
  tl_free(b->capfactor, (R * T * Y) * sizeof *b->capfactor);
  tl_free(b->salvfrac, (R * T * Y) * sizeof *b->salvfrac);
  tl_free(b->life_lo, (R * T * Y) * sizeof *b->life_lo);
  tl_free(b->df, (R * Y) * sizeof *b->df);
  tl_free(b->dfmid, (R * Y) * sizeof *b->dfmid);
  tl_free(b->svdf, (R) * sizeof *b->svdf);
  size_t nb = R * T * Y;
  if (m) {
    free_ratios(&b->oar, nb, (size_t)m->params[TL_P_OutputActivityRatio].n);
    free_ratios(&b->iar, nb, (size_t)m->params[TL_P_InputActivityRatio].n);
    free_ratios(&b->ear, nb, (size_t)m->params[TL_P_EmissionActivityRatio].n);
  }
  tl_free(b->has_producer, (R * F * Y) * sizeof *b->has_producer);
  tl_free(b->has_user, (R * F * Y) * sizeof *b->has_user);
  tl_free(b->ls_ord, (size_t)(b->LS) * sizeof *b->ls_ord);
  tl_free(b->ld_ord, (size_t)(b->LD) * sizeof *b->ld_ord);
  tl_free(b->lh_ord, (size_t)(b->LH) * sizeof *b->lh_ord);
  tl_free(b, sizeof *b);
}

/* Mark the modes of each technology that need activity columns: those with
 * any input, output, emission or storage ratio (as osemosys_fast does), a
 * negative variable cost, or - for a technology with a lower activity
 * limit - every mode, since osemosys.txt lets any mode count towards it. */
static int choose_modes(tl_build *b) {
  const tl_model *m = b->m;
  int T = b->T, M = b->M;
  char *use = tl_calloc((size_t)(T * M), 1);
  if (!use) return -1;
  static const tl_param_id ratio5[] = {TL_P_InputActivityRatio,
                                       TL_P_OutputActivityRatio,
                                       TL_P_EmissionActivityRatio};
  for (int q = 0; q < 3; q++) {
    const tl_param *p = &m->params[ratio5[q]];
    for (int e = 0; e < p->n; e++)
      if (p->val[e] != 0)
        use[p->idx[(size_t)e * 5 + 1] * M + p->idx[(size_t)e * 5 + 3]] = 1;
  }
  static const tl_param_id stor[] = {TL_P_TechnologyToStorage,
                                     TL_P_TechnologyFromStorage};
  for (int q = 0; q < 2; q++) {
    const tl_param *p = &m->params[stor[q]];
    for (int e = 0; e < p->n; e++)
      if (p->val[e] != 0)
        use[p->idx[(size_t)e * 4 + 1] * M + p->idx[(size_t)e * 4 + 3]] = 1;
  }
  const tl_param *vc = &m->params[TL_P_VariableCost];
  for (int e = 0; e < vc->n; e++)
    if (vc->val[e] < 0) use[vc->idx[(size_t)e * 4 + 1] * M + vc->idx[(size_t)e * 4 + 2]] = 1;
  if (vc->defval < 0) memset(use, 1, (size_t)(T * M));
  static const tl_param_id lower3[] = {TL_P_TotalTechnologyAnnualActivityLowerLimit};
  const tl_param *lo = &m->params[lower3[0]];
  for (int e = 0; e < lo->n; e++)
    if (lo->val[e] > 0) memset(use + lo->idx[(size_t)e * 3 + 1] * M, 1, (size_t)M);
  const tl_param *lo2 = &m->params[TL_P_TotalTechnologyModelPeriodActivityLowerLimit];
  for (int e = 0; e < lo2->n; e++)
    if (lo2->val[e] > 0) memset(use + lo2->idx[(size_t)e * 2 + 1] * M, 1, (size_t)M);
  if (lo->defval > 0 || lo2->defval > 0) memset(use, 1, (size_t)(T * M));
  if (!NEWA(b->tm_start, T + 1) || !NEWA(b->tm_mode, T * M) ||
      !NEWA(b->mode_slot, T * M)) {
    tl_free(use, (size_t)(T * M));
    return -1;
  }
  int n = 0;
  for (int t = 0; t < T; t++) {
    b->tm_start[t] = n;
    for (int mm = 0; mm < M; mm++) {
      b->mode_slot[t * M + mm] = -1;
      if (use[t * M + mm]) {
        b->mode_slot[t * M + mm] = n - b->tm_start[t];
        b->tm_mode[n++] = mm;
      }
    }
  }
  b->tm_start[T] = n;
  tl_free(use, (size_t)(T * M));
  return 0;
}

/* Capital recovery factor times PV annuity (CC1 of osemosys.txt), with the
 * limits for zero rates where the closed forms divide by zero. */
static double crf_pva(double idv, double dr, double life) {
  double crf = idv == 0 ? 1.0 / life
                        : (1 - pow(1 + idv, -1)) / (1 - pow(1 + idv, -life));
  double pva = dr == 0 ? life : (1 - pow(1 + dr, -life)) * (1 + dr) / dr;
  return crf * pva;
}

double tl_period_discount(double dr, double from, double weight) {
  double s = 0;
  int n = (int)ceil(weight);
  for (int k = 0; k < n; k++) {
    double part = weight - k < 1 ? weight - k : 1; /* a fractional last year */
    s += part / pow(1 + dr, from + k + 0.5);
  }
  return s;
}

/* Salvage value as a fraction of the capital investment made in year yv
 * (SV1-SV3; SI6-SI8 for storage). dm: DepreciationMethod. */
double tl_salvage_fraction(double yv, double ymax, double life, double dr,
                           int dm) {
  if (yv + life - 1 <= ymax) return 0;
  if (dm == 1 && dr != 0)
    return 1 - (pow(1 + dr, ymax - yv + 1) - 1) / (pow(1 + dr, life) - 1);
  return 1 - (ymax - yv + 1) / life;
}

tl_build *tl_build_prepare(const tl_model *m, const tl_build_options *opt) {
  tl_build *b = tl_calloc(1, sizeof *b);
  if (!b) return NULL;
  b->m = m;
  if (opt)
    b->opt = *opt;
  else
    tl_build_options_init(&b->opt);
  b->R = m->sets[TL_REGION].n;
  b->T = m->sets[TL_TECHNOLOGY].n;
  b->L = m->sets[TL_TIMESLICE].n;
  b->F = m->sets[TL_FUEL].n;
  b->E = m->sets[TL_EMISSION].n;
  b->M = m->sets[TL_MODE_OF_OPERATION].n;
  b->S = m->sets[TL_STORAGE].n;
  b->Y = m->sets[TL_YEAR].n;
  b->LS = m->sets[TL_SEASON].n;
  b->LD = m->sets[TL_DAYTYPE].n;
  b->LH = m->sets[TL_DAILYTIMEBRACKET].n;
  int R = b->R, T = b->T, L = b->L, F = b->F, E = b->E, Y = b->Y;
  if (!NEWA(b->yv, Y) || !NEWA(b->yw, Y) || !NEWA(b->ys, L * Y)) goto fail;
  for (int y = 0; y < Y; y++) {
    b->yv[y] = m->sets[TL_YEAR].num[y];
    b->yw[y] = tl_pget1(m, TL_P_YearWeight, y);
  }
  b->yend = Y ? b->yv[Y - 1] + b->yw[Y - 1] - 1 : 0;
  for (int l = 0; l < L; l++)
    for (int y = 0; y < Y; y++)
      b->ys[l * Y + y] = tl_pget2(m, TL_P_YearSplit, l, y);
  if (group_ratios(m, TL_P_OutputActivityRatio, R, T, Y, &b->oar) ||
      group_ratios(m, TL_P_InputActivityRatio, R, T, Y, &b->iar) ||
      group_ratios(m, TL_P_EmissionActivityRatio, R, T, Y, &b->ear))
    goto fail;
  if (choose_modes(b)) goto fail;
  if (!NEWA(b->has_producer, R * F * Y) || !NEWA(b->has_user, R * F * Y))
    goto fail;
  {
    /* EBa3/EBa7 exist where the sum of OutputActivityRatio over t, m is
     * nonzero; EBa6/EBa8 likewise for inputs. Sum them, then test. */
    double *sum = tl_calloc((size_t)(R * F * Y), sizeof *sum);
    if (!sum) goto fail;
    const tl_param *o = &m->params[TL_P_OutputActivityRatio];
    for (int e = 0; e < o->n; e++) {
      const int32_t *ix = o->idx + (size_t)e * 5;
      sum[(ix[0] * F + ix[2]) * Y + ix[4]] += o->val[e];
    }
    for (int q = 0; q < R * F * Y; q++) b->has_producer[q] = sum[q] != 0;
    memset(sum, 0, (size_t)(R * F * Y) * sizeof *sum);
    const tl_param *in = &m->params[TL_P_InputActivityRatio];
    for (int e = 0; e < in->n; e++) {
      const int32_t *ix = in->idx + (size_t)e * 5;
      sum[(ix[0] * F + ix[2]) * Y + ix[4]] += in->val[e];
    }
    for (int q = 0; q < R * F * Y; q++) b->has_user[q] = sum[q] != 0;
    tl_free(sum, (size_t)(R * F * Y) * sizeof *sum);
  }
  /* discounting and capital costs */
  if (!NEWA(b->df, R * Y) || !NEWA(b->dfmid, R * Y) || !NEWA(b->svdf, R) ||
      !NEWA(b->capfactor, R * T * Y) || !NEWA(b->salvfrac, R * T * Y) ||
      !NEWA(b->life_lo, R * T * Y))
    goto fail;
  {
    double ymin = Y ? b->yv[0] : 0, ymax = b->yend;
    for (int r = 0; r < R; r++) {
      double dr = tl_pget1(m, TL_P_DiscountRate, r);
      int dm = (int)tl_pget1(m, TL_P_DepreciationMethod, r);
      for (int y = 0; y < Y; y++) {
        b->df[r * Y + y] = pow(1 + dr, b->yv[y] - ymin);
        b->dfmid[r * Y + y] = 1 / tl_period_discount(dr, b->yv[y] - ymin,
                                                     b->yw[y]);
      }
      b->svdf[r] = pow(1 + dr, 1 + ymax - ymin);
      for (int t = 0; t < T; t++) {
        double life = tl_pget2(m, TL_P_OperationalLife, r, t);
        double f = crf_pva(tl_pget2(m, TL_P_DiscountRateIdv, r, t), dr, life);
        int lo = 0;
        for (int y = 0; y < Y; y++) {
          size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
          b->capfactor[q] = tl_pget3(m, TL_P_CapitalCost, r, t, y) * f;
          b->salvfrac[q] = tl_salvage_fraction(b->yv[y], ymax, life, dr, dm);
          while (lo < y && !(b->yv[y] - b->yv[lo] < life)) lo++;
          b->life_lo[q] = lo;
        }
      }
    }
  }
  if (sort_positions(&m->sets[TL_SEASON], &b->ls_ord) ||
      sort_positions(&m->sets[TL_DAYTYPE], &b->ld_ord) ||
      sort_positions(&m->sets[TL_DAILYTIMEBRACKET], &b->lh_ord))
    goto fail;
  if (tl_roadmap_info_init(&b->ri, m, (int)b->opt.gwp)) goto fail;
  b->ri_ok = 1;
  if (!NEWA(b->ghg_row, R * Y) || !NEWA(b->ci_row, R * Y) ||
      !NEWA(b->pk_row, R * Y) || !NEWA(b->nz_row, R * Y) ||
      !NEWA(b->e9_row, R * E))
    goto fail;
  if (!NEWA(b->act0, R * T) || !NEWA(b->units, R * T * Y) ||
      !NEWA(b->trade, R * R * F * Y) || !NEWA(b->trade_sign, R * R * F * Y) ||
      !NEWA(b->eb_row, R * L * F * Y) || !NEWA(b->e8_row, R * E * Y))
    goto fail;
  return b;
fail:
  tl_build_free(b);
  return NULL;
}

double tl_build_accnew(const tl_build *b, const double *x, int r, int t,
                       int y) {
  size_t q = ((size_t)r * (size_t)b->T + (size_t)t) * (size_t)b->Y + (size_t)y;
  double s = 0;
  for (int yy = b->life_lo[q]; yy <= y; yy++) s += x[tl_build_newcap(b, r, t, yy)];
  return s;
}

double tl_build_accnew_storage(const tl_build *b, const double *x, int r,
                               int s, int y) {
  double life = tl_pget2(b->m, TL_P_OperationalLifeStorage, r, s), acc = 0;
  for (int yy = 0; yy <= y; yy++)
    if (b->yv[y] - b->yv[yy] < life)
      acc += x[b->nsc0 + (r * b->S + s) * b->Y + yy];
  return acc;
}
