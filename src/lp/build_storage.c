/* build_storage.c - storage columns and rows of osemosys.txt (S1-S15,
 * SC1-SC6, SI1-SI10), with the charge, discharge and net-charge variables
 * substituted by their defining sums over RateOfActivity. */
#include <string.h>

#include "lp/build.h"

/* A linear expression being assembled: parallel column/value arrays. */
typedef struct expr {
  int *col;
  double *val;
  size_t n, cap;
} expr;

static int expr_add(expr *x, int col, double v) {
  if (v == 0) return 0;
  if (x->n == x->cap) {
    size_t nc = x->cap ? x->cap * 2 : 64;
    int *c = tl_malloc(nc * sizeof *c);
    double *w = tl_malloc(nc * sizeof *w);
    if (!c || !w) {
      tl_free(c, nc * sizeof *c);
      tl_free(w, nc * sizeof *w);
      return -1;
    }
    if (x->n) {
      memcpy(c, x->col, x->n * sizeof *c);
      memcpy(w, x->val, x->n * sizeof *w);
    }
    tl_free(x->col, x->cap * sizeof *x->col);
    tl_free(x->val, x->cap * sizeof *x->val);
    x->col = c;
    x->val = w;
    x->cap = nc;
  }
  x->col[x->n] = col;
  x->val[x->n] = v;
  x->n++;
  return 0;
}

static void expr_free(expr *x) {
  tl_free(x->col, x->cap * sizeof *x->col);
  tl_free(x->val, x->cap * sizeof *x->val);
  memset(x, 0, sizeof *x);
}

/* Emit an expression as a row lb <= x <= ub; empty rows are skipped when
 * they hold trivially. Returns 0, or -1 when out of memory. */
static int emit(tl_lp *lp, expr *x, int fam, const int32_t *ix, double lb,
                double ub) {
  if (x->n == 0 && lb <= 0 && ub >= 0) {
    x->n = 0;
    return 0;
  }
  int i = tl_lp_add_row(lp, fam, ix, lb, ub);
  if (i < 0) return -1;
  for (size_t k = 0; k < x->n; k++)
    if (tl_lp_add_nz(lp, i, x->col[k], x->val[k])) return -1;
  x->n = 0;
  return 0;
}

/* Technologies that charge or discharge a storage in a region. */
typedef struct link {
  int t, m;
  double to, from;
} link;

typedef struct sctx {
  tl_build *b;
  int r, s;
  link *links;
  int nlinks;
  double *conv; /* [L * LS * LD * LH]: Conversionls*ld*lh */
} sctx;

static double conv(const sctx *c, int l, int ls, int ld, int lh) {
  const tl_build *b = c->b;
  return c->conv[((l * b->LS + ls) * b->LD + ld) * b->LH + lh];
}

/* Add scale * the storage rate expression of (ls,ld,lh,y) to x. what:
 * 0 net (charge - discharge), 1 charge, 2 discharge. */
static int add_rate(const sctx *c, expr *x, int ls, int ld, int lh, int y,
                    double scale, int what) {
  const tl_build *b = c->b;
  if (scale == 0) return 0;
  for (int l = 0; l < b->L; l++) {
    double cv = conv(c, l, ls, ld, lh);
    if (cv == 0) continue;
    for (int k = 0; k < c->nlinks; k++) {
      const link *lk = &c->links[k];
      double v = what == 1 ? lk->to : what == 2 ? lk->from : lk->to - lk->from;
      if (v == 0) continue;
      if (expr_add(x, tl_build_act(b, c->r, l, lk->t, lk->m, y), scale * cv * v))
        return -1;
    }
  }
  return 0;
}

/* Sum of YearSplit * conversion over the timeslices of (ls,ld,lh): the
 * factor of S3 that turns the rate into NetChargeWithinYear. */
