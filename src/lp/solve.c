/* solve.c - tl_lp_solve: checks the LP, picks the back end (Clp for LPs,
 * Cbc for MIPs, or GLPK for both), times the solve and completes the
 * solution (objective constant, MIP row activities). Also its warm-started
 * forms (Clp only): from a basis (tl_lp_solve_basis, for ensembles) and
 * from a solution (tl_lp_solve_from, public in tanlu_ensemble.h).
 *
 * Sign convention of the duals, whatever the back end: the problem is a
 * minimisation, rowdual[i] = d(objective)/d(rhs of row i) at the optimum
 * (the bound of row i that is active), and redcost[j] = obj[j] - a_j'y =
 * d(objective)/d(active bound of column j). So a binding ">=" row has a
 * dual >= 0, a binding "<=" row a dual <= 0. Clp and GLPK both report this
 * convention for minimisation problems; test_solve.c checks it on an LP
 * whose duals are computed by hand. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <string.h>
#include <time.h>

#include "lp/clp_shim.h"
#include "lp/lp.h"
#include "lp/scaling.h"
#include "tanlu_ensemble.h"

void tl_solve_options_init(tl_solve_options *o) {
  if (!o) return;
  memset(o, 0, sizeof *o);
  o->solver = TL_SOLVER_CLP;
  o->method = TL_METHOD_AUTO; /* dual simplex */
  o->presolve = 1;
  o->threads = 0;
  o->time_limit = 0;
  o->verbose = 0;
}

static double now_seconds(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0;
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- progress reports ---------------------------------------------------- */

void tl_progress_init(tl_progress_state *ps, const tl_solve_options *o,
                      const tl_lp *lp) {
  ps->fn = o ? o->progress : NULL;
  ps->ud = o ? o->progress_ud : NULL;
  ps->objconst = lp ? lp->objconst : 0;
  ps->start = now_seconds();
  ps->next = ps->start + TL_PROGRESS_INTERVAL;
}

void tl_progress_send(tl_progress_state *ps, tl_progress_phase phase,
                      long iterations, double objective) {
  if (!ps->fn) return;
  double now = now_seconds();
  tl_progress p;
  p.phase = phase;
  p.iterations = iterations;
  /* a solver's placeholder values (a composite phase 1 objective, its
   * "infinity") are not news; 1e15 is the shim's implausible size too */
  p.objective = isfinite(objective) && fabs(objective) < 1e15
                    ? objective + ps->objconst
                    : NAN;
  p.seconds = now - ps->start;
  ps->next = now + TL_PROGRESS_INTERVAL;
  ps->fn(ps->ud, &p);
}

void tl_progress_note(void *state, int phase, long iterations,
                      double objective) {
  tl_progress_state *ps = state;
  if (!ps || !ps->fn || now_seconds() < ps->next) return;
  tl_progress_send(ps, (tl_progress_phase)phase, iterations, objective);
}

/* A row or column name for a diagnostic; plain "row 12" when the LP has no
 * model or family table to make names from. */
static void item_name(const tl_lp *lp, int is_row, int k, tl_buf *b) {
  tl_buf_reset(b);
  if (lp->model && (is_row ? lp->rowfams : lp->colfams)) {
    if (is_row)
      tl_lp_row_name(lp, k, b);
    else
      tl_lp_col_name(lp, k, b);
  } else {
    tl_buf_printf(b, "%s %d", is_row ? "row" : "column", k);
  }
}

/* Data the solvers cannot take: NaN anywhere, an infinite coefficient, a
 * lower bound of +inf or an upper bound of -inf. Returns TL_ERR_INVALID
 * after a diagnostic naming the first offender. */
static tl_status check_data(tl_ctx *ctx, const tl_lp *lp) {
  tl_buf b;
  tl_buf_init(&b);
  tl_status rc = TL_OK;
  for (int j = 0; j < lp->ncols && rc == TL_OK; j++) {
    double lb = lp->collb[j], ub = lp->colub[j], c = lp->obj[j];
    const char *what = NULL;
    if (!isfinite(c)) what = "objective coefficient";
    else if (isnan(lb) || lb == TL_INF) what = "lower bound";
    else if (isnan(ub) || ub == -TL_INF) what = "upper bound";
    for (int64_t p = lp->colstart[j]; !what && p < lp->colstart[j + 1]; p++)
      if (!isfinite(lp->val[p])) what = "matrix coefficient";
    if (what) {
      item_name(lp, 0, j, &b);
      tl_diagf(ctx, TL_ERROR, NULL, tl_buf_cstr(&b), NULL, NULL,
               "LP column has an invalid %s (NaN or infinite)", what);
      rc = TL_ERR_INVALID;
    }
  }
  for (int i = 0; i < lp->nrows && rc == TL_OK; i++) {
    double lb = lp->rowlb[i], ub = lp->rowub[i];
    if (isnan(lb) || isnan(ub) || lb == TL_INF || ub == -TL_INF) {
      item_name(lp, 1, i, &b);
      tl_diagf(ctx, TL_ERROR, NULL, tl_buf_cstr(&b), NULL, NULL,
               "LP row has an invalid bound (NaN or infinite)");
      rc = TL_ERR_INVALID;
    }
  }
  /* Clp treats coefficients from 1e20 on as infinite and then reports
   * wrong verdicts (a feasible MIP called infeasible); say so */
  for (int j = 0; j < lp->ncols && rc == TL_OK; j++) {
    int big = fabs(lp->obj[j]) >= 1e20;
    for (int64_t p = lp->colstart[j]; !big && p < lp->colstart[j + 1]; p++)
      big = fabs(lp->val[p]) >= 1e20;
    if (big) {
      item_name(lp, 0, j, &b);
      tl_diagf(ctx, TL_WARNING, NULL, tl_buf_cstr(&b), NULL, NULL,
               "LP column has a coefficient of 1e20 or more: Clp and Cbc "
               "take it for infinity and their verdict is doubtful");
      break;
    }
  }
  if (!isfinite(lp->objconst)) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "the objective's constant term is not finite");
    rc = TL_ERR_INVALID;
  }
  tl_buf_free(&b);
  return rc;
}

