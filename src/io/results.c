/* results.c - the OSeMOSYS result tables, computed from the LP solution and
 * the model, written as one CSV per table with otoole's names and columns.
 * Each file is written under a temporary name; only when every table is
 * complete are they renamed into place, so a failure (out of memory, a
 * full disk) leaves the folder's earlier results as they were. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/results.h"
#include "lp/build.h"

/* Values at or below this magnitude are solver noise and not written. */
#define TL_RESULT_EPS 1e-10

struct rctx;

typedef struct rtab {
  struct rctx *c; /* the write this table belongs to */
  tl_ctx *ctx;
  const tl_model *m;
  FILE *f;
  tl_buf tmp, fin;
  int nidx;
  tl_set_id sets[TL_LP_MAXIX];
  int failed;
  long rows;
} rtab;

static int csv_needs_quote(const char *s) {
  for (; *s; s++)
    if (*s == ',' || *s == '"' || *s == '\n' || *s == '\r') return 1;
  return 0;
}

static void put_field(FILE *f, const char *s) {
  if (!csv_needs_quote(s)) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

static tl_ctx *rctx_ctx(struct rctx *c);
static const tl_model *rctx_model(struct rctx *c);
static const char *rctx_dir(struct rctx *c);
static void rctx_nomem(struct rctx *c);
static int rctx_failed(const struct rctx *c);
static int rctx_pend(struct rctx *c, const char *tmp, const char *fin);

/* Open table name with index sets sets[0..nidx) for the write c. */
static int tab_open(rtab *t, struct rctx *c, const char *name, int nidx,
                    const tl_set_id *sets) {
  memset(t, 0, sizeof *t);
  t->c = c;
  t->ctx = rctx_ctx(c);
  t->m = rctx_model(c);
  t->nidx = nidx;
  memcpy(t->sets, sets, (size_t)nidx * sizeof *sets);
  tl_buf_init(&t->tmp);
  tl_buf_init(&t->fin);
  if (rctx_failed(c)) { /* nothing will be kept: write no more */
    t->failed = 1;
    return -1;
  }
  tl_buf_printf(&t->fin, "%s/%s.csv", rctx_dir(c), name);
  tl_buf_printf(&t->tmp, "%s/.%s.csv.tmp%ld", rctx_dir(c), name,
                (long)getpid());
  if (t->tmp.oom || t->fin.oom) {
    rctx_nomem(c);
    t->failed = 1;
    return -1;
  }
  t->f = fopen(tl_buf_cstr(&t->tmp), "w");
  if (!t->f) {
    tl_diagf(t->ctx, TL_ERROR, NULL, name, NULL, tl_buf_cstr(&t->tmp),
             "cannot create result file: %s", strerror(errno));
    t->failed = 1;
    return -1;
  }
  setvbuf(t->f, NULL, _IOFBF, 1 << 16);
  for (int k = 0; k < nidx; k++) {
    int rep = 0;
    for (int q = 0; q < k; q++) rep |= sets[q] == sets[k];
    fprintf(t->f, "%s%s,", rep ? "_" : "", tl_set_names[sets[k]]);
  }
  fputs("VALUE\n", t->f);
  return 0;
}

static void tab_row(rtab *t, const int32_t *ix, double v) {
  if (t->failed || !(fabs(v) > TL_RESULT_EPS)) return;
  for (int k = 0; k < t->nidx; k++) {
    put_field(t->f, t->m->sets[t->sets[k]].name[ix[k]]);
    fputc(',', t->f);
  }
  fprintf(t->f, "%.12g\n", v);
  t->rows++;
}

/* Close: flush and check; a complete table joins the write's pending
 * list (renamed into place by tl_results_write once all are complete),
 * a failed one is removed. Returns 0 or -1. */
static int tab_close(rtab *t) {
  if (t->f) {
    int err = 0;
    /* durable later, all tables at once (tl_renames_finish) */
    if (ferror(t->f) || fflush(t->f)) err = errno;
    if (fclose(t->f) && !err) err = errno ? errno : EIO;
    t->f = NULL;
    if (err || t->failed) {
      if (!t->failed)
        tl_diagf(t->ctx, TL_ERROR, NULL, NULL, NULL, tl_buf_cstr(&t->fin),
                 "cannot write result file: %s", strerror(err ? err : EIO));
      t->failed = 1;
    } else if (rctx_pend(t->c, tl_buf_cstr(&t->tmp), tl_buf_cstr(&t->fin))) {
      t->failed = 1;
    }
    if (t->failed) remove(tl_buf_cstr(&t->tmp));
  }
  int rc = t->failed ? -1 : 0;
  tl_buf_free(&t->tmp);
  tl_buf_free(&t->fin);
  return rc;
}

/* Everything a table function needs. */
typedef struct rctx {
  tl_ctx *ctx;
  const tl_model *m;
  const tl_build *b;
  const double *x;
  const char *dir;
  int failed;
  int nomem;       /* a failure was for lack of memory */
  tl_renames pending; /* complete tables, renamed at the end */
} rctx;

static tl_ctx *rctx_ctx(struct rctx *c) { return c->ctx; }
static const tl_model *rctx_model(struct rctx *c) { return c->m; }
static const char *rctx_dir(struct rctx *c) { return c->dir; }
static int rctx_failed(const struct rctx *c) { return c->failed || c->nomem; }
static void rctx_nomem(struct rctx *c) {
  if (!c->nomem)
    tl_diagf(c->ctx, TL_ERROR, NULL, NULL, NULL, c->dir,
             "out of memory while writing the results");
  c->nomem = 1;
}

/* Add a complete table to the pending renames; -1 when out of memory. */
static int rctx_pend(struct rctx *c, const char *tmp, const char *fin) {
  if (tl_renames_add(&c->pending, tmp, fin)) {
    rctx_nomem(c);
    return -1;
  }
  return 0;
}

#define R_ TL_REGION
#define T_ TL_TECHNOLOGY
#define L_ TL_TIMESLICE
#define F_ TL_FUEL
#define E_ TL_EMISSION
#define M_ TL_MODE_OF_OPERATION
#define Y_ TL_YEAR
#define S_ TL_STORAGE

static double act(const rctx *c, int r, int l, int t, int m, int y) {
  int j = tl_build_act(c->b, r, l, t, m, y);
  return j < 0 ? 0 : c->x[j];
}

/* Annual activity of (r,t,m,y): sum over timeslices of RateOfActivity *
 * YearSplit. */
static double act_by_mode(const rctx *c, int r, int t, int m, int y) {
  double s = 0;
  for (int l = 0; l < c->b->L; l++) s += act(c, r, l, t, m, y) * c->b->ys[l * c->b->Y + y];
  return s;
}

static double vcsum(const rctx *c, int r, int t, int y) {
  double s = 0;
  for (int mm = 0; mm < c->b->M; mm++) s += tl_pget4(c->m, TL_P_VariableCost, r, t, mm, y);
  return s;
}

static double annual_var_cost(const rctx *c, int r, int t, int y) {
  if (vcsum(c, r, t, y) == 0) return 0;
  double s = 0;
  for (int k = c->b->tm_start[t]; k < c->b->tm_start[t + 1]; k++) {
    int mm = c->b->tm_mode[k];
    s += act_by_mode(c, r, t, mm, y) * tl_pget4(c->m, TL_P_VariableCost, r, t, mm, y);
  }
  return s;
}

static double tech_emission(const rctx *c, int r, int t, int e, int y) {
  const tl_build *b = c->b;
  size_t q = ((size_t)r * (size_t)b->T + (size_t)t) * (size_t)b->Y + (size_t)y;
  double s = 0;
  for (int64_t k = b->ear.start[q]; k < b->ear.start[q + 1]; k++)
    if (b->ear.k[k] == e) s += b->ear.v[k] * act_by_mode(c, r, t, b->ear.m[k], y);
  return s;
}

static double disc_penalty(const rctx *c, int r, int t, int y) {
  double s = 0;
  for (int e = 0; e < c->b->E; e++) {
    double pen = tl_pget3(c->m, TL_P_EmissionsPenalty, r, e, y);
    if (pen != 0) s += tech_emission(c, r, t, e, y) * pen;
  }
  return s / c->b->dfmid[r * c->b->Y + y];
}

/* Tables indexed by (r, t, y). */
enum { K_NEWCAP, K_ACCNEW, K_TOTCAP, K_CAPINV, K_SALV, K_DSALV, K_FIXED,
       K_VAR, K_ACT, K_DPEN, K_UNITS, K_RTY_COUNT };

static double rty_value(const rctx *c, int kind, int r, int t, int y) {
  const tl_build *b = c->b;
  size_t q = ((size_t)r * (size_t)b->T + (size_t)t) * (size_t)b->Y + (size_t)y;
  double nc = c->x[tl_build_newcap(b, r, t, y)];
  switch (kind) {
    case K_NEWCAP: return nc;
    case K_ACCNEW: return tl_build_accnew(b, c->x, r, t, y);
    case K_TOTCAP:
      return tl_build_accnew(b, c->x, r, t, y) + tl_pget3(c->m, TL_P_ResidualCapacity, r, t, y);
    case K_CAPINV: return b->capfactor[q] * nc;
    case K_SALV: return b->capfactor[q] * nc * b->salvfrac[q];
    case K_DSALV: return b->capfactor[q] * nc * b->salvfrac[q] / b->svdf[r];
    case K_FIXED:
      return rty_value(c, K_TOTCAP, r, t, y) * tl_pget3(c->m, TL_P_FixedCost, r, t, y);
    case K_VAR: return annual_var_cost(c, r, t, y);
    case K_ACT: {
      double s = 0;
      for (int k = b->tm_start[t]; k < b->tm_start[t + 1]; k++)
        s += act_by_mode(c, r, t, b->tm_mode[k], y);
      return s;
    }
    case K_DPEN: return disc_penalty(c, r, t, y);
    case K_UNITS: return b->units[q] >= 0 ? c->x[b->units[q]] : 0;
  }
  return 0;
}

static void write_rty(rctx *c) {
  static const char *names[K_RTY_COUNT] = {
      "NewCapacity", "AccumulatedNewCapacity", "TotalCapacityAnnual",
      "CapitalInvestment", "SalvageValue", "DiscountedSalvageValue",
      "AnnualFixedOperatingCost", "AnnualVariableOperatingCost",
      "TotalTechnologyAnnualActivity", "DiscountedTechnologyEmissionsPenalty",
      "NumberOfNewTechnologyUnits"};
  static const tl_set_id sets[3] = {R_, T_, Y_};
  for (int kind = 0; kind < K_RTY_COUNT; kind++) {
    rtab t;
    if (tab_open(&t, c, names[kind], 3, sets) == 0)
      for (int r = 0; r < c->b->R; r++)
        for (int tt = 0; tt < c->b->T; tt++)
          for (int y = 0; y < c->b->Y; y++) {
            int32_t ix[3] = {r, tt, y};
            tab_row(&t, ix, rty_value(c, kind, r, tt, y));
          }
    c->failed |= tab_close(&t);
  }
}

/* Activity by mode, production and use (rates, per timeslice, annual). */
static void write_activity(rctx *c) {
  const tl_build *b = c->b;
  int R = b->R, T = b->T, L = b->L, Y = b->Y;
  rtab ra, am, mp;
  static const tl_set_id s_ra[5] = {R_, L_, T_, M_, Y_};
  static const tl_set_id s_am[4] = {R_, T_, M_, Y_};
  static const tl_set_id s_mp[2] = {R_, T_};
  tab_open(&ra, c, "RateOfActivity", 5, s_ra);
  tab_open(&am, c, "TotalAnnualTechnologyActivityByMode", 4, s_am);
  tab_open(&mp, c, "TotalTechnologyModelPeriodActivity", 2, s_mp);
  for (int r = 0; r < R; r++)
    for (int t = 0; t < T; t++) {
      double period = 0;
      for (int y = 0; y < Y; y++)
        for (int k = b->tm_start[t]; k < b->tm_start[t + 1]; k++) {
          int mm = b->tm_mode[k];
          for (int l = 0; l < L; l++) {
            int32_t ix[5] = {r, l, t, mm, y};
            tab_row(&ra, ix, act(c, r, l, t, mm, y));
          }
          double a = act_by_mode(c, r, t, mm, y);
          int32_t ix4[4] = {r, t, mm, y};
          tab_row(&am, ix4, a);
          period += a * b->yw[y]; /* YearWeight: years y stands for */
        }
      int32_t ix2[2] = {r, t};
      tab_row(&mp, ix2, period);
    }
  c->failed |= tab_close(&ra) | tab_close(&am) | tab_close(&mp);
}

/* Production (side 0, OutputActivityRatio) or use (side 1). */
static void write_flows(rctx *c, int side) {
  const tl_build *b = c->b;
  const tl_ratios *g = side ? &b->iar : &b->oar;
  int R = b->R, T = b->T, L = b->L, F = b->F, Y = b->Y;
  static const tl_set_id s_mode[6] = {R_, L_, T_, M_, F_, Y_};
  static const tl_set_id s_rate[5] = {R_, L_, T_, F_, Y_};
  static const tl_set_id s_ann[4] = {R_, T_, F_, Y_};
  rtab tm, tr, tp, ta;
  tab_open(&tm, c, side ? "RateOfUseByTechnologyByMode" : "RateOfProductionByTechnologyByMode", 6, s_mode);
  tab_open(&tr, c, side ? "RateOfUseByTechnology" : "RateOfProductionByTechnology", 5, s_rate);
  tab_open(&tp, c, side ? "UseByTechnology" : "ProductionByTechnology", 5, s_rate);
  tab_open(&ta, c, side ? "UseByTechnologyAnnual" : "ProductionByTechnologyAnnual", 4, s_ann);
  double *rate = tl_calloc(((size_t)L * (size_t)F), sizeof *rate);
  if (!rate) {
    rctx_nomem(c);
    c->failed = 1;
    tm.failed = tr.failed = tp.failed = ta.failed = 1;
  }
  for (int r = 0; r < R && rate; r++)
    for (int t = 0; t < T; t++)
      for (int y = 0; y < Y; y++) {
        size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
        if (g->start[q] == g->start[q + 1]) continue;
        memset(rate, 0, ((size_t)L * (size_t)F) * sizeof *rate);
        for (int64_t e = g->start[q]; e < g->start[q + 1]; e++)
          for (int l = 0; l < L; l++) {
            double v = act(c, r, l, t, g->m[e], y) * g->v[e];
            int32_t ix[6] = {r, l, t, g->m[e], g->k[e], y};
            tab_row(&tm, ix, v);
            rate[l * F + g->k[e]] += v;
          }
        for (int f = 0; f < F; f++) {
          double annual = 0;
          for (int l = 0; l < L; l++) {
            int32_t ix[5] = {r, l, t, f, y};
            double v = rate[l * F + f];
            tab_row(&tr, ix, v);
            tab_row(&tp, ix, v * b->ys[l * Y + y]);
            annual += v * b->ys[l * Y + y];
          }
          int32_t ix4[4] = {r, t, f, y};
          tab_row(&ta, ix4, annual);
        }
      }
  tl_free(rate, ((size_t)L * (size_t)F) * sizeof *rate);
  c->failed |= tab_close(&tm) | tab_close(&tr) | tab_close(&tp) | tab_close(&ta);
}

static void write_demand_trade(rctx *c) {
  const tl_build *b = c->b;
  int R = b->R, L = b->L, F = b->F, Y = b->Y;
  static const tl_set_id s_d[4] = {R_, L_, F_, Y_};
  static const tl_set_id s_t[5] = {R_, R_, L_, F_, Y_};
  rtab d, t;
  tab_open(&d, c, "Demand", 4, s_d);
  for (int r = 0; r < R; r++)
    for (int l = 0; l < L; l++)
      for (int f = 0; f < F; f++)
        for (int y = 0; y < Y; y++) {
          int32_t ix[4] = {r, l, f, y};
          tab_row(&d, ix, tl_pget3(c->m, TL_P_SpecifiedAnnualDemand, r, f, y) *
                              tl_pget4(c->m, TL_P_SpecifiedDemandProfile, r, f, l, y));
        }
  c->failed |= tab_close(&d);
  tab_open(&t, c, "Trade", 5, s_t);
  for (int r = 0; r < R; r++)
    for (int rr = 0; rr < R; rr++)
      for (int f = 0; f < F; f++)
        for (int y = 0; y < Y; y++) {
          size_t q = (((size_t)r * (size_t)R + (size_t)rr) * (size_t)F + (size_t)f) * (size_t)Y + (size_t)y;
          if (b->trade[q] < 0) continue;
          for (int l = 0; l < L; l++) {
            int32_t ix[5] = {r, rr, l, f, y};
            tab_row(&t, ix, b->trade_sign[q] * c->x[b->trade[q] + l]);
          }
        }
  c->failed |= tab_close(&t);
}

static void write_emissions(rctx *c) {
  const tl_build *b = c->b;
  int R = b->R, T = b->T, E = b->E, Y = b->Y;
  static const tl_set_id s_m[5] = {R_, T_, E_, M_, Y_};
  static const tl_set_id s_t[4] = {R_, T_, E_, Y_};
  static const tl_set_id s_a[3] = {R_, E_, Y_};
  rtab tm, tt, ta;
  tab_open(&tm, c, "AnnualTechnologyEmissionByMode", 5, s_m);
  tab_open(&tt, c, "AnnualTechnologyEmission", 4, s_t);
  tab_open(&ta, c, "AnnualEmissions", 3, s_a);
  double *ann = tl_calloc(((size_t)R * (size_t)E * (size_t)Y), sizeof *ann);
  if (!ann) {
    rctx_nomem(c);
    c->failed = tm.failed = tt.failed = ta.failed = 1;
  }
  for (int r = 0; r < R && ann; r++)
    for (int t = 0; t < T; t++)
      for (int y = 0; y < Y; y++) {
        size_t q = ((size_t)r * (size_t)T + (size_t)t) * (size_t)Y + (size_t)y;
        for (int64_t k = b->ear.start[q]; k < b->ear.start[q + 1]; k++) {
          int32_t ix[5] = {r, t, b->ear.k[k], b->ear.m[k], y};
          tab_row(&tm, ix, b->ear.v[k] * act_by_mode(c, r, t, b->ear.m[k], y));
        }
        for (int e = 0; e < E; e++) {
          double v = tech_emission(c, r, t, e, y);
          int32_t ix[4] = {r, t, e, y};
          tab_row(&tt, ix, v);
          ann[(r * E + e) * Y + y] += v;
        }
      }
  for (int r = 0; r < R && ann; r++)
    for (int e = 0; e < E; e++)
      for (int y = 0; y < Y; y++) {
        int32_t ix[3] = {r, e, y};
        tab_row(&ta, ix, ann[(r * E + e) * Y + y]);
      }
  tl_free(ann, ((size_t)R * (size_t)E * (size_t)Y) * sizeof *ann);
  c->failed |= tab_close(&tm) | tab_close(&tt) | tab_close(&ta);
}

/* Storage: new capacity, salvage, levels; returns the discounted storage
 * cost of (r,y) summed over storages into cost[r*Y+y]. */
static void write_storage(rctx *c, double *cost) {
  const tl_build *b = c->b;
  const tl_model *m = c->m;
  int R = b->R, S = b->S, Y = b->Y, LS = b->LS, LD = b->LD;
  static const tl_set_id s3[3] = {R_, S_, Y_};
  static const tl_set_id s4[4] = {R_, S_, TL_SEASON, Y_};
  static const tl_set_id s5[5] = {R_, S_, TL_SEASON, TL_DAYTYPE, Y_};
  rtab nsc, svs, ys, yf, ss, dts, dtf;
  tab_open(&nsc, c, "NewStorageCapacity", 3, s3);
  tab_open(&svs, c, "SalvageValueStorage", 3, s3);
  tab_open(&ys, c, "StorageLevelYearStart", 3, s3);
  tab_open(&yf, c, "StorageLevelYearFinish", 3, s3);
  tab_open(&ss, c, "StorageLevelSeasonStart", 4, s4);
  tab_open(&dts, c, "StorageLevelDayTypeStart", 5, s5);
  tab_open(&dtf, c, "StorageLevelDayTypeFinish", 5, s5);
  double ymin = Y ? b->yv[0] : 0, ymax = b->yend;
  for (int r = 0; r < R; r++) {
    int dm = (int)tl_pget1(m, TL_P_DepreciationMethod, r);
    for (int s = 0; s < S; s++) {
      double dr = tl_pget2(m, TL_P_DiscountRateStorage, r, s);
      double life = tl_pget2(m, TL_P_OperationalLifeStorage, r, s);
      for (int y = 0; y < Y; y++) {
        int32_t ix[3] = {r, s, y};
        double n = c->x[b->nsc0 + (r * S + s) * Y + y];
        double inv = tl_pget3(m, TL_P_CapitalCostStorage, r, s, y) * n;
        double sv = inv * tl_salvage_fraction(b->yv[y], ymax, life, dr, dm);
        tab_row(&nsc, ix, n);
        tab_row(&svs, ix, sv);
        cost[r * Y + y] += inv / pow(1 + dr, b->yv[y] - ymin) - sv / pow(1 + dr, ymax - ymin + 1);
        tab_row(&ys, ix, c->x[b->slys0 + (r * S + s) * Y + y]);
        tab_row(&yf, ix, c->x[b->slyf0 + (r * S + s) * Y + y]);
        for (int ls = 0; ls < LS; ls++) {
          int32_t i4[4] = {r, s, ls, y};
          tab_row(&ss, i4, c->x[b->slss0 + ((r * S + s) * LS + ls) * Y + y]);
          for (int ld = 0; ld < LD; ld++) {
            int32_t i5[5] = {r, s, ls, ld, y};
            int off = (((r * S + s) * LS + ls) * LD + ld) * Y + y;
            tab_row(&dts, i5, c->x[b->sldts0 + off]);
            tab_row(&dtf, i5, c->x[b->sldtf0 + off]);
          }
        }
      }
    }
  }
  c->failed |= tab_close(&nsc) | tab_close(&svs) | tab_close(&ys) |
               tab_close(&yf) | tab_close(&ss) | tab_close(&dts) | tab_close(&dtf);
}

/* TotalDiscountedCost[r,y] (TDC1-TDC2). */
static void write_costs(rctx *c, const double *storage_cost) {
  const tl_build *b = c->b;
  static const tl_set_id s2[2] = {R_, Y_};
  rtab t;
  tab_open(&t, c, "TotalDiscountedCost", 2, s2);
  for (int r = 0; r < b->R; r++)
    for (int y = 0; y < b->Y; y++) {
      double s = storage_cost[r * b->Y + y];
      for (int tt = 0; tt < b->T; tt++) {
        double op = rty_value(c, K_FIXED, r, tt, y) + rty_value(c, K_VAR, r, tt, y);
        s += op / b->dfmid[r * b->Y + y] +
             rty_value(c, K_CAPINV, r, tt, y) / b->df[r * b->Y + y] +
             rty_value(c, K_DPEN, r, tt, y) - rty_value(c, K_DSALV, r, tt, y);
      }
      int32_t ix[2] = {r, y};
      tab_row(&t, ix, s);
    }
  c->failed |= tab_close(&t);
}

/* Create dir and its missing parents; *created is set when dir itself was
 * made here (so that a failed write can remove it again). */
static int make_dir(tl_ctx *ctx, const char *dir, int *created) {
  char path[4096];
  size_t n = strlen(dir);
  *created = 0;
  if (n == 0 || n >= sizeof path) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, dir, "bad output folder name");
    return -1;
  }
  memcpy(path, dir, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (path[i] != '/' && path[i] != '\0') continue;
    char keep = path[i];
    path[i] = '\0';
    int made = mkdir(path, 0777) == 0;
    if (!made && errno != EEXIST) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
               "cannot create output folder: %s", strerror(errno));
      return -1;
    }
    if (made && i >= n - (dir[n - 1] == '/')) *created = 1;
    path[i] = keep;
  }
  struct stat st;
  if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, dir, "output path is not a folder");
    return -1;
  }
  return 0;
}