static double within_year(const sctx *c, int ls, int ld, int lh, int y) {
  const tl_build *b = c->b;
  double w = 0;
  for (int l = 0; l < b->L; l++) w += b->ys[l * b->Y + y] * conv(c, l, ls, ld, lh);
  return w;
}

/* NetChargeWithinYear summed over the given seasons/day types (all when
 * -1) for year y, times scale. */
static int add_ncwy(const sctx *c, expr *x, int ls_only, int y, double scale) {
  const tl_build *b = c->b;
  for (int ls = 0; ls < b->LS; ls++) {
    if (ls_only >= 0 && ls != ls_only) continue;
    for (int ld = 0; ld < b->LD; ld++)
      for (int lh = 0; lh < b->LH; lh++)
        if (add_rate(c, x, ls, ld, lh, y, scale * within_year(c, ls, ld, lh, y), 0))
          return -1;
  }
  return 0;
}

/* NetChargeWithinDay of (ls,ld,lh,y) times scale. */
static int add_ncwd(const sctx *c, expr *x, int ls, int ld, int lh, int y,
                    double scale) {
  double ds = tl_pget2(c->b->m, TL_P_DaySplit, lh, y);
  return add_rate(c, x, ls, ld, lh, y, scale * ds, 0);
}

int tl_build_storage_cols(tl_build *b, tl_lp *lp) {
  const tl_model *m = b->m;
  int R = b->R, S = b->S, Y = b->Y, LS = b->LS, LD = b->LD;
  double ymin = Y ? b->yv[0] : 0, ymax = b->yend;
  b->nsc0 = lp->ncols;
  for (int r = 0; r < R; r++) {
    int dm = (int)tl_pget1(m, TL_P_DepreciationMethod, r);
    for (int s = 0; s < S; s++) {
      double dr = tl_pget2(m, TL_P_DiscountRateStorage, r, s);
      double life = tl_pget2(m, TL_P_OperationalLifeStorage, r, s);
      for (int y = 0; y < Y; y++) {
        double cc = tl_pget3(m, TL_P_CapitalCostStorage, r, s, y);
        double obj = cc / pow(1 + dr, b->yv[y] - ymin) -
                     cc * tl_salvage_fraction(b->yv[y], ymax, life, dr, dm) /
                         pow(1 + dr, ymax - ymin + 1);
        int32_t ix[3] = {r, s, y};
        if (tl_lp_add_col(lp, TL_C_NewStorageCapacity, ix, 0, TL_INF, obj, 0) < 0)
          return -1;
      }
    }
  }
  static const int fam3[2] = {TL_C_StorageLevelYearStart, TL_C_StorageLevelYearFinish};
  int *first3[2] = {&b->slys0, &b->slyf0};
  for (int q = 0; q < 2; q++) {
    *first3[q] = lp->ncols;
    for (int r = 0; r < R; r++)
      for (int s = 0; s < S; s++)
        for (int y = 0; y < Y; y++) {
          int32_t ix[3] = {r, s, y};
          if (tl_lp_add_col(lp, fam3[q], ix, 0, TL_INF, 0, 0) < 0) return -1;
        }
  }
  b->slss0 = lp->ncols;
  for (int r = 0; r < R; r++)
    for (int s = 0; s < S; s++)
      for (int ls = 0; ls < LS; ls++)
        for (int y = 0; y < Y; y++) {
          int32_t ix[4] = {r, s, ls, y};
          if (tl_lp_add_col(lp, TL_C_StorageLevelSeasonStart, ix, 0, TL_INF, 0, 0) < 0)
            return -1;
        }
  static const int fam5[2] = {TL_C_StorageLevelDayTypeStart, TL_C_StorageLevelDayTypeFinish};
  int *first5[2] = {&b->sldts0, &b->sldtf0};
  for (int q = 0; q < 2; q++) {
    *first5[q] = lp->ncols;
    for (int r = 0; r < R; r++)
      for (int s = 0; s < S; s++)
        for (int ls = 0; ls < LS; ls++)
          for (int ld = 0; ld < LD; ld++)
            for (int y = 0; y < Y; y++) {
              int32_t ix[5] = {r, s, ls, ld, y};
              if (tl_lp_add_col(lp, fam5[q], ix, 0, TL_INF, 0, 0) < 0) return -1;
            }
  }
  return 0;
}

