/* analyse.c - tl_roadmap_analyse: checks its inputs, solves the reference
 * run (the same model without climate constraints) when the model has any,
 * runs every analysis in turn, and the accessors of the result handle. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "analysis/analysis.h"

static const int default_bounds[] = {2021, 2030, 2035, 2050, 2060};

void tl_roadmap_options_init(tl_roadmap_options *o) {
  if (!o) return;
  memset(o, 0, sizeof *o);
  tl_build_options_init(&o->build);
  tl_solve_options_init(&o->solve);
  o->reference = 1;
  o->criticality = 0;
  o->jobs = 2;
  o->nbounds = 5;
  memcpy(o->bounds, default_bounds, sizeof default_bounds);
  o->scale_share = 0.01;
}

void tl_an_notice(tl_an *a, int table, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  tl_buf *n = &a->rm->tab[table].notice;
  if (n->len) tl_buf_adds(n, "; ");
  tl_buf_adds(n, msg);
  tl_diagf(a->ctx, TL_NOTICE, NULL, tl_an_table_names[table], NULL, NULL,
           "%s", msg);
}

static const char *const effect_names[TL_NEFFECTS] = {
    "efficiency", "zero_carbon_electricity", "fuel_substitution", "ccus",
    "removal",    "non_co2",                 "process_and_other"};

const char *tl_roadmap_effect_name(int k) {
  return k >= 0 && k < TL_NEFFECTS ? effect_names[k] : "";
}

int tl_roadmap_table_count(void) { return TL_AN_NTABLES; }

const char *tl_roadmap_table_name(int i) {
  return i >= 0 && i < TL_AN_NTABLES ? tl_an_table_names[i] : NULL;
}

long tl_roadmap_table_rows(const tl_roadmap *rm, int i) {
  return rm && i >= 0 && i < TL_AN_NTABLES ? rm->tab[i].rows : 0;
}

const char *tl_roadmap_table_notice(const tl_roadmap *rm, int i) {
  if (!rm || i < 0 || i >= TL_AN_NTABLES || !rm->tab[i].notice.len)
    return NULL;
  return rm->tab[i].notice.s;
}

int tl_roadmap_region_count(const tl_roadmap *rm) { return rm ? rm->R : 0; }

tl_status tl_roadmap_figures_get(const tl_roadmap *rm, int region,
                                 tl_roadmap_figures *out) {
  if (!rm || !out || region < 0 || region >= rm->R) return TL_ERR_ARG;
  *out = rm->fig[region];
  return TL_OK;
}

int tl_roadmap_phase_count(const tl_roadmap *rm) { return rm ? rm->nphases : 0; }

tl_status tl_roadmap_phase_get(const tl_roadmap *rm, int region, int k,
                               tl_roadmap_phase *out) {
  if (!rm || !out || region < 0 || region >= rm->R || k < 0 ||
      k >= rm->nphases)
    return TL_ERR_ARG;
  *out = rm->phase[region * rm->nphases + k];
  return TL_OK;
}

void tl_roadmap_free(tl_roadmap *rm) {
  if (!rm) return;
  for (int i = 0; i < TL_AN_NTABLES; i++) {
    tl_buf_free(&rm->tab[i].body);
    tl_buf_free(&rm->tab[i].notice);
  }
  for (int r = 0; r < rm->R && rm->region; r++) tl_strfree(rm->region[r]);
  tl_free(rm->region, (size_t)rm->R * sizeof *rm->region);
  tl_free(rm->fig, (size_t)rm->R * sizeof *rm->fig);
  tl_free(rm->phase, (size_t)rm->R * (size_t)rm->nphases * sizeof *rm->phase);
  tl_free(rm, sizeof *rm);
}

static tl_roadmap *roadmap_new(const tl_model *m, int nphases) {
  tl_roadmap *rm = tl_calloc(1, sizeof *rm);
  if (!rm) return NULL;
  for (int i = 0; i < TL_AN_NTABLES; i++) {
    tl_buf_init(&rm->tab[i].body);
    tl_buf_init(&rm->tab[i].notice);
  }
  int R = m->sets[TL_REGION].n, Y = m->sets[TL_YEAR].n;
  rm->R = R;
  rm->Y = Y;
  rm->nphases = nphases;
  rm->region = tl_calloc((size_t)R, sizeof *rm->region);
  rm->fig = tl_calloc((size_t)R, sizeof *rm->fig);
  rm->phase = tl_calloc((size_t)R * (size_t)nphases, sizeof *rm->phase);
  if (!rm->region || !rm->fig || !rm->phase) goto fail;
  for (int r = 0; r < R; r++) {
    rm->region[r] = tl_strdup(m->sets[TL_REGION].name[r]);
    if (!rm->region[r]) goto fail;
    tl_roadmap_figures *f = &rm->fig[r];
    f->region = rm->region[r];
    f->first_year = Y ? (int)m->sets[TL_YEAR].num[0] : 0;
    f->last_year = Y ? (int)m->sets[TL_YEAR].num[Y - 1] : 0;
    f->peak_met = f->netzero_met = -1;
    f->carbon_price_last = NAN;
  }
  return rm;
fail:
  tl_roadmap_free(rm);
  return NULL;
}

/* Whether the pathway has any climate constraint or penalty, i.e. whether
 * a reference run without them can differ. */