tl_status tl_results_write(tl_ctx *ctx, const tl_model *m, const tl_lp *lp,
                           const tl_solution *s, const char *dir) {
  if (!lp || !s || !lp->aux || s->ncols != lp->ncols || !dir) return TL_ERR_ARG;
  if (s->status != TL_SOLVE_OPTIMAL) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "no results to write: the solve ended %s",
             tl_solve_status_str(s->status));
    return TL_ERR_ARG;
  }
  int created = 0;
  if (make_dir(ctx, dir, &created)) return TL_ERR_IO;
  const tl_build *b = lp->aux;
  rctx c = {ctx, m, b, s->x, dir, 0, 0, {{0}}};
  tl_renames_init(&c.pending);
  double *scost = tl_calloc(((size_t)b->R * (size_t)b->Y), sizeof *scost);
  if (!scost) {
    rctx_nomem(&c);
    c.failed = 1;
  } else {
    write_rty(&c);
    write_activity(&c);
    write_flows(&c, 0);
    write_flows(&c, 1);
    write_demand_trade(&c);
    write_emissions(&c);
    write_storage(&c, scost);
    write_costs(&c, scost);
    tl_free(scost, ((size_t)b->R * (size_t)b->Y) * sizeof *scost);
  }
  int ok = !c.failed && !c.nomem;
  if (tl_renames_finish(ctx, &c.pending, dir, "result file", "result", ok))
    ok = 0; /* a flush or a rename failed: an I/O error */
  if (!ok && created) rmdir(dir); /* only when empty */
  if (ok) return TL_OK;
  return c.nomem ? TL_ERR_NOMEM : TL_ERR_IO;
}