#define SLYS(y) (b->slys0 + (c->r * b->S + c->s) * b->Y + (y))
#define SLYF(y) (b->slyf0 + (c->r * b->S + c->s) * b->Y + (y))
#define SLSS(ls, y) (b->slss0 + ((c->r * b->S + c->s) * b->LS + (ls)) * b->Y + (y))
#define SLDTS(ls, ld, y) \
  (b->sldts0 + (((c->r * b->S + c->s) * b->LS + (ls)) * b->LD + (ld)) * b->Y + (y))
#define SLDTF(ls, ld, y) \
  (b->sldtf0 + (((c->r * b->S + c->s) * b->LS + (ls)) * b->LD + (ld)) * b->Y + (y))
#define TRY(x) \
  do {         \
    if ((x) < 0) goto oom; \
  } while (0)

/* S5-S15: the chain of storage levels through years, seasons, day types. */
static int level_rows(const sctx *c, tl_lp *lp, expr *x, int y) {
  tl_build *b = c->b;
  const tl_model *m = b->m;
  int r = c->r, s = c->s, Y = b->Y, LS = b->LS, LD = b->LD, LH = b->LH;
  int32_t ix3[3] = {r, s, y};
  TRY(expr_add(x, SLYS(y), 1));
  if (y == 0) {
    double st = tl_pget2(m, TL_P_StorageLevelStart, r, s);
    TRY(emit(lp, x, TL_R_S5, ix3, st, st));
  } else {
    TRY(expr_add(x, SLYS(y - 1), -1));
    TRY(add_ncwy(c, x, -1, y - 1, -1));
    TRY(emit(lp, x, TL_R_S5, ix3, 0, 0));
  }
  TRY(expr_add(x, SLYF(y), 1));
  if (y < Y - 1) {
    TRY(expr_add(x, SLYS(y + 1), -1));
  } else {
    TRY(expr_add(x, SLYS(y), -1));
    TRY(add_ncwy(c, x, -1, y, -1));
  }
  TRY(emit(lp, x, TL_R_S7, ix3, 0, 0));
  for (int p = 0; p < LS; p++) {
    int ls = b->ls_ord[p];
    int32_t ix4[4] = {r, s, ls, y};
    TRY(expr_add(x, SLSS(ls, y), 1));
    if (p == 0) {
      TRY(expr_add(x, SLYS(y), -1));
    } else {
      int lsp = b->ls_ord[p - 1];
      TRY(expr_add(x, SLSS(lsp, y), -1));
      TRY(add_ncwy(c, x, lsp, y, -1));
    }
    TRY(emit(lp, x, TL_R_S9, ix4, 0, 0));
    for (int d = 0; d < LD; d++) {
      int ld = b->ld_ord[d];
      int32_t ix5[5] = {r, s, ls, ld, y};
      TRY(expr_add(x, SLDTS(ls, ld, y), 1));
      if (d == 0) {
        TRY(expr_add(x, SLSS(ls, y), -1));
      } else {
        int ldp = b->ld_ord[d - 1];
        double did = tl_pget3(m, TL_P_DaysInDayType, ls, ldp, y);
        TRY(expr_add(x, SLDTS(ls, ldp, y), -1));
        for (int lh = 0; lh < LH; lh++) TRY(add_ncwd(c, x, ls, ldp, lh, y, -did));
      }
      TRY(emit(lp, x, TL_R_S11, ix5, 0, 0));
      TRY(expr_add(x, SLDTF(ls, ld, y), 1));
      if (p == LS - 1 && d == LD - 1) {
        TRY(expr_add(x, SLYF(y), -1));
      } else if (d == LD - 1) {
        TRY(expr_add(x, SLSS(b->ls_ord[p + 1], y), -1));
      } else {
        int ldn = b->ld_ord[d + 1];
        double did = tl_pget3(m, TL_P_DaysInDayType, ls, ldn, y);
        TRY(expr_add(x, SLDTF(ls, ldn, y), -1));
        for (int lh = 0; lh < LH; lh++) TRY(add_ncwd(c, x, ls, ldn, lh, y, did));
      }
      TRY(emit(lp, x, TL_R_S13, ix5, 0, 0));
    }
  }
  return 0;
oom:
  return -1;
}

