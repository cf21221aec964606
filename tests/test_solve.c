/* test_solve.c - the solver back ends (Clp, Cbc, GLPK) on small LPs and
 * MIPs whose optimum, duals and reduced costs are worked out by hand in the
 * comments, with every back end, method and presolve setting; plus
 * interrupts, argument errors and degenerate shapes. */
#define _POSIX_C_SOURCE 200809L
#include <glpk.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "lp/lp.h"

static int failures;

#define CHECK(cond, ...)                                              \
  do {                                                                \
    if (!(cond)) {                                                    \
      failures++;                                                     \
      fprintf(stderr, "%s:%d: FAIL (%s) ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                   \
      fputc('\n', stderr);                                            \
    }                                                                 \
  } while (0)

static int near(double a, double b, double tol) {
  return fabs(a - b) <= tol * (1 + fabs(b));
}

/* Names like c[R1] and x[T2] come from these families and the model. */
static const tl_lp_family rowfams[] = {{"c", 1, {TL_REGION}}};
static const tl_lp_family colfams[] = {{"x", 1, {TL_TECHNOLOGY}}};
static tl_model *model;

#define MAXN 8
/* A small LP given densely: rowlb <= A x <= rowub, collb <= x <= colub,
 * minimise obj'x + objconst. */
typedef struct spec {
  int nrows, ncols;
  double rowlb[MAXN], rowub[MAXN];
  double collb[MAXN], colub[MAXN], obj[MAXN];
  int integer[MAXN];
  double a[MAXN][MAXN];
  double objconst;
} spec;

static tl_lp *make_lp(const spec *s) {
  tl_lp *lp = tl_lp_new(model, rowfams, 1, colfams, 1);
  if (!lp) return NULL;
  for (int j = 0; j < s->ncols; j++) {
    int32_t ix[1] = {j};
    tl_lp_add_col(lp, 0, ix, s->collb[j], s->colub[j], s->obj[j],
                  s->integer[j]);
  }
  for (int i = 0; i < s->nrows; i++) {
    int32_t ix[1] = {i};
    tl_lp_add_row(lp, 0, ix, s->rowlb[i], s->rowub[i]);
    for (int j = 0; j < s->ncols; j++)
      if (s->a[i][j] != 0) tl_lp_add_nz(lp, i, j, s->a[i][j]);
  }
  lp->objconst = s->objconst;
  if (tl_lp_compress(lp)) {
    tl_lp_free(lp);
    return NULL;
  }
  return lp;
}

typedef struct config {
  const char *name;
  tl_solver solver;
  tl_method method;
  int presolve;
  double tol; /* interior point solutions are less exact */
} config;

static const config configs[] = {
    {"clp/auto", TL_SOLVER_CLP, TL_METHOD_AUTO, 1, 1e-7},
    {"clp/dual/no-presolve", TL_SOLVER_CLP, TL_METHOD_DUAL, 0, 1e-7},
    {"clp/primal", TL_SOLVER_CLP, TL_METHOD_PRIMAL, 1, 1e-7},
    {"clp/primal/no-presolve", TL_SOLVER_CLP, TL_METHOD_PRIMAL, 0, 1e-7},
    {"clp/barrier", TL_SOLVER_CLP, TL_METHOD_BARRIER, 1, 1e-6},
    {"clp/barrier/no-presolve", TL_SOLVER_CLP, TL_METHOD_BARRIER, 0, 1e-6},
    {"glpk/auto", TL_SOLVER_GLPK, TL_METHOD_AUTO, 1, 1e-7},
    {"glpk/dual/no-presolve", TL_SOLVER_GLPK, TL_METHOD_DUAL, 0, 1e-7},
    {"glpk/primal", TL_SOLVER_GLPK, TL_METHOD_PRIMAL, 1, 1e-7},
    {"glpk/primal/no-presolve", TL_SOLVER_GLPK, TL_METHOD_PRIMAL, 0, 1e-7},
    {"glpk/interior", TL_SOLVER_GLPK, TL_METHOD_BARRIER, 1, 1e-5},
};
#define NCONFIGS (int)(sizeof configs / sizeof configs[0])

static void options_for(const config *c, tl_solve_options *o) {
  tl_solve_options_init(o);
  o->solver = c->solver;
  o->method = c->method;
  o->presolve = c->presolve;
}

/* Solve s with every configuration and compare with the hand values (x,
 * dual, redcost may be NULL: not checked; obj is checked for OPTIMAL). */
static void expect(const char *what, const spec *s, tl_solve_status status,
                   double obj, const double *x, const double *dual,
                   const double *redcost) {
  tl_lp *lp = make_lp(s);
  CHECK(lp != NULL, "%s: building the LP", what);
  if (!lp) return;
  for (int k = 0; k < NCONFIGS; k++) {
    const config *c = &configs[k];
    tl_ctx *ctx = tl_ctx_new();
    tl_solve_options o;
    tl_solution *sol = NULL;
    options_for(c, &o);
    tl_status rc = tl_lp_solve(ctx, lp, &o, &sol);
    CHECK(rc == TL_OK, "%s [%s]: call status %s", what, c->name,
          tl_status_str(rc));
    CHECK(sol != NULL, "%s [%s]: no solution", what, c->name);
    if (rc != TL_OK || !sol) {
      for (int d = 0; d < tl_ctx_diag_count(ctx); d++)
        fprintf(stderr, "  diag: %s\n", tl_ctx_diag(ctx, d)->message);
      tl_solution_free(sol);
      tl_ctx_free(ctx);
      continue;
    }
    CHECK(tl_solution_status(sol) == status, "%s [%s]: status %s, want %s",
          what, c->name, tl_solve_status_str(tl_solution_status(sol)),
          tl_solve_status_str(status));
    CHECK(sol->is_mip == (lp->nint > 0), "%s [%s]: is_mip", what, c->name);
    CHECK(sol->solve_seconds >= 0, "%s [%s]: time", what, c->name);
    if (status == TL_SOLVE_OPTIMAL && tl_solution_status(sol) == status) {
      double tol = c->tol;
      CHECK(near(tl_solution_objective(sol), obj, tol),
            "%s [%s]: objective %.17g, want %.17g", what, c->name,
            tl_solution_objective(sol), obj);
      for (int j = 0; x && j < s->ncols; j++)
        CHECK(near(sol->x[j], x[j], tol), "%s [%s]: x[%d] = %.17g, want %g",
              what, c->name, j, sol->x[j], x[j]);
      for (int i = 0; dual && i < s->nrows; i++)
        CHECK(near(sol->rowdual[i], dual[i], tol),
              "%s [%s]: dual[%d] = %.17g, want %g", what, c->name, i,
              sol->rowdual[i], dual[i]);
      for (int j = 0; redcost && j < s->ncols; j++)
        CHECK(near(sol->redcost[j], redcost[j], tol),
              "%s [%s]: redcost[%d] = %.17g, want %g", what, c->name, j,
              sol->redcost[j], redcost[j]);
      /* row activities are A x, whatever the back end */
      for (int i = 0; x && i < s->nrows; i++) {
        double ax = 0;
        for (int j = 0; j < s->ncols; j++) ax += s->a[i][j] * x[j];
        CHECK(near(sol->rowact[i], ax, tol), "%s [%s]: rowact[%d] = %.17g",
              what, c->name, i, sol->rowact[i]);
      }
      if (lp->nint > 0)
        for (int i = 0; i < s->nrows; i++)
          CHECK(sol->rowdual[i] == 0, "%s [%s]: MIP duals are zero", what,
                c->name);
    }
    tl_solution_free(sol);
    tl_ctx_free(ctx);
  }
  tl_lp_free(lp);
}

#define INF TL_INF

/* min 2x + 3y + z + w + 10
 *   c0: x + y >= 4        c1: x - y <= 2        c2: z = 2
 *   x, y >= 0; z, w in [1, 5]
 * x is cheaper than y, so x - y <= 2 binds: x = 3, y = 1; z = 2 (c2);
 * w = 1 (its lower bound). Objective 6 + 3 + 2 + 1 + 10 = 22.
 * Duals: x and y are basic, so 2 = y0 + y1 and 3 = y0 - y1: y0 = 2.5,
 * y1 = -0.5 (check: rhs of c0 to 5 gives x = 3.5, y = 1.5, objective up
 * 2.5; rhs of c1 to 3 gives x = 3.5, y = 0.5, objective down 0.5). z is
 * basic: y2 = 1. Reduced cost of w at its lower bound: 1 (raising the
 * bound by 1 costs 1); the others are basic: 0. */
static void test_optimal(void) {
  spec s = {.nrows = 3,
            .ncols = 4,
            .rowlb = {4, -INF, 2},
            .rowub = {INF, 2, 2},
            .collb = {0, 0, 1, 1},
            .colub = {INF, INF, 5, 5},
            .obj = {2, 3, 1, 1},
            .a = {{1, 1, 0, 0}, {1, -1, 0, 0}, {0, 0, 1, 0}},
            .objconst = 10};
  double x[] = {3, 1, 2, 1}, dual[] = {2.5, -0.5, 1}, rc[] = {0, 0, 0, 1};
  expect("optimal LP", &s, TL_SOLVE_OPTIMAL, 22, x, dual, rc);
}

/* x + y >= 5 and x + y <= 3 cannot both hold. */
static void test_infeasible(void) {
  spec s = {.nrows = 2,
            .ncols = 2,
            .rowlb = {5, -INF},
            .rowub = {INF, 3},
            .collb = {0, 0},
            .colub = {INF, INF},
            .obj = {1, 1},
            .a = {{1, 1}, {1, 1}}};
  expect("infeasible LP", &s, TL_SOLVE_INFEASIBLE, 0, NULL, NULL, NULL);
}

/* min -x subject to x - y <= 1: x = 1 + y grows without bound. */
static void test_unbounded(void) {
  spec s = {.nrows = 1,
            .ncols = 2,
            .rowlb = {-INF},
            .rowub = {1},
            .collb = {0, 0},
            .colub = {INF, INF},
            .obj = {-1, 0},
            .a = {{1, -1}}};
  expect("unbounded LP", &s, TL_SOLVE_UNBOUNDED, 0, NULL, NULL, NULL);
}

/* A ranged row 1 <= x + 2y <= 4 with x <= 3.
 * min -x - y: x = 3 (its bound), then y = 0.5 from the upper side;
 * objective -3.5. Dual of the row: raising 4 by 1 gives y = 1, objective
 * -4, so -0.5. Reduced cost of x at its upper bound: -1 - 1 * (-0.5) =
 * -0.5 (x up to 4: y = 0, objective -4).
 * min x + y: the lower side binds, x = 0, y = 0.5; objective 0.5; dual
 * 0.5; reduced cost of x at 0: 1 - 0.5 = 0.5. */
static void test_ranged(void) {
  spec s = {.nrows = 1,
            .ncols = 2,
            .rowlb = {1},
            .rowub = {4},
            .collb = {0, 0},
            .colub = {3, INF},
            .obj = {-1, -1},
            .a = {{1, 2}}};
  double x1[] = {3, 0.5}, d1[] = {-0.5}, r1[] = {-0.5, 0};
  expect("ranged row (upper side)", &s, TL_SOLVE_OPTIMAL, -3.5, x1, d1, r1);
  s.obj[0] = 1;
  s.obj[1] = 1;
  double x2[] = {0, 0.5}, d2[] = {0.5}, r2[] = {0.5, 0};
  expect("ranged row (lower side)", &s, TL_SOLVE_OPTIMAL, 0.5, x2, d2, r2);
}

/* A free column and a free row:
 * min x + 1, c0: x - y >= -3, c1: x + y free; x free, y in [0, 2].
 * x = y - 3 at best, smallest with y = 0: x = -3, objective -2.
 * Dual of c0: 1; reduced cost of y at 0: 0 - (-1)(1) = 1; c1: 0. */
static void test_free(void) {
  spec s = {.nrows = 2,
            .ncols = 2,
            .rowlb = {-3, -INF},
            .rowub = {INF, INF},
            .collb = {-INF, 0},
            .colub = {INF, 2},
            .obj = {1, 0},
            .a = {{1, -1}, {1, 1}},
            .objconst = 1};
  double x[] = {-3, 0}, d[] = {1, 0}, r[] = {0, 1};
  expect("free column and row", &s, TL_SOLVE_OPTIMAL, -2, x, d, r);
}

/* max 5x + 4y st 6x + 4y <= 24, x + 2y <= 6 (as min -5x - 4y, constant 1).
 * LP relaxation: both rows bind, x = 3, y = 1.5, objective -21 + 1 = -20.
 * Integers: (4,0) gives 20, (3,1) 19, (2,2) 18, and 5x + 4y = 21 has no
 * feasible integer point, so x = 4, y = 0, objective -20 + 1 = -19. */
static void test_mip(void) {
  spec s = {.nrows = 2,
            .ncols = 2,
            .rowlb = {-INF, -INF},
            .rowub = {24, 6},
            .collb = {0, 0},
            .colub = {INF, INF},
            .obj = {-5, -4},
            .a = {{6, 4}, {1, 2}},
            .objconst = 1};
  double xr[] = {3, 1.5};
  expect("MIP relaxation", &s, TL_SOLVE_OPTIMAL, -20, xr, NULL, NULL);
  s.integer[0] = s.integer[1] = 1;
  double x[] = {4, 0};
  expect("MIP", &s, TL_SOLVE_OPTIMAL, -19, x, NULL, NULL);

  /* 2x = 1 has no integer solution */
  spec t = {.nrows = 1,
            .ncols = 1,
            .rowlb = {1},
            .rowub = {1},
            .collb = {0},
            .colub = {10},
            .obj = {1},
            .integer = {1},
            .a = {{2}}};
  expect("infeasible MIP", &t, TL_SOLVE_INFEASIBLE, 0, NULL, NULL, NULL);

  /* min -x - y, x - y <= 1, x integer: unbounded relaxation */
  spec u = {.nrows = 1,
            .ncols = 2,
            .rowlb = {-INF},
            .rowub = {1},
            .collb = {0, 0},
            .colub = {INF, INF},
            .obj = {-1, -1},
            .integer = {1, 0},
            .a = {{1, -1}}};
  expect("unbounded MIP", &u, TL_SOLVE_UNBOUNDED, 0, NULL, NULL, NULL);
}

/* No rows (each column alone), and crossed bounds (infeasible before any
 * solver runs). */
static void test_shapes(void) {
  spec s = {.nrows = 0,
            .ncols = 2,
            .collb = {1, -INF},
            .colub = {5, 3},
            .obj = {2, -1},
            .objconst = 0.5};
  double x[] = {1, 3}, r[] = {2, -1};
  expect("no rows", &s, TL_SOLVE_OPTIMAL, 2 - 3 + 0.5, x, NULL, r);
  spec t = {.nrows = 1,
            .ncols = 1,
            .rowlb = {3},
            .rowub = {2},
            .collb = {0},
            .colub = {INF},
            .obj = {1},
            .a = {{1}}};
  expect("crossed row bounds", &t, TL_SOLVE_INFEASIBLE, 0, NULL, NULL, NULL);
  spec u = {.nrows = 1,
            .ncols = 1,
            .rowlb = {0},
            .rowub = {INF},
            .collb = {0.2},
            .colub = {0.8},
            .obj = {1},
            .integer = {1},
            .a = {{1}}};
  expect("integer column without an integer", &u, TL_SOLVE_INFEASIBLE, 0,
         NULL, NULL, NULL);
}

/* A transportation problem big enough to need many iterations: n supplies
 * of n+1 units each, n demands of n units, pseudo-random costs. */
static tl_lp *transport(int n) {
  tl_lp *lp = tl_lp_new(NULL, NULL, 0, NULL, 0);
  static const tl_lp_family fam[] = {{"t", 0, {TL_REGION}}};
  lp->rowfams = lp->colfams = fam;
  unsigned seed = 12345;
  int32_t ix[1] = {0};
  for (int i = 0; i < n; i++) tl_lp_add_row(lp, 0, ix, -INF, n + 1);
  for (int k = 0; k < n; k++) tl_lp_add_row(lp, 0, ix, n, INF);
  for (int i = 0; i < n; i++)
    for (int k = 0; k < n; k++) {
      seed = seed * 1103515245u + 12345u;
      int j = tl_lp_add_col(lp, 0, ix, 0, INF, 1 + (seed >> 16) % 100, 0);
      tl_lp_add_nz(lp, i, j, 1);
      tl_lp_add_nz(lp, n + k, j, 1);
    }
  tl_lp_compress(lp);
  return lp;
}

/* tl_interrupt() before the solve: every back end must notice it at its
 * first check, report TL_SOLVE_LIMIT and TL_ERR_INTERRUPTED. */
static void test_interrupt(void) {
  tl_lp *lp = transport(60);
  for (int k = 0; k < NCONFIGS; k++) {
    tl_ctx *ctx = tl_ctx_new();
    tl_solve_options o;
    tl_solution *sol = NULL;
    options_for(&configs[k], &o);
    tl_interrupt();
    tl_status rc = tl_lp_solve(ctx, lp, &o, &sol);
    tl_interrupt_clear();
    CHECK(rc == TL_ERR_INTERRUPTED, "interrupt [%s]: call status %s",
          configs[k].name, tl_status_str(rc));
    CHECK(sol && tl_solution_status(sol) == TL_SOLVE_LIMIT,
          "interrupt [%s]: status %s", configs[k].name,
          tl_solve_status_str(tl_solution_status(sol)));
    tl_solution_free(sol);
    /* and without the interrupt it solves */
    sol = NULL;
    rc = tl_lp_solve(ctx, lp, &o, &sol);
    CHECK(rc == TL_OK && tl_solution_status(sol) == TL_SOLVE_OPTIMAL,
          "after interrupt [%s]: %s", configs[k].name,
          tl_solve_status_str(tl_solution_status(sol)));
    tl_solution_free(sol);
    tl_ctx_free(ctx);
  }
  tl_lp_free(lp);

  /* a MIP: Cbc and GLPK's branch and cut */
  lp = transport(20);
  for (int j = 0; j < lp->ncols; j++) lp->colint[j] = 1;
  lp->nint = lp->ncols;
  for (int s = 0; s < 2; s++) {
    tl_ctx *ctx = tl_ctx_new();
    tl_solve_options o;
    tl_solution *sol = NULL;
    tl_solve_options_init(&o);
    o.solver = s ? TL_SOLVER_GLPK : TL_SOLVER_CLP;
    tl_interrupt();
    tl_status rc = tl_lp_solve(ctx, lp, &o, &sol);
    tl_interrupt_clear();
    CHECK(rc == TL_ERR_INTERRUPTED, "MIP interrupt [%d]: call status %s", s,
          tl_status_str(rc));
    CHECK(sol && tl_solution_status(sol) == TL_SOLVE_LIMIT,
          "MIP interrupt [%d]: status", s);
    tl_solution_free(sol);
    tl_ctx_free(ctx);
  }
  tl_lp_free(lp);
}

static void on_alarm(int sig) {
  (void)sig;
  tl_interrupt(); /* what a CLI's SIGINT handler does */
}

/* Deliver SIGALRM after usec microseconds (0 disarms). */
static void alarm_in(long usec) {
  struct itimerval it;
  memset(&it, 0, sizeof it);
  it.it_value.tv_usec = usec;
  setitimer(ITIMER_REAL, &it, NULL);
}

/* tl_interrupt() from a signal handler while the solver runs, and a time
 * limit: both must stop a solve that needs far longer (a 300 x 300
 * transportation problem takes Clp 0.2 s, GLPK over 1 s). */
static void test_stop_while_running(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigaction(SIGALRM, &sa, NULL);
  tl_lp *lp = transport(300);
  for (int k = 0; k < NCONFIGS; k++) {
    tl_ctx *ctx = tl_ctx_new();
    tl_solve_options o;
    tl_solution *sol = NULL;
    options_for(&configs[k], &o);
    alarm_in(20000);
    tl_status rc = tl_lp_solve(ctx, lp, &o, &sol);
    alarm_in(0);
    if (!tl_interrupted()) {
      printf("test_solve: [%s] finished before the interrupt; skipped\n",
             configs[k].name);
    } else {
      CHECK(rc == TL_ERR_INTERRUPTED && sol &&
                tl_solution_status(sol) == TL_SOLVE_LIMIT,
            "interrupt while running [%s]: %s, %s", configs[k].name,
            tl_status_str(rc), tl_solve_status_str(tl_solution_status(sol)));
      CHECK(sol && sol->solve_seconds < 5, "[%s] stopped late: %.2f s",
            configs[k].name, sol ? sol->solve_seconds : 0);
    }
    tl_interrupt_clear();
    tl_solution_free(sol);
    sol = NULL;

    o.time_limit = 0.02;
    rc = tl_lp_solve(ctx, lp, &o, &sol);
    CHECK(rc == TL_OK && sol, "time limit [%s]: %s", configs[k].name,
          tl_status_str(rc));
    if (sol && tl_solution_status(sol) == TL_SOLVE_OPTIMAL)
      printf("test_solve: [%s] finished within the time limit; skipped\n",
             configs[k].name);
    else
      CHECK(sol && tl_solution_status(sol) == TL_SOLVE_LIMIT &&
                sol->solve_seconds < 5,
            "time limit [%s]: %s after %.2f s", configs[k].name,
            tl_solve_status_str(tl_solution_status(sol)),
            sol ? sol->solve_seconds : 0);
    tl_solution_free(sol);
    tl_ctx_free(ctx);
  }
  tl_lp_free(lp);
}

/* A GLPK error (here: its memory limit) must not abort the process: the
 * back end leaves GLPK through the error hook, reports TL_ERR_SOLVER with
 * GLPK's message, and the next solve works (GLPK's environment, memory
 * limit included, has been freed). */
static void test_glpk_error(void) {
  tl_lp *lp = transport(150);
  tl_ctx *ctx = tl_ctx_new();
  tl_solve_options o;
  tl_solution *sol = NULL;
  tl_solve_options_init(&o);
  o.solver = TL_SOLVER_GLPK;
  glp_mem_limit(1); /* megabytes */
  tl_status rc = tl_lp_solve(ctx, lp, &o, &sol);
  CHECK(rc == TL_ERR_SOLVER && sol == NULL, "GLPK error: %s",
        tl_status_str(rc));
  const tl_diag *d = tl_ctx_diag(ctx, tl_ctx_diag_count(ctx) - 1);
  CHECK(d && d->severity == TL_ERROR && strstr(d->message, "GLPK failed") &&
            strstr(d->message, "memory"),
        "GLPK's message: %s", d ? d->message : "(none)");
  rc = tl_lp_solve(ctx, lp, &o, &sol);
  CHECK(rc == TL_OK && sol && tl_solution_status(sol) == TL_SOLVE_OPTIMAL,
        "GLPK works after an error");
  tl_solution_free(sol);
  tl_ctx_free(ctx);
  tl_lp_free(lp);
}

static void test_errors(void) {
  tl_ctx *ctx = tl_ctx_new();
  tl_solution *sol = (tl_solution *)&sol; /* must be reset to NULL */
  tl_solve_options o;
  tl_solve_options_init(&o);
  CHECK(o.solver == TL_SOLVER_CLP && o.method == TL_METHOD_AUTO &&
            o.presolve == 1 && o.threads == 0 && o.time_limit == 0 &&
            o.verbose == 0,
        "option defaults");

  /* not compressed */
  tl_lp *lp = tl_lp_new(model, rowfams, 1, colfams, 1);
  int32_t ix[1] = {0};
  tl_lp_add_col(lp, 0, ix, 0, 1, 1, 0);
  CHECK(tl_lp_solve(ctx, lp, &o, &sol) == TL_ERR_ARG, "uncompressed LP");
  CHECK(sol == NULL, "no solution on error");
  CHECK(tl_ctx_count(ctx, TL_ERROR) == 1, "one error diagnostic");
  CHECK(tl_lp_solve(ctx, NULL, &o, &sol) == TL_ERR_ARG, "NULL LP");
  tl_lp_compress(lp);

  /* bad options */
  o.time_limit = -1;
  CHECK(tl_lp_solve(ctx, lp, &o, &sol) == TL_ERR_ARG, "negative time");
  tl_solve_options_init(&o);
  o.time_limit = NAN;
  CHECK(tl_lp_solve(ctx, lp, &o, &sol) == TL_ERR_ARG, "NaN time");
  tl_solve_options_init(&o);
  o.solver = (tl_solver)7;
  CHECK(tl_lp_solve(ctx, lp, &o, &sol) == TL_ERR_ARG, "unknown solver");
  tl_solve_options_init(&o);

  /* NaN in the data, named in the diagnostic */
  lp->obj[0] = NAN;
  tl_ctx_clear(ctx);
  CHECK(tl_lp_solve(ctx, lp, &o, &sol) == TL_ERR_INVALID, "NaN objective");
  CHECK(tl_ctx_diag_count(ctx) == 1 && tl_ctx_diag(ctx, 0)->param &&
            strcmp(tl_ctx_diag(ctx, 0)->param, "x[T0]") == 0,
        "the diagnostic names the column x[T0]");
  lp->obj[0] = 1;

  /* default options (NULL), threads ignored with a notice for an LP */
  CHECK(tl_lp_solve(ctx, lp, NULL, &sol) == TL_OK && sol &&
            tl_solution_status(sol) == TL_SOLVE_OPTIMAL,
        "NULL options");
  tl_solution_free(sol);
  o.threads = 2;
  tl_ctx_clear(ctx);
  CHECK(tl_lp_solve(ctx, lp, &o, &sol) == TL_OK, "threads");
  CHECK(tl_ctx_count(ctx, TL_NOTICE) == 1, "a notice about threads");
  tl_solution_free(sol);
  tl_lp_free(lp);
  tl_ctx_free(ctx);
}

/* Cbc with threads and a time limit still solves the small MIP. */
static void test_cbc_options(void) {
  spec s = {.nrows = 2,
            .ncols = 2,
            .rowlb = {-INF, -INF},
            .rowub = {24, 6},
            .collb = {0, 0},
            .colub = {INF, INF},
            .obj = {-5, -4},
            .integer = {1, 1},
            .a = {{6, 4}, {1, 2}}};
  tl_lp *lp = make_lp(&s);
  tl_ctx *ctx = tl_ctx_new();
  tl_solve_options o;
  tl_solution *sol = NULL;
  tl_solve_options_init(&o);
  o.threads = 2;
  o.time_limit = 60;
  CHECK(tl_lp_solve(ctx, lp, &o, &sol) == TL_OK, "cbc options");
  CHECK(sol && tl_solution_status(sol) == TL_SOLVE_OPTIMAL &&
            near(tl_solution_objective(sol), -20, 1e-9),
        "cbc with threads and a time limit");
  CHECK(tl_ctx_count(ctx, TL_NOTICE) == 0, "no notice: Cbc uses threads");
  tl_solution_free(sol);
  tl_ctx_free(ctx);
  tl_lp_free(lp);
}

/* An allocator that fails once its budget of allocations is spent. */
static long budget = -1; /* -1: unlimited */
static void *failing_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  if (budget == 0) return NULL;
  if (budget > 0) budget--;
  return realloc(ptr, nsize);
}

/* Every allocation of tl_lp_solve may fail: the call reports
 * TL_ERR_NOMEM and leaks nothing (the sanitizer build checks leaks). */
static void test_out_of_memory(void) {
  spec s = {.nrows = 2,
            .ncols = 2,
            .rowlb = {-INF, -INF},
            .rowub = {24, 6},
            .collb = {0, 0},
            .colub = {INF, INF},
            .obj = {-5, -4},
            .a = {{6, 4}, {1, 2}}};
  for (int mip = 0; mip < 2; mip++) {
    s.integer[0] = s.integer[1] = mip;
    tl_lp *lp = make_lp(&s);
    for (int solver = 0; solver < 2; solver++) {
      tl_ctx *ctx = tl_ctx_new();
      tl_solve_options o;
      tl_solve_options_init(&o);
      o.solver = solver ? TL_SOLVER_GLPK : TL_SOLVER_CLP;
      int done = 0;
      for (long n = 0; n < 1000 && !done; n++) {
        tl_solution *sol = NULL;
        budget = n;
        tl_set_allocator(failing_alloc, NULL);
        tl_status rc = tl_lp_solve(ctx, lp, &o, &sol);
        tl_set_allocator(NULL, NULL);
        budget = -1;
        CHECK(rc == TL_OK || (rc == TL_ERR_NOMEM && sol == NULL),
              "allocation %ld failing: %s", n, tl_status_str(rc));
        if (rc == TL_OK) {
          done = 1;
          CHECK(sol && near(tl_solution_objective(sol), mip ? -20 : -21,
                            1e-9),
                "solved once memory sufficed");
        }
        tl_solution_free(sol);
        tl_ctx_clear(ctx);
      }
      CHECK(done, "never solved");
      tl_ctx_free(ctx);
    }
    tl_lp_free(lp);
  }
}

int main(void) {
  model = tl_model_new();
  char name[16];
  for (int k = 0; k < MAXN; k++) {
    snprintf(name, sizeof name, "R%d", k);
    tl_set_add(&model->sets[TL_REGION], name, strlen(name));
    snprintf(name, sizeof name, "T%d", k);
    tl_set_add(&model->sets[TL_TECHNOLOGY], name, strlen(name));
  }
  test_optimal();
  test_infeasible();
  test_unbounded();
  test_ranged();
  test_free();
  test_mip();
  test_shapes();
  test_interrupt();
  test_stop_while_running();
  test_glpk_error();
  test_errors();
  test_cbc_options();
  test_out_of_memory();
  tl_model_free(model);
  if (failures) {
    fprintf(stderr, "test_solve: %d failure(s)\n", failures);
    return 1;
  }
  printf("test_solve: ok\n");
  return 0;
}