/* Crossed bounds make the problem infeasible before any solver runs: say
 * which row or column. Returns 1 when one was found. */
static int crossed_bounds(tl_ctx *ctx, const tl_lp *lp) {
  tl_buf b;
  tl_buf_init(&b);
  int found = 0;
  for (int j = 0; j < lp->ncols && !found; j++) {
    double lb = lp->collb[j], ub = lp->colub[j];
    if (lp->colint[j]) lb = ceil(lb - 1e-9), ub = floor(ub + 1e-9);
    if (lb > ub) {
      item_name(lp, 0, j, &b);
      tl_diagf(ctx, TL_NOTICE, NULL, tl_buf_cstr(&b), NULL, NULL,
               "infeasible: column bounds %.17g > %.17g%s", lp->collb[j],
               lp->colub[j], lp->colint[j] ? " (integer)" : "");
      found = 1;
    }
  }
  for (int i = 0; i < lp->nrows && !found; i++)
    if (lp->rowlb[i] > lp->rowub[i]) {
      item_name(lp, 1, i, &b);
      tl_diagf(ctx, TL_NOTICE, NULL, tl_buf_cstr(&b), NULL, NULL,
               "infeasible: row bounds %.17g > %.17g", lp->rowlb[i],
               lp->rowub[i]);
      found = 1;
    }
  tl_buf_free(&b);
  return found;
}

/* An LP without rows or without columns, which the solvers refuse: each
 * column (or row) is decided alone. */
