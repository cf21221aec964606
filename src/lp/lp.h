/* lp.h - the linear program as built from a model: bounds, objective, a
 * sparse matrix (triplets while building, compressed columns after), and for
 * every row and column its equation family and index tuple, from which
 * readable names are made on demand. Solver back ends and writers read it. */
#ifndef TL_LP_H
#define TL_LP_H

#include <math.h>
#include <stdint.h>

#include "core/core.h"
#include "model/model.h"

#define TL_INF HUGE_VAL /* an absent bound */
#define TL_LP_MAXIX 6   /* indices in a row or column name */

/* A family of rows or columns: a name and the sets of its indices. Names
 * follow osemosys.txt (constraints) and its variables. */
typedef struct tl_lp_family {
  const char *name;
  int nidx;
  tl_set_id idx[TL_LP_MAXIX];
} tl_lp_family;

struct tl_lp {
  const tl_model *model; /* borrowed: must outlive the LP */

  int nrows, ncols;
  size_t caprows, capcols;

  /* columns, [ncols] each */
  double *obj;    /* objective coefficients (minimise) */
  double *collb;  /* lower bounds (-TL_INF for none) */
  double *colub;  /* upper bounds (TL_INF for none) */
  char *colint;   /* 1 for integer columns */
  uint8_t *colfam;   /* family id into colfams */
  int32_t *colix;    /* [ncols * TL_LP_MAXIX] index positions */
  double objconst;   /* constant term of the objective */
  int nint;          /* number of integer columns */

  /* rows, [nrows] each: rowlb <= a'x <= rowub */
  double *rowlb;
  double *rowub;
  uint8_t *rowfam;
  int32_t *rowix; /* [nrows * TL_LP_MAXIX] */

  /* matrix in triplet form during the build (nz entries) ... */
  int32_t *ti, *tj; /* row, column of each entry */
  double *tx;
  size_t nz, capnz;
  /* ... and compressed by column once built (tl_lp_compress):
   * column j holds entries colstart[j] .. colstart[j+1]-1, row indices in
   * increasing order, duplicates summed, zeros dropped. */
  int64_t *colstart; /* [ncols + 1] */
  int32_t *rowind;   /* [nnz] */
  double *val;       /* [nnz] */
  int64_t nnz;
  size_t capnnz;     /* allocated entries of rowind/val */

  /* family tables (static storage, not owned) */
  const tl_lp_family *rowfams;
  int nrowfams;
  const tl_lp_family *colfams;
  int ncolfams;

  /* builder's private maps from model indices to columns (owned by the
   * builder module; freed by tl_lp_free through this hook) */
  void *aux;
  void (*aux_free)(void *aux);
};

/* Create an empty LP for model m with the given family tables. */
tl_lp *tl_lp_new(const tl_model *m, const tl_lp_family *rowfams, int nrowfams,
                 const tl_lp_family *colfams, int ncolfams);

/* Add a column; ix: [colfams[fam].nidx] positions. Returns its index or -1
 * when out of memory. */
int tl_lp_add_col(tl_lp *lp, int fam, const int32_t *ix, double lb, double ub,
                  double obj, int integer);
/* Add a row lb <= . <= ub; returns its index or -1 (oom). */
int tl_lp_add_row(tl_lp *lp, int fam, const int32_t *ix, double lb,
                  double ub);
/* Add a matrix entry (duplicates are summed at compression). 0 or -1. */
int tl_lp_add_nz(tl_lp *lp, int row, int col, double v);
/* Turn the triplets into compressed columns and free them. 0 or -1. */
int tl_lp_compress(tl_lp *lp);

/* Readable names: "EBa11_EnergyBalanceEachTS5[UTOPIA,ID,ELC,1990]". */
void tl_lp_row_name(const tl_lp *lp, int i, tl_buf *b);
void tl_lp_col_name(const tl_lp *lp, int j, tl_buf *b);

/* The solution of an LP. */
struct tl_solution {
  tl_solve_status status;
  double objective; /* including lp->objconst */
  long iterations;
  int nrows, ncols;
  double *x;       /* [ncols] primal values */
  double *rowact;  /* [nrows] row activities a'x */
  double *rowdual; /* [nrows] duals (shadow prices, minimisation sign
                      convention: d obj / d rhs); zeros for a MIP */
  double *redcost; /* [ncols] reduced costs; zeros for a MIP */
  int is_mip;
  double solve_seconds;
};

/* Allocate a solution with arrays for lp (zeroed). NULL on oom. */
tl_solution *tl_solution_new(const tl_lp *lp);

/* Solver back ends (src/lp/solve_*.c). Each fills sol (status, objective
 * without the constant, arrays) and returns TL_OK when the solver reached a
 * verdict, or an error status (diagnostics in ctx). They never exit. */
tl_status tl_solve_clp(tl_ctx *ctx, const tl_lp *lp, const tl_solve_options *o,
                       tl_solution *sol);
tl_status tl_solve_cbc(tl_ctx *ctx, const tl_lp *lp, const tl_solve_options *o,
                       tl_solution *sol);
tl_status tl_solve_glpk(tl_ctx *ctx, const tl_lp *lp,
                        const tl_solve_options *o, tl_solution *sol);

/* Progress reports of one solve (solve.c). A back end calls
 * tl_progress_note as often as it likes (each iteration, each log line);
 * o->progress sees at most one report per TL_PROGRESS_INTERVAL. */
typedef struct tl_progress_state {
  tl_progress_fn fn; /* NULL: reports are dropped */
  void *ud;
  double objconst; /* the LP's constant, added to each objective */
  double start;    /* monotonic seconds when the solve began */
  double next;     /* no throttled report before this time */
} tl_progress_state;

void tl_progress_init(tl_progress_state *ps, const tl_solve_options *o,
                      const tl_lp *lp);
/* A throttled report. ps is a tl_progress_state (void * so that the C++
 * shim can hold it); phase is a tl_progress_phase; objective is without
 * the LP's constant, NaN when unknown. */
void tl_progress_note(void *ps, int phase, long iterations, double objective);
/* The same, sent whatever the time (the first and the last report). */
void tl_progress_send(tl_progress_state *ps, tl_progress_phase phase,
                      long iterations, double objective);

#endif /* TL_LP_H */