static int has_climate(const tl_build *b) {
  const tl_model *m = b->m;
  if (b->opt.no_climate) return 0;
  for (int q = 0; q < b->R * b->Y; q++)
    if (b->ghg_row[q] >= 0 || b->ci_row[q] >= 0 || b->pk_row[q] >= 0 ||
        b->nz_row[q] >= 0)
      return 1;
  for (int q = 0; q < b->R * b->E * b->Y; q++)
    if (b->e8_row[q] >= 0) return 1;
  for (int q = 0; q < b->R * b->E; q++)
    if (b->e9_row[q] >= 0) return 1;
  const tl_param *p = &m->params[TL_P_EmissionsPenalty];
  if (p->defval != 0 && b->E > 0) return 1;
  for (int e = 0; e < p->n; e++)
    if (p->val[e] != 0) return 1;
  return 0;
}

static int check_options(tl_ctx *ctx, const tl_roadmap_options *o) {
  const char *bad = NULL;
  if (o->nbounds < 2 || o->nbounds > TL_ROADMAP_MAX_BOUNDS)
    bad = "between 2 and 16 phase bounds are needed";
  for (int k = 1; !bad && k < o->nbounds; k++)
    if (o->bounds[k] <= o->bounds[k - 1])
      bad = "phase bounds must increase";
  if (!bad && o->jobs < 1) bad = "jobs must be at least 1";
  if (!bad && !(o->scale_share >= 0 && o->scale_share <= 1))
    bad = "scale_share must lie in [0, 1]";
  if (!bad) return 0;
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL, "roadmap options: %s", bad);
  return -1;
}

/* Build and solve the reference run; a->has_ref when it is optimal. */
static tl_status reference_run(tl_an *a, const tl_model *m) {
  tl_build_options bo = a->o.build;
  bo.no_climate = 1;
  tl_status st = tl_lp_build(a->ctx, m, &bo, &a->ref_lp);
  if (st != TL_OK) return st;
  st = tl_lp_solve(a->ctx, a->ref_lp, &a->o.solve, &a->ref_sol);
  if (st == TL_ERR_INTERRUPTED) return st;
  if (st != TL_OK) return st;
  if (a->ref_sol->status != TL_SOLVE_OPTIMAL) {
    tl_an_notice(a, TL_AN_PHASES,
                 "the reference run (without climate constraints) ended %s: "
                 "no decomposition",
                 tl_solve_status_str(a->ref_sol->status));
    return TL_OK;
  }
  if (tl_an_run_init(&a->ref, m, a->ref_lp, a->ref_sol)) return TL_ERR_NOMEM;
  a->has_ref = 1;
  return TL_OK;
}

tl_status tl_roadmap_analyse(tl_ctx *ctx, const tl_model *m, const tl_lp *lp,
                             const tl_solution *sol,
                             const tl_roadmap_options *o, tl_roadmap **out) {
  tl_an a;
  tl_status st = TL_OK;
  if (out) *out = NULL;
  if (!m || !lp || !sol || !out || !lp->aux || lp->model != m ||
      sol->ncols != lp->ncols || sol->nrows != lp->nrows) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "tl_roadmap_analyse: the model, its LP and a solution of that "
             "LP are required");
    return TL_ERR_ARG;
  }
  if (sol->status != TL_SOLVE_OPTIMAL) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "no roadmap: the solve ended %s", tl_solve_status_str(sol->status));
    return TL_ERR_ARG;
  }
  memset(&a, 0, sizeof a);
  a.ctx = ctx;
  if (o)
    a.o = *o;
  else
    tl_roadmap_options_init(&a.o);
  if (check_options(ctx, &a.o)) return TL_ERR_ARG;
  const tl_build *b = lp->aux;
  /* the analyses weigh gases with the pathway's own options */
  a.o.build = b->opt;
  if (tl_an_run_init(&a.run, m, lp, sol)) goto oom;
  int climate = has_climate(b);
  int want_ref = a.o.reference && climate;
  a.rm = roadmap_new(m, want_ref ? a.o.nbounds - 1 : 0);
  if (!a.rm) goto oom;
  if (!climate)
    tl_an_notice(&a, TL_AN_PHASES,
                 "the model has no climate constraint or emission penalty: "
                 "the pathway is its own reference, nothing to decompose");
  else if (!a.o.reference)
    tl_an_notice(&a, TL_AN_PHASES,
                 "no reference run (--no-reference): nothing to decompose");
  if (want_ref) {
    st = reference_run(&a, m);
    if (st != TL_OK) goto fail;
    if (!a.has_ref) a.rm->nphases = 0;
  }
  if (tl_an_emissions(&a) || tl_an_targets(&a) || tl_an_carbon_price(&a) ||
      tl_an_phases(&a) || tl_an_cost_premium(&a) || tl_an_maturity(&a) ||
      tl_an_innovation(&a))
    goto oom;
  if (tl_interrupted()) {
    st = TL_ERR_INTERRUPTED;
    goto fail;
  }
  int crit = tl_an_criticality(&a);
  if (crit == -2) {
    st = TL_ERR_INTERRUPTED;
    goto fail;
  }
  if (crit) goto oom;
  if (tl_an_cobenefits(&a)) goto oom;
  for (int i = 0; i < TL_AN_NTABLES; i++)
    if (a.rm->tab[i].body.oom || a.rm->tab[i].notice.oom) goto oom;
  *out = a.rm;
  a.rm = NULL;
  goto done;
oom:
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
           "out of memory in the roadmap analyses");
  st = TL_ERR_NOMEM;
fail:
  tl_roadmap_free(a.rm);
done:
  tl_an_run_free(&a.run);
  if (a.has_ref) tl_an_run_free(&a.ref);
  tl_solution_free(a.ref_sol);
  tl_lp_free(a.ref_lp);
  tl_free(a.prem, a.capprem * sizeof *a.prem);
  return st;
}
