/* scaling.c - the badly-scaled-LP warning (see scaling.h): find the
 * extreme coefficients, name their row and column, and look among the
 * model's parameters, at the index tuple of that row and column, for
 * values of the same size. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lp/scaling.h"

/* An extreme coefficient: its magnitude and where it is (row -1: the
 * objective). */
typedef struct extreme {
  double v;
  int row, col;
} extreme;

/* Positions of the members the row and the column are indexed by, per
 * set: pos[set][0..npos[set]) (a set may index both, at different
 * members). */
typedef struct where {
  int32_t pos[TL_NSETS][2];
  int npos[TL_NSETS];
} where;

static void add_index(where *w, const tl_lp_family *f, const int32_t *ix) {
  for (int k = 0; k < f->nidx; k++) {
    tl_set_id s = f->idx[k];
    if (ix[k] < 0) continue;
    if (w->npos[s] == 1 && w->pos[s][0] == ix[k]) continue;
    if (w->npos[s] < 2) w->pos[s][w->npos[s]++] = ix[k];
  }
}

static int has_names(const tl_lp *lp) {
  return lp->model && lp->rowfams && lp->colfams && lp->rowfam && lp->colfam;
}

/* Name of row i or column j into b ("row 12" when the LP has no names). */
static void item(const tl_lp *lp, int is_row, int k, tl_buf *b) {
  if (!has_names(lp))
    tl_buf_printf(b, "%s %d", is_row ? "row" : "column", k);
  else if (is_row)
    tl_lp_row_name(lp, k, b);
  else
    tl_lp_col_name(lp, k, b);
}

/* Append to b the parameters whose value at the index tuples of x's row
 * and column is within a factor 10 of x's magnitude (at most 3). */
static void suspects(const tl_lp *lp, const extreme *x, tl_buf *b) {
  const tl_model *m = lp->model;
  where w;
  memset(&w, 0, sizeof w);
  if (x->row >= 0)
    add_index(&w, &lp->rowfams[lp->rowfam[x->row]],
              lp->rowix + (size_t)x->row * TL_LP_MAXIX);
  add_index(&w, &lp->colfams[lp->colfam[x->col]],
            lp->colix + (size_t)x->col * TL_LP_MAXIX);
  int found = 0;
  tl_buf ix;
  tl_buf_init(&ix);
  for (int p = 0; p < TL_NPARAMS && found < 3; p++) {
    const tl_param_def *d = &tl_param_defs[p];
    if (d->flags & TL_PF_SYMBOLIC) continue;
    int ok = 1, combos = 1;
    for (int k = 0; k < d->nidx && ok; k++) {
      ok = w.npos[d->idx[k]] > 0;
      combos *= ok ? w.npos[d->idx[k]] : 1;
    }
    if (!ok) continue;
    /* every choice of member where a set indexes both row and column */
    for (int c = 0; c < combos && found < 3; c++) {
      int32_t idx[TL_MAXIDX];
      int rest = c;
      for (int k = 0; k < d->nidx; k++) {
        int n = w.npos[d->idx[k]];
        idx[k] = w.pos[d->idx[k]][rest % n];
        rest /= n;
      }
      double v = fabs(tl_param_get(m, (tl_param_id)p, idx));
      if (!(v > 0) || v > 10 * x->v || v < x->v / 10) continue;
      tl_buf_reset(&ix);
      tl_param_index_text(m, (tl_param_id)p, idx, &ix);
      tl_buf_printf(b, "%s%s[%s] = %g", found ? ", " : "; parameters of that size: ",
                    d->name, tl_buf_cstr(&ix),
                    tl_param_get(m, (tl_param_id)p, idx));
      found++;
      break; /* one tuple per parameter */
    }
  }
  tl_buf_free(&ix);
}

/* "1e-06 in ROW x COL; parameters of that size: ..." into b. The
 * parameters are looked for only when far is set: when x lies far from
 * the typical magnitude (an ordinary 0.5 at one end of the range is not
 * the fault, and many parameters are of that size). */
static void describe(const tl_lp *lp, const char *which, const extreme *x,
                     int far, tl_buf *b) {
  tl_buf_printf(b, "%s %g in ", which, x->v);
  if (x->row >= 0) {
    item(lp, 1, x->row, b);
    tl_buf_adds(b, " x ");
  } else {
    tl_buf_adds(b, "the cost of ");
  }
  item(lp, 0, x->col, b);
  if (far && has_names(lp)) suspects(lp, x, b);
}

/* Report lo and hi; typical is the mean of log10 |coefficient|. An end
 * counts as far from it when it is at least a third of the range away. */
static int warn(tl_ctx *ctx, const tl_lp *lp, const char *what,
                double range, const extreme *lo, const extreme *hi,
                double typical) {
  tl_buf b, nm;
  tl_buf_init(&b);
  tl_buf_init(&nm);
  double span = log10(hi->v) - log10(lo->v);
  describe(lp, "smallest", lo, typical - log10(lo->v) >= span / 3, &b);
  tl_buf_adds(&b, "; ");
  describe(lp, "largest", hi, log10(hi->v) - typical >= span / 3, &b);
  item(lp, lo->row >= 0, lo->row >= 0 ? lo->row : lo->col, &nm);
  tl_diagf(ctx, TL_WARNING, NULL, tl_buf_cstr(&nm), NULL, NULL,
           "badly scaled LP: the %s coefficients span %g to %g, a ratio of "
           "%.2g (more than %g): the solver may lose accuracy; %s",
           what, lo->v, hi->v, hi->v / lo->v, range,
           tl_buf_cstr(&b));
  tl_buf_free(&b);
  tl_buf_free(&nm);
  return 1;
}

int tl_lp_check_scaling(tl_ctx *ctx, const tl_lp *lp) {
  if (!lp || !lp->colstart) return 0;
  extreme alo = {HUGE_VAL, -1, -1}, ahi = {0, -1, -1};
  extreme olo = {HUGE_VAL, -1, -1}, ohi = {0, -1, -1};
  double alog = 0, olog = 0; /* sums of log10 |value| */
  long an = 0, on = 0;
  for (int j = 0; j < lp->ncols; j++) {
    double c = fabs(lp->obj[j]);
    if (c > 0 && isfinite(c)) {
      if (c < olo.v) olo = (extreme){c, -1, j};
      if (c > ohi.v) ohi = (extreme){c, -1, j};
      olog += log10(c);
      on++;
    }
    for (int64_t p = lp->colstart[j]; p < lp->colstart[j + 1]; p++) {
      double a = fabs(lp->val[p]);
      if (!(a > 0) || !isfinite(a)) continue;
      if (a < alo.v) alo = (extreme){a, lp->rowind[p], j};
      if (a > ahi.v) ahi = (extreme){a, lp->rowind[p], j};
      alog += log10(a);
      an++;
    }
  }
  int n = 0;
  if (ahi.col >= 0 && ahi.v > TL_SCALING_RANGE * alo.v)
    n += warn(ctx, lp, "matrix", TL_SCALING_RANGE, &alo, &ahi,
              alog / (double)an);
  if (ohi.col >= 0 && ohi.v > TL_SCALING_OBJ_RANGE * olo.v)
    n += warn(ctx, lp, "objective", TL_SCALING_OBJ_RANGE, &olo, &ohi,
              olog / (double)on);
  return n;
}