/* The lower limit of an SC pair: E - MinStorageCharge * U >= 0 with U the
 * accumulated new storage capacity plus the residual; x holds E and is
 * consumed. */
static int lower_limit(const sctx *c, tl_lp *lp, expr *x, int fam,
                       const int32_t *ix, int y) {
  tl_build *b = c->b;
  const tl_model *m = b->m;
  int r = c->r, s = c->s;
  double msc = tl_pget3(m, TL_P_MinStorageCharge, r, s, y);
  double res = tl_pget3(m, TL_P_ResidualStorageCapacity, r, s, y);
  double life = tl_pget2(m, TL_P_OperationalLifeStorage, r, s);
  for (int yy = 0; yy <= y; yy++)
    if (b->yv[y] - b->yv[yy] < life)
      TRY(expr_add(x, b->nsc0 + (r * b->S + s) * b->Y + yy, -msc));
  TRY(emit(lp, x, fam, ix, msc * res, TL_INF));
  return 0;
oom:
  return -1;
}

/* SC1-SC4 for (ls, ld, lh, y): build E twice (lower, upper). kind 1..4. */
static int sc_expr(const sctx *c, expr *x, int kind, int p, int d, int lh,
                   int y) {
  tl_build *b = c->b;
  int ls = b->ls_ord[p], ld = b->ld_ord[d];
  const double *lhv = b->m->sets[TL_DAILYTIMEBRACKET].num;
  int ldx = (kind == 2) ? b->ld_ord[d - 1] : ld; /* day type of the sum */
  if (kind == 1) TRY(expr_add(x, SLDTS(ls, ld, y), 1));
  if (kind == 2) TRY(expr_add(x, SLDTS(ls, ld, y), 1));
  if (kind == 3) TRY(expr_add(x, SLDTF(ls, ld, y), 1));
  if (kind == 4) TRY(expr_add(x, SLDTF(ls, b->ld_ord[d - 1], y), 1));
  for (int hh = 0; hh < b->LH; hh++) {
    double diff = lhv[lh] - lhv[hh];
    if ((kind == 1 || kind == 4) && diff > 0) TRY(add_ncwd(c, x, ls, ldx, hh, y, 1));
    if ((kind == 2 || kind == 3) && diff < 0) TRY(add_ncwd(c, x, ls, ldx, hh, y, -1));
  }
  return 0;
oom:
  return -1;
}

