/* solve_glpk.c - the GLPK back end: simplex (dual or primal) or interior
 * point for LPs, branch and cut (glp_intopt) for MIPs.
 *
 * GLPK calls abort() after an internal error unless the error hook leaves
 * by longjmp; this back end does so and then calls glp_free_env(), which
 * frees every GLPK object of the calling thread (so a program must not
 * hold GLPK problems of its own across a failed solve). The terminal hook
 * doubles as a periodic callback: GLPK prints progress every out_frq ms,
 * and the hook leaves by the same longjmp when tl_interrupt() was called
 * (and, for the interior point method, which has no time limit of its own,
 * when the time limit has passed). Inside the branch-and-cut tree the MIP
 * callback stops the search cleanly instead (glp_ios_terminate), keeping
 * the best solution found. Both hooks are reset before returning. */
#define _POSIX_C_SOURCE 200809L
#include <glpk.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lp/lp.h"

enum { STOP_NONE, STOP_ERROR, STOP_INTERRUPT, STOP_TIME };

/* State of one run, on the heap: it is written after setjmp and read after
 * longjmp, which automatic variables could not guarantee. */
typedef struct glpk_run {
  jmp_buf jump;
  int why;          /* STOP_* that caused the longjmp */
  int verbose;
  double deadline;  /* monotonic seconds for the hook's time check, 0 none */
  int in_tree;      /* branch and cut runs: its callback handles stops */
  int ipm;          /* interior point runs: count its iterations */
  long ipm_iters;   /* from its progress lines "  12: obj = ..." */
  int nodes;        /* B&B nodes so far */
  tl_progress_phase phase; /* of the simplex method, for progress reports */
  tl_progress_state progress;
  char tail[600];   /* the last lines GLPK printed (for error messages) */
  glp_prob *P;
  int *ind;         /* [maxlen + 1] scratch for glp_set_mat_col */
  double *vals;     /* [maxlen + 1] */
  size_t scratch;   /* entries of ind and vals */
} glpk_run;

