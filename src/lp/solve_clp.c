/* solve_clp.c - the Clp back end for LPs, and the C half of the bridge to
 * the C++ shim that Clp and Cbc share (tl_shim_run). */
#include <math.h>

#include "lp/clp_shim.h"
#include "lp/lp.h"

tl_status tl_shim_run(tl_ctx *ctx, const tl_lp *lp, const tl_solve_options *o,
                      tl_solution *sol, const char *who, tl_shim_fn fn) {
  tl_shim_problem p = {lp->nrows,  lp->ncols, lp->colstart, lp->rowind,
                       lp->val,    lp->collb, lp->colub,    lp->obj,
                       lp->rowlb,  lp->rowub, lp->nint > 0 ? lp->colint : NULL};
  tl_shim_params q = {o->method,     o->presolve, o->threads,
                      o->time_limit, o->verbose,  tl_interrupted};
  tl_shim_result r;
  r.x = sol->x;
  r.rowact = sol->rowact;
  r.rowdual = sol->rowdual;
  r.redcost = sol->redcost;
  tl_status rc = fn(&p, &q, &r);
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

tl_status tl_solve_clp(tl_ctx *ctx, const tl_lp *lp, const tl_solve_options *o,
                       tl_solution *sol) {
  return tl_shim_run(ctx, lp, o, sol, "Clp", tl_shim_clp_solve);
}