static void solve_trivial(const tl_lp *lp, tl_solution *sol) {
  sol->status = TL_SOLVE_OPTIMAL;
  sol->objective = 0;
  for (int i = 0; i < lp->nrows; i++)
    if (lp->rowlb[i] > 0 || lp->rowub[i] < 0) sol->status = TL_SOLVE_INFEASIBLE;
  for (int j = 0; j < lp->ncols; j++) {
    double c = lp->obj[j], lb = lp->collb[j], ub = lp->colub[j], x;
    if (lp->colint[j]) lb = ceil(lb - 1e-9), ub = floor(ub + 1e-9);
    if (c > 0)
      x = lb;
    else if (c < 0)
      x = ub;
    else
      x = lb > 0 ? lb : (ub < 0 ? ub : 0);
    if (isinf(x)) {
      if (sol->status == TL_SOLVE_OPTIMAL) sol->status = TL_SOLVE_UNBOUNDED;
      x = 0;
    }
    sol->x[j] = x;
    sol->redcost[j] = sol->is_mip ? 0 : c;
    sol->objective += c * x;
  }
  if (sol->status != TL_SOLVE_OPTIMAL) sol->objective = NAN;
}

/* Row activities A x of a MIP solution (the MIP back ends give only x). */
static void row_activities(const tl_lp *lp, tl_solution *sol) {
  memset(sol->rowact, 0, (size_t)lp->nrows * sizeof *sol->rowact);
  for (int j = 0; j < lp->ncols; j++) {
    double x = sol->x[j];
    if (x == 0) continue;
    for (int64_t p = lp->colstart[j]; p < lp->colstart[j + 1]; p++)
      sol->rowact[lp->rowind[p]] += lp->val[p] * x;
  }
}

static tl_status check_options(tl_ctx *ctx, const tl_solve_options *o) {
  const char *bad = NULL;
  if (o->solver != TL_SOLVER_CLP && o->solver != TL_SOLVER_GLPK)
    bad = "unknown solver";
  else if ((int)o->method < TL_METHOD_AUTO || o->method > TL_METHOD_BARRIER)
    bad = "unknown method";
  else if (!(o->time_limit >= 0) || isinf(o->time_limit))
    bad = "time limit must be a finite number of seconds >= 0";
  else if (o->threads < 0)
    bad = "threads must be >= 0";
  if (!bad) return TL_OK;
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL, "solve options: %s", bad);
  return TL_ERR_ARG;
}

/* The solve of tl_lp_solve and of its warm-started forms: start (may be
 * NULL) is a basis to begin from with the primal values x0 (may be NULL),
 * used when the back end is Clp on an LP of the same shape; final (may be
 * NULL) receives the basis Clp ends with (all zero when another back end
 * solved it). */