static double now_seconds(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0;
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Keep the end of GLPK's output in g->tail. */
static void remember(glpk_run *g, const char *s) {
  size_t have = strlen(g->tail), add = strlen(s), cap = sizeof g->tail - 1;
  if (add >= cap) {
    memcpy(g->tail, s + add - cap, cap);
    g->tail[cap] = '\0';
    return;
  }
  if (have + add > cap) {
    size_t drop = have + add - cap;
    memmove(g->tail, g->tail + drop, have - drop + 1);
    have -= drop;
  }
  memcpy(g->tail + have, s, add + 1);
}

/* The iteration number of a simplex or interior point progress line
 * ("*   123: obj = ..."; '*' marks a feasible point), or -1; *rest
 * receives the text after the colon. */
static long log_iteration(const char *s, const char **rest) {
  long n = 0;
  int digits = 0;
  while (*s == ' ' || *s == '*') s++;
  for (; *s >= '0' && *s <= '9' && digits < 9; s++, digits++)
    n = n * 10 + (*s - '0');
  if (!digits || *s != ':') return -1;
  *rest = s + 1;
  return n;
}

/* The objective of a progress line's rest ("obj = 1.5e+03 ..."), or NaN. */
static double log_objective(const char *rest) {
  const char *p = strstr(rest, "obj =");
  if (!p) return NAN;
  char *end = NULL;
  double v = strtod(p + 5, &end);
  return end == p + 5 ? NAN : v;
}

static int term_hook(void *info, const char *s) {
  glpk_run *g = info;
  if (g->verbose) fputs(s, stderr);
  remember(g, s);
  const char *rest = NULL;
  long it = log_iteration(s, &rest);
  if (g->ipm && it > g->ipm_iters) g->ipm_iters = it;
  if (it >= 0 && !g->in_tree)
    tl_progress_note(&g->progress,
                     (int)(g->ipm ? TL_PROGRESS_BARRIER : g->phase),
                     g->ipm ? it : g->ipm_iters + it, log_objective(rest));
  if (!g->in_tree && g->why == STOP_NONE) {
    if (tl_interrupted()) g->why = STOP_INTERRUPT;
    else if (g->deadline > 0 && now_seconds() > g->deadline)
      g->why = STOP_TIME;
    if (g->why != STOP_NONE) longjmp(g->jump, 1);
  }
  return 1; /* printed (or silenced) here */
}

static void error_hook(void *info) {
  glpk_run *g = info;
  g->why = STOP_ERROR;
  longjmp(g->jump, 1);
}

static void mip_callback(glp_tree *T, void *info) {
  glpk_run *g = info;
  int a, n, t;
  g->in_tree = 1;
  glp_ios_tree_size(T, &a, &n, &t);
  if (t > g->nodes) g->nodes = t;
  glp_prob *P = glp_ios_get_prob(T);
  int ms = glp_mip_status(P);
  tl_progress_note(&g->progress, TL_PROGRESS_MIP, g->nodes,
                   ms == GLP_FEAS || ms == GLP_OPT ? glp_mip_obj_val(P) : NAN);
  if (tl_interrupted()) glp_ios_terminate(T);
}

static int time_ms(double seconds) {
  if (!(seconds > 0)) return INT_MAX;
  double ms = ceil(seconds * 1000);
  return ms >= INT_MAX ? INT_MAX : (int)ms;
}

static int bound_type(double lb, double ub) {
  if (lb == -TL_INF) return ub == TL_INF ? GLP_FR : GLP_UP;
  if (ub == TL_INF) return GLP_LO;
  return lb == ub ? GLP_FX : GLP_DB;
}

/* Copy the LP into g->P (1-based in GLPK). */
static tl_status load(tl_ctx *ctx, glpk_run *g, const tl_lp *lp) {
  glp_prob *P = g->P;
  int64_t maxlen = 0;
  glp_set_obj_dir(P, GLP_MIN);
  glp_add_rows(P, lp->nrows);
  glp_add_cols(P, lp->ncols);
  for (int i = 0; i < lp->nrows; i++) {
    double lb = lp->rowlb[i], ub = lp->rowub[i];
    glp_set_row_bnds(P, i + 1, bound_type(lb, ub), isinf(lb) ? 0 : lb,
                     isinf(ub) ? 0 : ub);
  }
  for (int j = 0; j < lp->ncols; j++) {
    double lb = lp->collb[j], ub = lp->colub[j];
    glp_set_col_bnds(P, j + 1, bound_type(lb, ub), isinf(lb) ? 0 : lb,
                     isinf(ub) ? 0 : ub);
    glp_set_obj_coef(P, j + 1, lp->obj[j]);
    if (lp->colint[j]) glp_set_col_kind(P, j + 1, GLP_IV);
    int64_t len = lp->colstart[j + 1] - lp->colstart[j];
    if (len > maxlen) maxlen = len;
  }
  if (maxlen >= INT_MAX) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "GLPK: a column has more entries than GLPK can index");
    return TL_ERR_LIMIT;
  }
  g->scratch = (size_t)maxlen + 1;
  g->ind = tl_malloc(g->scratch * sizeof *g->ind);
  g->vals = tl_malloc(g->scratch * sizeof *g->vals);
  if (!g->ind || !g->vals) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "out of memory loading the LP into GLPK");
    return TL_ERR_NOMEM;
  }
  for (int j = 0; j < lp->ncols; j++) {
    int len = 0;
    for (int64_t p = lp->colstart[j]; p < lp->colstart[j + 1]; p++) {
      len++;
      g->ind[len] = lp->rowind[p] + 1;
      g->vals[len] = lp->val[p];
    }
    if (len) glp_set_mat_col(P, j + 1, len, g->ind, g->vals);
  }
  return TL_OK;
}

static void simplex_params(glp_smcp *s, const tl_solve_options *o,
                           int presolve) {
  glp_init_smcp(s);
  s->msg_lev = GLP_MSG_ON; /* output feeds the hook; it silences it */
  s->out_frq = 200;        /* ms: how often the hook sees an interrupt */
  s->meth = o->method == TL_METHOD_PRIMAL ? GLP_PRIMAL : GLP_DUALP;
  s->presolve = presolve ? GLP_ON : GLP_OFF;
  s->tm_lim = time_ms(o->time_limit);
}

/* Run the simplex method to a verdict. GLPK's presolver cannot tell
 * "unbounded" from "infeasible" when it finds no dual feasible point, and
 * the dual simplex method stops at "the dual is infeasible" (primal
 * unbounded or infeasible); in both cases the primal simplex method,
 * without presolver, decides. Returns glp_simplex's code. */
static int run_simplex(glp_prob *P, const tl_solve_options *o) {
  glp_smcp s;
  simplex_params(&s, o, o->presolve);
  int ret = glp_simplex(P, &s);
  int st = glp_get_status(P);
  if ((ret == GLP_ENODFS && o->presolve) ||
      (ret == 0 && st != GLP_OPT && st != GLP_UNBND && st != GLP_NOFEAS &&
       glp_get_dual_stat(P) == GLP_NOFEAS)) {
    simplex_params(&s, o, 0);
    s.meth = GLP_PRIMAL;
    ret = glp_simplex(P, &s);
  }
  return ret;
}

