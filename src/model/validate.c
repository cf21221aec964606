/* validate.c - consistency checks of a model before it is built: ranges of
 * values, set shapes, the reference model's own check statements, and
 * references that would make the LP meaningless. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/roadmap.h"

typedef struct vctx {
  tl_ctx *ctx;
  const tl_model *m;
  tl_buf ix;  /* scratch: index text */
  tl_buf val; /* scratch: value text */
  int nomem;  /* a check could not run for lack of memory */
} vctx;

static const char *numtext(vctx *v, double x) {
  tl_buf_reset(&v->val);
  tl_buf_addnum(&v->val, x);
  return tl_buf_cstr(&v->val);
}

/* Report about entry e of parameter p (e < 0: the parameter's default). */
static void entry_diag(vctx *v, tl_severity sev, tl_param_id pid, int e,
                       const char *msg) {
  const tl_param *p = &v->m->params[pid];
  tl_loc loc = e >= 0 ? tl_param_entry_loc(v->m, p, e) : p->decl;
  tl_buf_reset(&v->ix);
  if (e >= 0)
    tl_param_index_text(v->m, pid, p->idx + (size_t)e * (size_t)p->def->nidx, &v->ix);
  double x = e >= 0 ? p->val[e] : p->defval;
  tl_diagf(v->ctx, sev, &loc, p->def->name, e >= 0 ? tl_buf_cstr(&v->ix) : "default",
           numtext(v, x), "%s", msg);
}

/* Report about a computed index tuple (no entry): location of the
 * parameter's declaration. */