static tl_status solve_core(tl_ctx *ctx, const tl_lp *lp,
                            const tl_solve_options *o, const tl_basis *start,
                            const double *x0, tl_solution **out,
                            tl_basis *final) {
  tl_solve_options defaults;
  tl_solution *sol = NULL;
  tl_status rc;
  if (out) *out = NULL;
  if (!lp || !out) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "tl_lp_solve: the LP and the output pointer are required");
    return TL_ERR_ARG;
  }
  if (!lp->colstart) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "tl_lp_solve: the LP has not been compressed (tl_lp_compress)");
    return TL_ERR_ARG;
  }
  if (!o) {
    tl_solve_options_init(&defaults);
    o = &defaults;
  }
  if ((rc = check_options(ctx, o)) != TL_OK) return rc;
  if ((rc = check_data(ctx, lp)) != TL_OK) return rc;
  if (final && (final->nrows != lp->nrows || final->ncols != lp->ncols)) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "tl_lp_solve: the basis to fill has %d rows and %d columns, "
             "the LP %d and %d", final->nrows, final->ncols, lp->nrows,
             lp->ncols);
    return TL_ERR_ARG;
  }
  sol = tl_solution_new(lp);
  if (!sol) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "out of memory for the solution of %d rows, %d columns",
             lp->nrows, lp->ncols);
    return TL_ERR_NOMEM;
  }
  sol->is_mip = lp->nint > 0;
  int use_cbc = sol->is_mip && o->solver == TL_SOLVER_CLP;
  if (o->threads > 0 && !use_cbc)
    tl_diagf(ctx, TL_NOTICE, NULL, NULL, NULL, NULL,
             "the threads option is used by Cbc (MIP) only; ignored");
  if (sol->is_mip && o->method != TL_METHOD_AUTO &&
      (use_cbc || o->method == TL_METHOD_BARRIER))
    tl_diagf(ctx, TL_NOTICE, NULL, NULL, NULL, NULL,
             "the method option applies to LPs; the MIP solver's default "
             "strategy is used");
  if (start && (o->solver != TL_SOLVER_CLP || sol->is_mip)) {
    tl_diagf(ctx, TL_NOTICE, NULL, NULL, NULL, NULL,
             "a warm start is used by Clp on LPs only: cold start");
    start = NULL;
  } else if (start &&
             (start->nrows != lp->nrows || start->ncols != lp->ncols)) {
    tl_diagf(ctx, TL_NOTICE, NULL, NULL, NULL, NULL,
             "the start has %d rows and %d columns, the LP %d and %d: cold "
             "start", start->nrows, start->ncols, lp->nrows, lp->ncols);
    start = NULL;
  }
  if (final) {
    memset(final->colstat, 0, (size_t)final->ncols);
    memset(final->rowstat, 0, (size_t)final->nrows);
  }

  tl_progress_state progress;
  tl_progress_init(&progress, o, lp);
  tl_progress_send(&progress, TL_PROGRESS_START, 0, NAN);
  double t0 = now_seconds();
  if (crossed_bounds(ctx, lp)) {
    sol->status = TL_SOLVE_INFEASIBLE;
    sol->objective = NAN;
    rc = TL_OK;
  } else if (lp->nrows == 0 || lp->ncols == 0) {
    solve_trivial(lp, sol);
    rc = TL_OK;
  } else if (o->solver == TL_SOLVER_GLPK) {
    rc = tl_solve_glpk(ctx, lp, o, sol);
  } else if (use_cbc) {
    rc = tl_solve_cbc(ctx, lp, o, sol);
  } else if (start || final) {
    rc = tl_solve_clp_from(ctx, lp, o, start, start ? x0 : NULL, sol, final);
  } else {
    rc = tl_solve_clp(ctx, lp, o, sol);
  }
  sol->solve_seconds = now_seconds() - t0;
  if (rc != TL_OK && rc != TL_ERR_INTERRUPTED) {
    tl_solution_free(sol);
    return rc;
  }
  if (sol->is_mip) {
    memset(sol->rowdual, 0, (size_t)lp->nrows * sizeof *sol->rowdual);
    memset(sol->redcost, 0, (size_t)lp->ncols * sizeof *sol->redcost);
    row_activities(lp, sol);
  }
  sol->objective += lp->objconst; /* NaN (no solution) stays NaN */
  progress.objconst = 0;          /* already in sol->objective */
  tl_progress_send(&progress, TL_PROGRESS_DONE, sol->iterations,
                   sol->objective);
  if (rc == TL_ERR_INTERRUPTED)
    tl_diagf(ctx, TL_NOTICE, NULL, NULL, NULL, NULL,
             "solve interrupted after %.3f s", sol->solve_seconds);
  *out = sol;
  return rc;
}

/* On TL_OK (a verdict: optimal, infeasible, unbounded, limit, or a solver
 * error status) and on TL_ERR_INTERRUPTED (status TL_SOLVE_LIMIT, with the
 * point the solver had reached when there was one), *out receives the
 * solution, which the caller frees. On other errors *out is NULL. */
tl_status tl_lp_solve(tl_ctx *ctx, const tl_lp *lp, const tl_solve_options *o,
                      tl_solution **out) {
  tl_lp_check_scaling(ctx, lp); /* a warning; the solve goes on */
  return solve_core(ctx, lp, o, NULL, NULL, out, NULL);
}

tl_status tl_lp_solve_basis(tl_ctx *ctx, const tl_lp *lp,
                            const tl_solve_options *o, const tl_basis *start,
                            const double *x0, tl_solution **out,
                            tl_basis *final) {
  return solve_core(ctx, lp, o, start, x0, out, final);
}

/* ---- a warm start from a solution ------------------------------------------ */

/* Clp's status codes (ClpSimplex::Status). */
enum { ST_BASIC = 1, ST_UPPER = 2, ST_LOWER = 3 };

