/* scaling.h - a check of an LP's numbers before it is solved. Simplex
 * codes work to tolerances near 1e-9 relative: when the nonzero
 * coefficients of the matrix (or of the objective) span more than
 * TL_SCALING_RANGE, pivots lose digits and verdicts become doubtful. The
 * warning names the constraints and variables holding the smallest and the
 * largest coefficient and the model parameters whose values there are of
 * that size (the likely cause: a unit mistake, a stray 1e-12). */
#ifndef TL_SCALING_H
#define TL_SCALING_H

#include "lp/lp.h"

#define TL_SCALING_RANGE 1e9 /* largest / smallest |coefficient| tolerated */
/* The objective's costs may span more: discounting and short timeslices
 * make small costs (UTOPIA spans 1e11, SIMPLICITY 4e9, both solve well). */
#define TL_SCALING_OBJ_RANGE 1e12

/* Check the compressed LP lp; report each badly scaled part (matrix beyond
 * TL_SCALING_RANGE, objective beyond TL_SCALING_OBJ_RANGE) as one
 * TL_WARNING in ctx. Returns the number of warnings
 * given (0, 1 or 2); an LP that is not compressed is not checked. */
int tl_lp_check_scaling(tl_ctx *ctx, const tl_lp *lp);

#endif /* TL_SCALING_H */
