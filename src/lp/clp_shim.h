/* clp_shim.h - the C face of the thin C++ layer over Clp (LP) and Cbc
 * (MIP): plain structs in, caller-owned arrays out, every C++ exception
 * caught and turned into a status. Used by solve_clp.c and solve_cbc.c. */
#ifndef TL_CLP_SHIM_H
#define TL_CLP_SHIM_H

#include <stdint.h>

#include "tanlu.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The problem, borrowed from a compressed tl_lp: minimise obj'x subject to
 * rowlb <= Ax <= rowub, collb <= x <= colub. Absent bounds are +-HUGE_VAL
 * (the shim turns them into the solver's infinity). */
typedef struct tl_shim_problem {
  int nrows, ncols;
  const int64_t *colstart; /* [ncols + 1] column starts into rowind/val */
  const int32_t *rowind;   /* [nnz] 0-based row of each entry */
  const double *val;       /* [nnz] */
  const double *collb;     /* [ncols] */
  const double *colub;     /* [ncols] */
  const double *obj;       /* [ncols] */
  const double *rowlb;     /* [nrows] */
  const double *rowub;     /* [nrows] */
  const char *colint;      /* [ncols] 1 marks an integer column; NULL: LP */
} tl_shim_problem;

/* A starting basis for Clp (a warm start), in Clp's status codes
 * (ClpSimplex::Status: 0 free, 1 basic, 2 at upper bound, 3 at lower
 * bound, 4 superbasic, 5 fixed; for a row, the bound is the row
 * activity's). Clp repairs a basis with too many or too few basic
 * variables, or a singular one, by putting slacks in. */
typedef struct tl_shim_start {
  const unsigned char *colstat; /* [ncols] */
  const unsigned char *rowstat; /* [nrows] */
  const double *x;              /* [ncols] primal values, or NULL */
} tl_shim_start;

typedef struct tl_shim_params {
  tl_method method;  /* AUTO means dual simplex */
  int presolve;      /* nonzero: presolve (and Cbc preprocessing) on */
  int threads;       /* Cbc only; 0: Cbc's default */
  double time_limit; /* wall-clock seconds; 0: none */
  int verbose;       /* nonzero: solver log to stderr */
  int (*stop)(void); /* polled while solving; nonzero asks to stop (may
                        be NULL) */
  const tl_shim_start *start; /* Clp only: start from this basis (presolve
                        is then off: Clp's presolve drops a basis); NULL
                        for a cold start */
  /* may be NULL: called at each Clp iteration and Cbc node with a
   * tl_progress_phase, the iterations (or nodes) so far and the current
   * objective (NaN when unknown); it throttles itself */
  void (*progress)(void *ud, int phase, long iterations, double objective);
  void *progress_ud; /* passed to progress */
} tl_shim_params;

typedef struct tl_shim_result {
  tl_solve_status status;
  double objective;  /* without the LP's constant; NAN with no solution */
  long iterations;   /* simplex/barrier iterations, B&B nodes for Cbc */
  int interrupted;   /* 1 when stop() asked the solver to stop */
  /* caller-owned output arrays, filled when the solver has values:
   * x, redcost [ncols]; rowact, rowdual [nrows]. rowact, rowdual and
   * redcost are not touched by the Cbc call. */
  double *x, *rowact, *rowdual, *redcost;
  /* caller-owned, may be NULL: the final basis in the codes of
   * tl_shim_start, colstat [ncols], rowstat [nrows] (Clp only) */
  unsigned char *colstat, *rowstat;
  /* caller-owned, may be NULL: [ncols] receives a direction in which the
   * cost falls without limit when the verdict is unbounded (Clp only);
   * has_ray is then 1 */
  double *ray;
  int has_ray;
  char msg[512];     /* a warning or the reason of a failure, or "" */
} tl_shim_result;

/* Solve the LP with Clp. Returns TL_OK when Clp reached a verdict (r->status
 * holds it), TL_ERR_NOMEM on std::bad_alloc, TL_ERR_LIMIT when the matrix is
 * too big for Clp's index type, TL_ERR_SOLVER on any other exception (the
 * reason is in r->msg). */
tl_status tl_shim_clp_solve(const tl_shim_problem *p, const tl_shim_params *o,
                            tl_shim_result *r);

/* Solve the MIP with Cbc (the cbc program's default strategy: presolve,
 * cuts, heuristics). Same returns as tl_shim_clp_solve; r->x holds the
 * best integer solution when one was found. */
tl_status tl_shim_cbc_solve(const tl_shim_problem *p, const tl_shim_params *o,
                            tl_shim_result *r);

#ifndef __cplusplus
/* C side (solve_clp.c): run one shim entry point on a compressed LP with
 * the options o, fill sol (status, objective without the constant, arrays)
 * and turn the shim's messages into diagnostics. who names the solver in
 * them. Returns the shim's status, or TL_ERR_INTERRUPTED when tl_interrupt()
 * stopped the solve (sol->status is then TL_SOLVE_LIMIT). */
typedef tl_status (*tl_shim_fn)(const tl_shim_problem *p,
                                const tl_shim_params *o, tl_shim_result *r);
tl_status tl_shim_run(tl_ctx *ctx, const tl_lp *lp, const tl_solve_options *o,
                      tl_solution *sol, const char *who, tl_shim_fn fn);

/* ---- warm starts (src/lp/solve_clp.c, src/lp/solve.c) -------------------- */
/* A basis of an LP in Clp's status codes (see tl_shim_start). */
typedef struct tl_basis {
  int nrows, ncols;
  unsigned char *colstat; /* [ncols] */
  unsigned char *rowstat; /* [nrows] */
} tl_basis;

/* An all-zero basis for an LP of this shape; NULL when out of memory. */
tl_basis *tl_basis_new(int nrows, int ncols);
void tl_basis_free(tl_basis *b); /* accepts NULL */

/* The Clp back end with a warm start: start (may be NULL: cold) is the
 * basis to begin from and x0 ([ncols] or NULL) the primal values; when
 * final is not NULL it receives the basis Clp ends with (final must have
 * the LP's shape). Otherwise as tl_solve_clp. */
tl_status tl_solve_clp_from(tl_ctx *ctx, const tl_lp *lp,
                            const tl_solve_options *o, const tl_basis *start,
                            const double *x0, tl_solution *sol,
                            tl_basis *final);

/* tl_lp_solve with a warm start from a basis (exact), and the final basis
 * when final is not NULL. Falls back to a cold start (with a notice) when
 * the solver is not Clp, the LP is a MIP, or the shapes differ. */
tl_status tl_lp_solve_basis(tl_ctx *ctx, const tl_lp *lp,
                            const tl_solve_options *o, const tl_basis *start,
                            const double *x0, tl_solution **out,
                            tl_basis *final);
#endif

#ifdef __cplusplus
}
#endif
#endif /* TL_CLP_SHIM_H */