/* Status of a variable (a column, or a row's activity) with value v,
 * bounds [lb, ub] in the LP to solve and reduced cost (or dual) d in the
 * solution, which may come from an LP with other bounds: a nonzero d says
 * nonbasic, at the lower bound when d > 0 (the sign convention of
 * tl_solution), so the old bounds are not needed. A zero d with v strictly
 * inside the bounds says basic; at a bound the solution does not tell
 * (-1). */
static int infer_status(double v, double lb, double ub, double d) {
  if (d > 1e-9) return ST_LOWER;
  if (d < -1e-9) return ST_UPPER;
  int at_lb = isfinite(lb) && fabs(v - lb) <= 1e-9 * fmax(1, fabs(lb));
  int at_ub = isfinite(ub) && fabs(v - ub) <= 1e-9 * fmax(1, fabs(ub));
  return at_lb || at_ub ? -1 : ST_BASIC;
}

/* The bound v sits at, for a degenerate variable left nonbasic. */
static unsigned char nearer_bound(double v, double lb, double ub) {
  return isfinite(lb) && (!isfinite(ub) || fabs(v - lb) <= fabs(v - ub))
             ? ST_LOWER
             : ST_UPPER;
}

/* A basis read off a solution (infer_status). The degenerate variables
 * (at a bound, zero reduced cost) fill the basis
 * up to one basic variable per row, columns before slacks (on UTOPIA this
 * order restarts in about 100 iterations where slacks first need 1000,
 * and a cold solve 2000); the remainder stay at their bound. */
static void basis_from_solution(const tl_lp *lp, const tl_solution *s,
                                tl_basis *b) {
  int basic = 0;
  for (int j = 0; j < lp->ncols; j++) {
    int st = infer_status(s->x[j], lp->collb[j], lp->colub[j], s->redcost[j]);
    b->colstat[j] = (unsigned char)(st < 0 ? 255 : st);
    basic += st == ST_BASIC;
  }
  for (int i = 0; i < lp->nrows; i++) {
    int st = infer_status(s->rowact[i], lp->rowlb[i], lp->rowub[i],
                          s->rowdual[i]);
    b->rowstat[i] = (unsigned char)(st < 0 ? 255 : st);
    basic += st == ST_BASIC;
  }
  for (int j = 0; j < lp->ncols; j++)
    if (b->colstat[j] == 255) {
      b->colstat[j] = basic < lp->nrows
                          ? ST_BASIC
                          : nearer_bound(s->x[j], lp->collb[j], lp->colub[j]);
      basic += b->colstat[j] == ST_BASIC;
    }
  for (int i = 0; i < lp->nrows; i++)
    if (b->rowstat[i] == 255) {
      b->rowstat[i] =
          basic < lp->nrows
              ? ST_BASIC
              : nearer_bound(s->rowact[i], lp->rowlb[i], lp->rowub[i]);
      basic += b->rowstat[i] == ST_BASIC;
    }
}

tl_status tl_lp_solve_from(tl_ctx *ctx, const tl_lp *lp,
                           const tl_solve_options *o, const tl_solution *start,
                           tl_solution **out) {
  if (out) *out = NULL;
  if (!start || !lp || start->nrows != lp->nrows || start->ncols != lp->ncols ||
      start->is_mip || start->status != TL_SOLVE_OPTIMAL) {
    if (lp && start)
      tl_diagf(ctx, TL_NOTICE, NULL, NULL, NULL, NULL,
               "the start is not an optimal solution of an LP of this shape: "
               "cold start");
    return tl_lp_solve(ctx, lp, o, out);
  }
  tl_basis *b = tl_basis_new(lp->nrows, lp->ncols);
  if (!b) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "out of memory for a basis of %d rows, %d columns", lp->nrows,
             lp->ncols);
    return TL_ERR_NOMEM;
  }
  basis_from_solution(lp, start, b);
  tl_status rc = solve_core(ctx, lp, o, b, start->x, out, NULL);
  tl_basis_free(b);
  return rc;
}
