/* solve_clp.c - the Clp back end for LPs, with or without a warm start, and
 * the C half of the bridge to the C++ shim that Clp and Cbc share
 * (tl_shim_run). */
#include <math.h>
#include <string.h>

#include "lp/clp_shim.h"
#include "lp/lp.h"

/* After an unbounded verdict: name the columns that grow without limit,
 * the largest components of the ray (or of the point the solver stopped
 * at when there is no ray), at most TL_UNBOUNDED_NAMES, as errors. */
#define TL_UNBOUNDED_NAMES 5
static void name_unbounded(tl_ctx *ctx, const tl_lp *lp, const double *v,
                           int is_ray) {
  int top[TL_UNBOUNDED_NAMES], n = 0;
  for (int j = 0; j < lp->ncols; j++) {
    double a = fabs(v[j]);
    if (!(a > 1e-9) || !isfinite(a)) continue;
    if (n == TL_UNBOUNDED_NAMES && a <= fabs(v[top[n - 1]])) continue;
    int k = n < TL_UNBOUNDED_NAMES ? n++ : n - 1; /* the last drops out */
    while (k > 0 && fabs(v[top[k - 1]]) < a) {
      top[k] = top[k - 1];
      k--;
    }
    top[k] = j;
  }
  tl_buf b;
  tl_buf_init(&b);
  for (int i = 0; i < n; i++) {
    int j = top[i];
    char val[32];
    tl_buf_reset(&b);
    if (lp->model && lp->colfams && lp->colfam)
      tl_lp_col_name(lp, j, &b);
    else
      tl_buf_printf(&b, "column %d", j);
    tl_fmt_num(val, v[j]);
    tl_diagf(ctx, TL_ERROR, NULL, tl_buf_cstr(&b), NULL, val,
             is_ray ? "unbounded: the cost falls without limit as this "
                      "variable grows (its share of the unbounded direction)"
                    : "unbounded: this variable was growing without limit "
                      "when the solver stopped (its value then)");
  }
  tl_buf_free(&b);
}

/* Run fn on lp; start (may be NULL) is a basis to begin from, with the
 * primal values x0 (may be NULL); final (may be NULL) receives the basis
 * the solver ends with. */
static tl_status shim_run(tl_ctx *ctx, const tl_lp *lp,
                          const tl_solve_options *o, tl_solution *sol,
                          const char *who, tl_shim_fn fn,
                          const tl_basis *start, const double *x0,
                          tl_basis *final) {
  tl_shim_problem p = {lp->nrows,  lp->ncols, lp->colstart, lp->rowind,
                       lp->val,    lp->collb, lp->colub,    lp->obj,
                       lp->rowlb,  lp->rowub, lp->nint > 0 ? lp->colint : NULL};
  tl_shim_start s0 = {start ? start->colstat : NULL,
                      start ? start->rowstat : NULL, x0};
  tl_progress_state progress;
  tl_progress_init(&progress, o, lp);
  tl_shim_params q = {o->method,          o->presolve,      o->threads,
                      o->time_limit,      o->verbose,       tl_interrupted,
                      start ? &s0 : NULL,
                      /* without a progress request the event handler does
                         nothing per iteration */
                      progress.fn ? tl_progress_note : NULL, &progress};
  tl_shim_result r;
  r.x = sol->x;
  r.rowact = sol->rowact;
  r.rowdual = sol->rowdual;
  r.redcost = sol->redcost;
  r.colstat = final ? final->colstat : NULL;
  r.rowstat = final ? final->rowstat : NULL;
  /* room for an unbounded ray; without it the x of the verdict is used */
  r.ray = lp->nint ? NULL : tl_malloc((size_t)lp->ncols * sizeof *r.ray);
  tl_status rc = fn(&p, &q, &r);
  if (rc == TL_OK && r.status == TL_SOLVE_UNBOUNDED)
    name_unbounded(ctx, lp, r.has_ray ? r.ray : sol->x, r.has_ray);
  tl_free(r.ray, (size_t)lp->ncols * sizeof *r.ray);
  if (rc != TL_OK) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL, "%s failed: %s", who,
             r.msg[0] ? r.msg : tl_status_str(rc));
    return rc;
  }
  if (r.msg[0])
    tl_diagf(ctx, r.status == TL_SOLVE_ERROR ? TL_ERROR : TL_WARNING, NULL,
             NULL, NULL, NULL, "%s", r.msg);
  sol->status = r.status;
  sol->objective = r.objective;
  sol->iterations = r.iterations;
  return r.interrupted ? TL_ERR_INTERRUPTED : TL_OK;
}

tl_status tl_shim_run(tl_ctx *ctx, const tl_lp *lp, const tl_solve_options *o,
                      tl_solution *sol, const char *who, tl_shim_fn fn) {
  return shim_run(ctx, lp, o, sol, who, fn, NULL, NULL, NULL);
}

tl_status tl_solve_clp(tl_ctx *ctx, const tl_lp *lp, const tl_solve_options *o,
                       tl_solution *sol) {
  return shim_run(ctx, lp, o, sol, "Clp", tl_shim_clp_solve, NULL, NULL,
                  NULL);
}

tl_status tl_solve_clp_from(tl_ctx *ctx, const tl_lp *lp,
                            const tl_solve_options *o, const tl_basis *start,
                            const double *x0, tl_solution *sol,
                            tl_basis *final) {
  return shim_run(ctx, lp, o, sol, "Clp", tl_shim_clp_solve, start, x0,
                  final);
}

tl_basis *tl_basis_new(int nrows, int ncols) {
  if (nrows < 0 || ncols < 0) return NULL;
  tl_basis *b = tl_calloc(1, sizeof *b);
  if (!b) return NULL;
  b->nrows = nrows;
  b->ncols = ncols;
  b->colstat = tl_calloc((size_t)ncols, 1);
  b->rowstat = tl_calloc((size_t)nrows, 1);
  if (!b->colstat || !b->rowstat) {
    tl_basis_free(b);
    return NULL;
  }
  return b;
}

void tl_basis_free(tl_basis *b) {
  if (!b) return;
  tl_free(b->colstat, (size_t)b->ncols);
  tl_free(b->rowstat, (size_t)b->nrows);
  tl_free(b, sizeof *b);
}