static int limit_rows(const sctx *c, tl_lp *lp, expr *x, int y) {
  tl_build *b = c->b;
  const tl_model *m = b->m;
  int r = c->r, s = c->s;
  static const int famL[4] = {TL_R_SC1L, TL_R_SC2L, TL_R_SC3L, TL_R_SC4L};
  static const int famU[4] = {TL_R_SC1U, TL_R_SC2U, TL_R_SC3U, TL_R_SC4U};
  double res = tl_pget3(m, TL_P_ResidualStorageCapacity, r, s, y);
  double life = tl_pget2(m, TL_P_OperationalLifeStorage, r, s);
  double maxc = tl_pget2(m, TL_P_StorageMaxChargeRate, r, s);
  double maxd = tl_pget2(m, TL_P_StorageMaxDischargeRate, r, s);
  for (int p = 0; p < b->LS; p++)
    for (int d = 0; d < b->LD; d++)
      for (int lh = 0; lh < b->LH; lh++) {
        int ls = b->ls_ord[p], ld = b->ld_ord[d];
        int32_t ix[6] = {r, s, ls, ld, lh, y};
        for (int kind = 1; kind <= 4; kind++) {
          /* SC2 and SC4 are "0 <= 0" on the first day type */
          if ((kind == 2 || kind == 4) && d == 0) continue;
          TRY(sc_expr(c, x, kind, p, d, lh, y));
          TRY(lower_limit(c, lp, x, famL[kind - 1], ix, y));
          TRY(sc_expr(c, x, kind, p, d, lh, y));
          for (int yy = 0; yy <= y; yy++)
            if (b->yv[y] - b->yv[yy] < life)
              TRY(expr_add(x, b->nsc0 + (r * b->S + s) * b->Y + yy, -1));
          TRY(emit(lp, x, famU[kind - 1], ix, -TL_INF, res));
        }
        TRY(add_rate(c, x, ls, ld, lh, y, 1, 1));
        TRY(emit(lp, x, TL_R_SC5, ix, -TL_INF, maxc));
        TRY(add_rate(c, x, ls, ld, lh, y, 1, 2));
        TRY(emit(lp, x, TL_R_SC6, ix, -TL_INF, maxd));
      }
  return 0;
oom:
  return -1;
}

int tl_build_storage_rows(tl_build *b, tl_lp *lp) {
  const tl_model *m = b->m;
  int S = b->S, T = b->T, M = b->M, L = b->L, LS = b->LS, LD = b->LD, LH = b->LH;
  if (S == 0) return 0;
  sctx c = {b, 0, 0, NULL, 0, NULL};
  expr x = {NULL, NULL, 0, 0};
  size_t nconv = (size_t)L * (size_t)LS * (size_t)LD * (size_t)LH;
  c.links = tl_malloc((size_t)(T * M) * sizeof *c.links);
  c.conv = tl_malloc((nconv) * sizeof *c.conv);
  if (!c.links || !c.conv) goto oom;
  for (int l = 0; l < L; l++)
    for (int ls = 0; ls < LS; ls++)
      for (int ld = 0; ld < LD; ld++)
        for (int lh = 0; lh < LH; lh++)
          c.conv[((l * LS + ls) * LD + ld) * LH + lh] =
              tl_pget2(m, TL_P_Conversionls, l, ls) *
              tl_pget2(m, TL_P_Conversionld, l, ld) *
              tl_pget2(m, TL_P_Conversionlh, l, lh);
  for (int r = 0; r < b->R; r++)
    for (int s = 0; s < S; s++) {
      c.r = r;
      c.s = s;
      c.nlinks = 0;
      for (int t = 0; t < T; t++)
        for (int mm = 0; mm < M; mm++) {
          double to = tl_pget4(m, TL_P_TechnologyToStorage, r, t, s, mm);
          double from = tl_pget4(m, TL_P_TechnologyFromStorage, r, t, s, mm);
          if (to <= 0 && from <= 0) continue;
          if (b->mode_slot[t * M + mm] < 0 || b->act0[r * T + t] < 0) continue;
          link lk = {t, mm, to > 0 ? to : 0, from > 0 ? from : 0};
          c.links[c.nlinks++] = lk;
        }
      for (int y = 0; y < b->Y; y++)
        if (level_rows(&c, lp, &x, y) || limit_rows(&c, lp, &x, y)) goto oom;
    }
  expr_free(&x);
  tl_free(c.links, (size_t)(T * M) * sizeof *c.links);
  tl_free(c.conv, (nconv) * sizeof *c.conv);
  return 0;
oom:
  expr_free(&x);
  tl_free(c.links, (size_t)(T * M) * sizeof *c.links);
  tl_free(c.conv, (nconv) * sizeof *c.conv);
  return -1;
}