/* Verdict of a simplex run (code ret) as a solve status. */
static tl_solve_status simplex_verdict(glp_prob *P, int ret) {
  switch (ret) {
    case 0:
      switch (glp_get_status(P)) {
        case GLP_OPT: return TL_SOLVE_OPTIMAL;
        case GLP_NOFEAS: return TL_SOLVE_INFEASIBLE;
        case GLP_UNBND: return TL_SOLVE_UNBOUNDED;
        case GLP_FEAS: return TL_SOLVE_LIMIT;
        default: return TL_SOLVE_ERROR;
      }
    case GLP_ENOPFS: return TL_SOLVE_INFEASIBLE;
    case GLP_ENODFS: return TL_SOLVE_UNBOUNDED;
    case GLP_EITLIM:
    case GLP_ETMLIM: return TL_SOLVE_LIMIT;
    default: return TL_SOLVE_ERROR;
  }
}

static void read_basic(glp_prob *P, const tl_lp *lp, tl_solution *sol) {
  sol->objective = glp_get_obj_val(P);
  for (int j = 0; j < lp->ncols; j++) {
    sol->x[j] = glp_get_col_prim(P, j + 1);
    sol->redcost[j] = glp_get_col_dual(P, j + 1);
  }
  for (int i = 0; i < lp->nrows; i++) {
    sol->rowact[i] = glp_get_row_prim(P, i + 1);
    sol->rowdual[i] = glp_get_row_dual(P, i + 1);
  }
}

/* After an unbounded verdict: the variable GLPK found unbounded (a column,
 * or a row's activity), as an error naming it. */
static void name_unbounded(tl_ctx *ctx, glp_prob *P, const tl_lp *lp) {
  int k = glp_get_unbnd_ray(P);
  if (k <= 0 || k > lp->nrows + lp->ncols) return;
  int is_row = k <= lp->nrows, i = is_row ? k - 1 : k - 1 - lp->nrows;
  tl_buf b;
  tl_buf_init(&b);
  if (lp->model && lp->rowfams && lp->colfams && lp->rowfam && lp->colfam) {
    if (is_row)
      tl_lp_row_name(lp, i, &b);
    else
      tl_lp_col_name(lp, i, &b);
  } else {
    tl_buf_printf(&b, "%s %d", is_row ? "row" : "column", i);
  }
  tl_diagf(ctx, TL_ERROR, NULL, tl_buf_cstr(&b), NULL, NULL,
           is_row ? "unbounded: the cost falls without limit as the activity "
                    "of this constraint grows"
                  : "unbounded: the cost falls without limit as this "
                    "variable grows");
  tl_buf_free(&b);
}

static tl_status solve_lp(tl_ctx *ctx, glpk_run *g, const tl_lp *lp,
                          const tl_solve_options *o, tl_solution *sol) {
  glp_prob *P = g->P;
  if (o->method == TL_METHOD_BARRIER) {
    glp_iptcp ip;
    glp_init_iptcp(&ip);
    ip.msg_lev = GLP_MSG_ON; /* one line per iteration: feeds the hook */
    if (o->time_limit > 0) g->deadline = now_seconds() + o->time_limit;
    g->ipm = 1;
    int ret = glp_interior(P, &ip);
    g->ipm = 0;
    g->deadline = 0;
    if (ret == 0 && glp_ipt_status(P) == GLP_OPT) {
      sol->status = TL_SOLVE_OPTIMAL;
      sol->objective = glp_ipt_obj_val(P);
      sol->iterations = g->ipm_iters;
      for (int j = 0; j < lp->ncols; j++) {
        sol->x[j] = glp_ipt_col_prim(P, j + 1);
        sol->redcost[j] = glp_ipt_col_dual(P, j + 1);
      }
      for (int i = 0; i < lp->nrows; i++) {
        sol->rowact[i] = glp_ipt_row_prim(P, i + 1);
        sol->rowdual[i] = glp_ipt_row_dual(P, i + 1);
      }
      return TL_OK;
    }
    /* the interior point method proves neither infeasibility nor
     * unboundedness: let the simplex method decide */
    tl_diagf(ctx, TL_NOTICE, NULL, NULL, NULL, NULL,
             "GLPK interior point: no optimal point (code %d); "
             "running the simplex method for a verdict", ret);
  }
  int ret = run_simplex(P, o);
  sol->status = simplex_verdict(P, ret);
  sol->iterations = g->ipm_iters + glp_get_it_cnt(P);
  read_basic(P, lp, sol);
  if (sol->status == TL_SOLVE_UNBOUNDED) name_unbounded(ctx, P, lp);
  if (sol->status == TL_SOLVE_INFEASIBLE || sol->status == TL_SOLVE_UNBOUNDED)
    sol->objective = NAN;
  if (sol->status == TL_SOLVE_ERROR) {
    sol->objective = NAN;
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "GLPK simplex stopped without a solution (code %d)", ret);
  }
  return TL_OK;
}