static void tuple_diag(vctx *v, tl_severity sev, tl_param_id pid,
                       const int32_t *idx, double x, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
static void tuple_diag(vctx *v, tl_severity sev, tl_param_id pid,
                       const int32_t *idx, double x, const char *fmt, ...) {
  const tl_param *p = &v->m->params[pid];
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  tl_buf_reset(&v->ix);
  tl_param_index_text(v->m, pid, idx, &v->ix);
  /* point at the entry if there is one */
  tl_loc loc = p->decl;
  if (p->n) {
    uint64_t key = 0;
    for (int k = 0; k < p->def->nidx; k++) key += (uint64_t)idx[k] * p->mult[k];
    int e = tl_u64map_get(&p->map, key);
    if (e >= 0) loc = tl_param_entry_loc(v->m, p, e);
  }
  tl_diagf(v->ctx, sev, &loc, p->def->name, tl_buf_cstr(&v->ix), numtext(v, x),
           "%s", msg);
}

/* Range checks of the flags in the parameter table. */
static const char *range_problem(unsigned flags, double x) {
  if ((flags & TL_PF_NONNEG) && x < 0) return "must not be negative";
  if ((flags & TL_PF_POSITIVE) && x <= 0) return "must be positive";
  if ((flags & TL_PF_FRAC) && (x < 0 || x > 1)) return "must lie between 0 and 1";
  if ((flags & TL_PF_BINARY) && x != 0 && x != 1) return "must be 0 or 1";
  if ((flags & TL_PF_LIMIT) && x < 0 && x != -1)
    return "must not be negative (-1 means no limit)";
  return NULL;
}

static void check_ranges(vctx *v) {
  for (int pid = 0; pid < TL_NPARAMS; pid++) {
    const tl_param *p = &v->m->params[pid];
    unsigned fl = p->def->flags;
    if (fl & TL_PF_SYMBOLIC) continue;
    const char *why = range_problem(fl, p->defval);
    if (why && p->has_defval) entry_diag(v, TL_ERROR, (tl_param_id)pid, -1, why);
    for (int e = 0; e < p->n; e++) {
      why = range_problem(fl, p->val[e]);
      if (why) entry_diag(v, TL_ERROR, (tl_param_id)pid, e, why);
    }
  }
  static const tl_param_id rates[] = {TL_P_DiscountRate, TL_P_DiscountRateIdv,
                                      TL_P_DiscountRateStorage};
  for (int q = 0; q < 3; q++) {
    const tl_param *p = &v->m->params[rates[q]];
    if (p->defval <= -1) entry_diag(v, TL_ERROR, rates[q], -1, "must be greater than -1");
    for (int e = 0; e < p->n; e++)
      if (p->val[e] <= -1) entry_diag(v, TL_ERROR, rates[q], e, "must be greater than -1");
  }
  const tl_param *dm = &v->m->params[TL_P_DepreciationMethod];
  if (dm->defval != 1 && dm->defval != 2)
    entry_diag(v, TL_ERROR, TL_P_DepreciationMethod, -1, "must be 1 or 2");
  for (int e = 0; e < dm->n; e++)
    if (dm->val[e] != 1 && dm->val[e] != 2)
      entry_diag(v, TL_ERROR, TL_P_DepreciationMethod, e, "must be 1 or 2");
  static const tl_param_id ratios[] = {TL_P_InputActivityRatio,
                                       TL_P_OutputActivityRatio,
                                       TL_P_EmissionActivityRatio};
  /* One warning per technology and parameter, not per year; sinks and
   * removals (TechnologyCategory) may emit negatively. */
  int T = v->m->sets[TL_TECHNOLOGY].n;
  char *warned = tl_calloc((size_t)T * 3, 1);
  for (int q = 0; q < 3 && warned; q++) {
    const tl_param *p = &v->m->params[ratios[q]];
    for (int e = 0; e < p->n; e++) {
      int t = p->idx[(size_t)e * 5 + 1];
      if (p->val[e] >= 0 || warned[t * 3 + q]) continue;
      if (q == 2) {
        const char *cat = tl_model_string(v->m, tl_pget1(v->m, TL_P_TechnologyCategory, t));
        if (cat && (!strcmp(cat, "sink") || !strcmp(cat, "removal"))) continue;
      }
      warned[t * 3 + q] = 1;
      entry_diag(v, TL_WARNING, ratios[q], e,
                 q == 2 ? "negative emission ratio: the reference formulation keeps "
                          "emissions non-negative, so this mode cannot run (give the "
                          "technology TechnologyCategory sink or removal to allow it)"
                        : "negative ratio: the reference formulation keeps the "
                          "product non-negative, so this mode cannot run");
    }
  }
  tl_free(warned, (size_t)T * 3);
}

static void check_sets(vctx *v) {
  const tl_model *m = v->m;
  const tl_set *yr = &m->sets[TL_YEAR];
  static const tl_set_id needed[] = {TL_REGION, TL_YEAR, TL_TIMESLICE,
                                     TL_TECHNOLOGY, TL_MODE_OF_OPERATION};
  for (int q = 0; q < 5; q++)
    if (m->sets[needed[q]].n == 0)
      tl_diagf(v->ctx, TL_ERROR, m->sets[needed[q]].defined ? &m->sets[needed[q]].loc : NULL,
               tl_set_names[needed[q]], NULL, NULL,
               "set is empty: a model needs at least one member");
  for (int i = 0; i < yr->n; i++) {
    double y = yr->num[i];
    if (isnan(y) || y != floor(y)) {
      tl_diagf(v->ctx, TL_ERROR, &yr->loc, "YEAR", NULL, yr->name[i],
               "years must be whole numbers");
    } else if (i > 0 && !(y > yr->num[i - 1])) {
      tl_diagf(v->ctx, TL_ERROR, &yr->loc, "YEAR", NULL, yr->name[i],
               "years must be listed in increasing order (follows %s)",
               yr->name[i - 1]);
    }
  }
  if (m->sets[TL_STORAGE].n) {
    static const tl_set_id num[] = {TL_SEASON, TL_DAYTYPE, TL_DAILYTIMEBRACKET};
    for (int q = 0; q < 3; q++) {
      const tl_set *s = &m->sets[num[q]];
      if (s->n == 0)
        tl_diagf(v->ctx, TL_ERROR, NULL, tl_set_names[num[q]], NULL, NULL,
                 "a model with STORAGE needs at least one member here");
      for (int i = 0; i < s->n; i++)
        if (isnan(s->num[i]))
          tl_diagf(v->ctx, TL_ERROR, &s->loc, tl_set_names[num[q]], NULL,
                   s->name[i],
                   "members must be numbers: the storage equations order "
                   "them (ls-1, ld+1, lh-lhlh)");
    }
  }
}

/* YearSplit sums to 1 in each year (the reference's own check, with its
 * tolerance); demand in a timeslice of zero length cannot be met. */
static void check_timeslices(vctx *v) {
  const tl_model *m = v->m;
  int L = m->sets[TL_TIMESLICE].n, Y = m->sets[TL_YEAR].n;
  for (int y = 0; y < Y; y++) {
    double sum = 0;
    for (int l = 0; l < L; l++) sum += tl_pget2(m, TL_P_YearSplit, l, y);
    if (L && (sum < 0.9999 || sum > 1.0001)) {
      int32_t idx[2] = {0, y};
      tuple_diag(v, TL_ERROR, TL_P_YearSplit, idx, sum,
                 "YearSplit over all timeslices of year %s sums to %.6g, not 1",
                 m->sets[TL_YEAR].name[y], sum);
    }
  }
}

static void check_demands(vctx *v) {
  const tl_model *m = v->m;
  int R = m->sets[TL_REGION].n, F = m->sets[TL_FUEL].n, Y = m->sets[TL_YEAR].n;
  int T = m->sets[TL_TECHNOLOGY].n, L = m->sets[TL_TIMESLICE].n;
  size_t n = (size_t)R * (size_t)F * (size_t)Y;
  char *prod = tl_calloc(n, 1);
  if (!prod) {
    tl_diagf(v->ctx, TL_ERROR, NULL, NULL, NULL, NULL, "out of memory");
    v->nomem = 1;
    return;
  }
  const tl_param *o = &m->params[TL_P_OutputActivityRatio];
  for (int e = 0; e < o->n; e++) {
    const int32_t *ix = o->idx + (size_t)e * 5;
    if (o->val[e] > 0) prod[((size_t)ix[0] * (size_t)F + (size_t)ix[2]) * (size_t)Y + (size_t)ix[4]] = 1;
  }
  static const tl_param_id dem[] = {TL_P_SpecifiedAnnualDemand,
                                    TL_P_AccumulatedAnnualDemand};
  for (int q = 0; q < 2; q++) {
    const tl_param *p = &m->params[dem[q]];
    for (int e = 0; e < p->n; e++) {
      const int32_t *ix = p->idx + (size_t)e * 3;
      if (p->val[e] <= 0) continue;
      if (!prod[((size_t)ix[0] * (size_t)F + (size_t)ix[1]) * (size_t)Y + (size_t)ix[2]]) {
        char msg[300];
        snprintf(msg, sizeof msg,
                 "no technology produces fuel %s in year %s: the demand "
                 "cannot be met (no OutputActivityRatio > 0 for it)",
                 m->sets[TL_FUEL].name[ix[1]], m->sets[TL_YEAR].name[ix[2]]);
        entry_diag(v, TL_ERROR, dem[q], e, msg);
      }
      if (q == 0)
        for (int l = 0; l < L; l++)
          if (tl_pget2(m, TL_P_YearSplit, l, ix[2]) == 0 &&
              tl_pget4(m, TL_P_SpecifiedDemandProfile, ix[0], ix[1], l, ix[2]) != 0) {
            int32_t i2[2] = {l, ix[2]};
            tuple_diag(v, TL_ERROR, TL_P_YearSplit, i2, 0,
                       "timeslice %s has no length but fuel %s has demand in it",
                       m->sets[TL_TIMESLICE].name[l], m->sets[TL_FUEL].name[ix[1]]);
          }
    }
  }
  (void)T;
  tl_free(prod, n);
}

/* The check statements of osemosys.txt: glpsol stops the model when one
 * fails, so they are errors here too. */
static void check_reference_statements(vctx *v) {
  const tl_model *m = v->m;
  int R = m->sets[TL_REGION].n, T = m->sets[TL_TECHNOLOGY].n;
  int Y = m->sets[TL_YEAR].n, L = m->sets[TL_TIMESLICE].n;
  for (int r = 0; r < R; r++)
    for (int t = 0; t < T; t++) {
      double lowsum = 0;
      for (int y = 0; y < Y; y++) {
        int32_t ix[3] = {r, t, y};
        double maxinv = tl_pget3(m, TL_P_TotalAnnualMaxCapacityInvestment, r, t, y);
        double mininv = tl_pget3(m, TL_P_TotalAnnualMinCapacityInvestment, r, t, y);
        double up = tl_pget3(m, TL_P_TotalTechnologyAnnualActivityUpperLimit, r, t, y);
        double lo = tl_pget3(m, TL_P_TotalTechnologyAnnualActivityLowerLimit, r, t, y);
        double maxcap = tl_pget3(m, TL_P_TotalAnnualMaxCapacity, r, t, y);
        double res = tl_pget3(m, TL_P_ResidualCapacity, r, t, y);
        double af = tl_pget3(m, TL_P_AvailabilityFactor, r, t, y);
        double cau = tl_pget2(m, TL_P_CapacityToActivityUnit, r, t);
        lowsum += lo;
        if (maxinv != -1 && mininv != 0 && maxinv < mininv)
          tuple_diag(v, TL_ERROR, TL_P_TotalAnnualMaxCapacityInvestment, ix, maxinv,
                     "is below TotalAnnualMinCapacityInvestment (%g)", mininv);
        if (up != -1 && up != 0 && lo != 0 && up < lo)
          tuple_diag(v, TL_ERROR, TL_P_TotalTechnologyAnnualActivityUpperLimit, ix, up,
                     "is below TotalTechnologyAnnualActivityLowerLimit (%g)", lo);
        if (maxcap != -1 && res != 0 && maxcap < res + mininv)
          tuple_diag(v, TL_ERROR, TL_P_TotalAnnualMaxCapacity, ix, maxcap,
                     "is below ResidualCapacity + TotalAnnualMinCapacityInvestment (%g)",
                     res + mininv);
        if (maxcap != 0 && maxcap != -1 && lo != 0 && af != 0 && cau != 0) {
          double cfys = 0;
          for (int l = 0; l < L; l++)
            cfys += tl_pget4(m, TL_P_CapacityFactor, r, t, l, y) *
                    tl_pget2(m, TL_P_YearSplit, l, y);
          double most = cfys * maxcap * af * cau;
          if (most < lo)
            tuple_diag(v, TL_ERROR, TL_P_TotalTechnologyAnnualActivityLowerLimit, ix, lo,
                       "exceeds the most the maximum capacity can produce (%g)", most);
        }
      }
      double mplo = tl_pget2(m, TL_P_TotalTechnologyModelPeriodActivityLowerLimit, r, t);
      if (mplo != 0 && mplo < lowsum) {
        int32_t ix2[2] = {r, t};
        tuple_diag(v, TL_ERROR, TL_P_TotalTechnologyModelPeriodActivityLowerLimit, ix2,
                   mplo, "is below the sum of the annual lower limits (%g)", lowsum);
      }
    }
}

tl_status tl_model_validate(tl_ctx *ctx, const tl_model *m) {
  vctx v = {ctx, m, {0}, {0}, 0};
  tl_buf_init(&v.ix);
  tl_buf_init(&v.val);
  int before = tl_ctx_count(ctx, TL_ERROR);
  check_sets(&v);
  /* the rest indexes by year and assumes usable sets */
  if (tl_ctx_count(ctx, TL_ERROR) == before) {
    check_ranges(&v);
    check_timeslices(&v);
    check_demands(&v);
    check_reference_statements(&v);
    tl_roadmap_validate(ctx, m);
  }
  tl_buf_free(&v.ix);
  tl_buf_free(&v.val);
  if (v.nomem) return TL_ERR_NOMEM;
  return tl_ctx_count(ctx, TL_ERROR) > before ? TL_ERR_INVALID : TL_OK;
}
