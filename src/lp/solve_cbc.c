/* solve_cbc.c - the Cbc back end for MIPs (through the C++ shim, with the
 * cbc program's default strategy). Duals and reduced costs are not
 * reported for a MIP; tl_lp_solve zeroes them. */
#include "lp/clp_shim.h"
#include "lp/lp.h"

tl_status tl_solve_cbc(tl_ctx *ctx, const tl_lp *lp, const tl_solve_options *o,
                       tl_solution *sol) {
  return tl_shim_run(ctx, lp, o, sol, "Cbc", tl_shim_cbc_solve);
}