static tl_status solve_mip(tl_ctx *ctx, glpk_run *g, const tl_lp *lp,
                           const tl_solve_options *o, tl_solution *sol) {
  glp_prob *P = g->P;
  glp_iocp io;
  glp_init_iocp(&io);
  io.msg_lev = GLP_MSG_ON;
  io.out_frq = 200;
  io.tm_lim = time_ms(o->time_limit);
  io.cb_func = mip_callback;
  io.cb_info = g;
  if (o->presolve) {
    io.presolve = GLP_ON; /* solves the relaxation itself */
  } else {
    /* without the presolver glp_intopt needs the relaxation solved */
    int ret = run_simplex(P, o);
    tl_solve_status st = simplex_verdict(P, ret);
    if (st != TL_SOLVE_OPTIMAL) {
      sol->status = st;
      sol->objective = NAN;
      return TL_OK;
    }
  }
  int ret = glp_intopt(P, &io);
  int ms = glp_mip_status(P);
  sol->iterations = g->nodes;
  switch (ret) {
    case 0:
    case GLP_EMIPGAP:
    case GLP_ETMLIM:
    case GLP_ESTOP:
      if (ms == GLP_OPT && ret == 0)
        sol->status = TL_SOLVE_OPTIMAL;
      else if (ms == GLP_NOFEAS)
        sol->status = TL_SOLVE_INFEASIBLE;
      else
        sol->status = TL_SOLVE_LIMIT;
      break;
    case GLP_ENOPFS: sol->status = TL_SOLVE_INFEASIBLE; break;
    case GLP_ENODFS: {
      /* the relaxation is unbounded or infeasible: ask the simplex method
       * without presolver, as Cbc does ("continuous unbounded") */
      glp_smcp s;
      simplex_params(&s, o, 0);
      tl_solve_status st = simplex_verdict(P, glp_simplex(P, &s));
      sol->status = st == TL_SOLVE_INFEASIBLE ? st : TL_SOLVE_UNBOUNDED;
      break;
    }
    default:
      sol->status = TL_SOLVE_ERROR;
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
               "GLPK branch and cut stopped without a solution (code %d)",
               ret);
      break;
  }
  if (ms == GLP_OPT || ms == GLP_FEAS) {
    sol->objective = glp_mip_obj_val(P);
    for (int j = 0; j < lp->ncols; j++) sol->x[j] = glp_mip_col_val(P, j + 1);
  } else {
    sol->objective = NAN;
  }
  if (ret == GLP_ESTOP || tl_interrupted()) {
    if (sol->status != TL_SOLVE_INFEASIBLE) sol->status = TL_SOLVE_LIMIT;
    return TL_ERR_INTERRUPTED;
  }
  return TL_OK;
}

static void release(glpk_run *g) {
  tl_free(g->ind, g->scratch * sizeof *g->ind);
  tl_free(g->vals, g->scratch * sizeof *g->vals);
  g->ind = NULL;
  g->vals = NULL;
}

tl_status tl_solve_glpk(tl_ctx *ctx, const tl_lp *lp,
                        const tl_solve_options *o, tl_solution *sol) {
  glpk_run *g = tl_calloc(1, sizeof *g);
  tl_status rc;
  if (!g) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL, "out of memory");
    return TL_ERR_NOMEM;
  }
  g->verbose = o->verbose;
  g->phase =
      o->method == TL_METHOD_PRIMAL ? TL_PROGRESS_PRIMAL : TL_PROGRESS_DUAL;
  tl_progress_init(&g->progress, o, lp);
  glp_error_hook(error_hook, g);
  glp_term_hook(term_hook, g);
  if (setjmp(g->jump)) {
    /* GLPK's state is unusable after a longjmp: drop all of it (P too) */
    glp_free_env();
    g->P = NULL;
    release(g);
    sol->objective = NAN;
    if (g->why == STOP_ERROR) {
      /* GLPK's last lines say what went wrong: as one line of text */
      char why[2 * sizeof g->tail];
      size_t n = 0;
      for (const char *c = g->tail; *c; c++) {
        if (*c != '\n')
          why[n++] = *c;
        else if (c[1])
          why[n++] = ';', why[n++] = ' ';
      }
      why[n] = '\0';
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL, "GLPK failed: %s",
               n ? why : "internal error");
      rc = TL_ERR_SOLVER;
    } else {
      sol->status = TL_SOLVE_LIMIT;
      rc = g->why == STOP_INTERRUPT ? TL_ERR_INTERRUPTED : TL_OK;
    }
    tl_free(g, sizeof *g);
    return rc;
  }
  g->P = glp_create_prob();
  rc = load(ctx, g, lp);
  if (rc == TL_OK) {
    if (lp->nint > 0)
      rc = solve_mip(ctx, g, lp, o, sol);
    else
      rc = solve_lp(ctx, g, lp, o, sol);
  }
  glp_delete_prob(g->P);
  glp_term_hook(NULL, NULL);
  glp_error_hook(NULL, NULL);
  release(g);
  tl_free(g, sizeof *g);
  return rc;
}
