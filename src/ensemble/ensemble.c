/* ensemble.c - the ensemble handle: options, the design drawn when it is
 * made (Latin hypercube members with their rank correlations, then the
 * Morris trajectory points), the results it holds and how they travel
 * between processes (pack/unpack). */
#include <math.h>
#include <string.h>

#include "ensemble/ensemble.h"

void tl_ens_options_init(tl_ens_options *o) {
  if (!o) return;
  memset(o, 0, sizeof *o);
  o->members = 100;
  o->seed = 1;
  o->jobs = 0;
  o->sensitivity = TL_ENS_SENS_PRCC;
  o->morris_trajectories = 10;
  o->morris_levels = 4;
  o->warm_start = 1;
  tl_build_options_init(&o->build);
  tl_solve_options_init(&o->solve);
}

static const char *check_options(const tl_ens_options *o) {
  if (o->members < 1) return "members must be at least 1";
  if (o->jobs < 0) return "jobs must be 0 (automatic) or more";
  if ((int)o->sensitivity < TL_ENS_SENS_NONE ||
      o->sensitivity > TL_ENS_SENS_MORRIS)
    return "unknown sensitivity method";
  if (o->sensitivity == TL_ENS_SENS_MORRIS) {
    if (o->morris_trajectories < 2)
      return "Morris needs at least 2 trajectories";
    if (o->morris_levels < 2 || o->morris_levels % 2)
      return "Morris levels must be an even number, at least 2";
  }
  return NULL;
}

/* The sampled values of every member: Latin hypercube probabilities
 * through each distribution, rank correlations, then the Morris points. */
static tl_status draw(tl_ctx *ctx, tl_ensemble *e) {
  const tl_ens_spec *s = e->spec;
  int k = e->k, n = e->nlhs;
  size_t nk = (size_t)n * (size_t)k;
  tl_status st = TL_ERR_NOMEM;
  double *c = NULL, *x = NULL;
  size_t kk = (size_t)k * (size_t)k;
  size_t nx = (size_t)e->nmorris * (size_t)k;
  if (tl_ens_lhs(n, k, e->o.seed, e->values)) goto done;
  for (size_t q = 0; q < nk; q++)
    e->values[q] =
        tl_dist_quantile(&s->params[q % (size_t)k].dist, e->values[q]);
  if (s->ncorrs) {
    if (!(c = tl_calloc(kk, sizeof *c))) goto done;
    for (int j = 0; j < k; j++) c[j * k + j] = 1;
    for (int i = 0; i < s->ncorrs; i++) {
      const tl_ens_corr_spec *r = &s->corrs[i];
      c[r->a * k + r->b] = c[r->b * k + r->a] = r->rho;
    }
    int rc = tl_ens_iman_conover(n, k, c, e->o.seed, e->values);
    if (rc) {
      tl_loc loc = {s->path, s->corrs[0].at.line, s->corrs[0].at.col};
      if (rc == -1) goto done;
      tl_diagf(ctx, TL_ERROR, &loc, "correlations", NULL, NULL,
               rc == -2 ? "the correlations cannot hold together (their "
                          "matrix is not positive definite)"
                        : "rank correlations need more members than "
                          "parameters (%d)",
               k);
      st = TL_ERR_INVALID;
      goto done;
    }
  }
  if (e->nmorris) {
    if (!(x = tl_malloc(nx * sizeof *x))) goto done;
    if (tl_ens_morris_design(k, e->r, e->o.morris_levels, e->o.seed, x,
                             e->mfactor, e->mstep))
      goto done;
    for (size_t q = 0; q < nx; q++) {
      const tl_dist *d = &s->params[q % (size_t)k].dist;
      /* grid level to probability; unbounded distributions stop at their
       * 1% and 99% points */
      double u = tl_dist_bounded(d) ? x[q] : 0.01 + 0.98 * x[q];
      e->values[nk + q] = tl_dist_quantile(d, u);
    }
  }
  st = TL_OK;
done:
  if (st == TL_ERR_NOMEM)
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "out of memory drawing the ensemble's design");
  tl_free(c, kk * sizeof *c);
  tl_free(x, nx * sizeof *x);
  return st;
}

tl_status tl_ens_new(tl_ctx *ctx, tl_model *m, const tl_ens_spec *spec,
                     const tl_ens_options *o, tl_ensemble **out) {
  tl_ens_options defaults;
  tl_ensemble *e = NULL;
  tl_status st = TL_ERR_NOMEM;
  if (out) *out = NULL;
  if (!m || !spec || !out) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "tl_ens_new: the model, the spec and the output pointer are "
             "required");
    return TL_ERR_ARG;
  }
  if (!o) {
    tl_ens_options_init(&defaults);
    o = &defaults;
  }
  const char *bad = check_options(o);
  if (bad) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL, "ensemble options: %s",
             bad);
    return TL_ERR_ARG;
  }
  if (!(e = tl_calloc(1, sizeof *e))) goto oom;
  e->m = m;
  e->spec = spec;
  e->o = *o;
  e->k = spec->nparams;
  e->nlhs = o->members;
  if (o->sensitivity == TL_ENS_SENS_MORRIS) {
    e->r = o->morris_trajectories;
    if ((double)e->r * (e->k + 1) + e->nlhs > 1073741823.0) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
               "ensemble options: too many members");
      tl_ens_free(e);
      return TL_ERR_ARG;
    }
    e->nmorris = e->r * (e->k + 1);
  }
  e->ntotal = e->nlhs + e->nmorris;
  e->counts.base_objective = NAN;
  if ((st = tl_ens_resolve(ctx, e)) != TL_OK) goto fail;
  size_t nv = (size_t)e->ntotal * (size_t)e->k;
  if (!(e->values = tl_calloc(nv, sizeof *e->values))) goto oom;
  if (e->r) {
    e->mfactor = tl_calloc((size_t)e->r * (size_t)e->k, sizeof *e->mfactor);
    e->mstep = tl_calloc((size_t)e->r * (size_t)e->k, sizeof *e->mstep);
    if (!e->mfactor || !e->mstep) goto oom;
  }
  if ((st = draw(ctx, e)) != TL_OK) goto fail;
  /* records: the header, then the values, 8-byte aligned */
  e->recsize = sizeof(tl_ens_rec) + (size_t)e->nkeys * sizeof(double);
  if ((size_t)e->ntotal > ((size_t)-1) / e->recsize) goto oom;
  e->recs = tl_malloc((size_t)e->ntotal * e->recsize);
  e->have = tl_calloc((size_t)e->ntotal, 1);
  if (!e->recs || !e->have) goto oom;
  *out = e;
  return TL_OK;
oom:
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
           "out of memory preparing the ensemble");
  st = TL_ERR_NOMEM;
fail:
  if (e) tl_ens_apply(e, -1);
  tl_ens_free(e);
  return st;
}

void tl_ens_free(tl_ensemble *e) {
  if (!e) return;
  size_t nv = (size_t)e->ntotal * (size_t)e->k;
  int nt = e->spec->ntargets;
  tl_free(e->values, nv * sizeof *e->values);
  tl_free(e->mfactor, (size_t)e->r * (size_t)e->k * sizeof *e->mfactor);
  tl_free(e->mstep, (size_t)e->r * (size_t)e->k * sizeof *e->mstep);
  tl_free(e->entries, e->entries_cap * sizeof *e->entries);
  tl_free(e->ent_start, ((size_t)e->k + 1) * sizeof *e->ent_start);
  tl_free(e->keys, (size_t)(e->nkeys ? e->nkeys : 1) * sizeof *e->keys);
  for (int o = 0; o < TL_EO_COUNT; o++)
    tl_free(e->key_of[o],
            (e->key_cells[o] ? e->key_cells[o] : 1) * sizeof *e->key_of[o]);
  for (int t = 0; t < nt && e->tkeys && e->tkeys_cap; t++)
    tl_free(e->tkeys[t], e->tkeys_cap[t] * sizeof *e->tkeys[t]);
  tl_free(e->tkeys, (size_t)nt * sizeof *e->tkeys);
  tl_free(e->ntkeys, (size_t)nt * sizeof *e->ntkeys);
  tl_free(e->tkeys_cap, (size_t)nt * sizeof *e->tkeys_cap);
  tl_free(e->skeys, e->skeys_cap * sizeof *e->skeys);
  tl_free(e->recs, (size_t)e->ntotal * e->recsize);
  tl_free(e->have, (size_t)e->ntotal);
  tl_solution_free(e->base_sol);
  tl_lp_free(e->base_lp);
  tl_basis_free(e->base_basis);
  tl_free(e->target_p, (size_t)(nt ? nt : 1) * sizeof *e->target_p);
  tl_free(e, sizeof *e);
}

int tl_ens_member_count(const tl_ensemble *e) { return e ? e->ntotal : 0; }

void tl_ens_counts_get(const tl_ensemble *e, tl_ens_counts *out) {
  if (!out) return;
  memset(out, 0, sizeof *out);
  out->base_objective = NAN;
  if (!e) return;
  *out = e->counts;
  for (int i = 0; i < e->ntotal; i++) {
    if (!e->have[i]) continue;
    const tl_ens_rec *r = tl_ens_rec_at(e, i);
    out->members++;
    if (r->status == TL_SOLVE_OPTIMAL)
      out->optimal++;
    else if (r->status == TL_SOLVE_INFEASIBLE)
      out->infeasible++;
    else
      out->other++;
    out->warm += r->warm;
    out->iterations += r->iterations;
  }
}

int tl_ens_target_count(const tl_ensemble *e) {
  return e ? e->spec->ntargets : 0;
}

tl_status tl_ens_target_get(const tl_ensemble *e, int i, const char **text,
                            double *probability) {
  if (!e || i < 0 || i >= e->spec->ntargets) return TL_ERR_ARG;
  if (text) *text = e->spec->targets[i].text;
  if (probability) *probability = e->target_p ? e->target_p[i] : NAN;
  return TL_OK;
}

const char *tl_ens_status_name(int status) {
  switch (status) {
    case TL_SOLVE_NOT_RUN: return "not_run";
    case TL_SOLVE_OPTIMAL: return "optimal";
    case TL_SOLVE_INFEASIBLE: return "infeasible";
    case TL_SOLVE_UNBOUNDED: return "unbounded";
    case TL_SOLVE_LIMIT: return "limit";
    case TL_SOLVE_ERROR: return "error";
    case TL_ENS_INVALID: return "invalid";
    case TL_ENS_FAILED: return "failed";
  }
  return "unknown";
}

/* ---- results between processes ---------------------------------------
 * A buffer: the header below, then count records of recsize bytes (the
 * machine's own byte order: ranks of one job run the same build). */
typedef struct pack_head {
  char magic[8]; /* "TLENS01" */
  uint64_t recsize;
  uint64_t nkeys, ntotal, count;
  uint64_t seed;
} pack_head;

static const char pack_magic[8] = "TLENS01";

tl_status tl_ens_results_pack(tl_ctx *ctx, const tl_ensemble *e, void **buf,
                              size_t *len) {
  if (!e || !buf || !len) return TL_ERR_ARG;
  *buf = NULL, *len = 0;
  size_t count = 0;
  for (int i = 0; i < e->ntotal; i++) count += e->have[i] != 0;
  size_t n = sizeof(pack_head) + count * e->recsize;
  unsigned char *b = tl_malloc(n);
  if (!b) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "out of memory packing %zu ensemble results", count);
    return TL_ERR_NOMEM;
  }
  pack_head h;
  memset(&h, 0, sizeof h);
  memcpy(h.magic, pack_magic, sizeof h.magic);
  h.recsize = e->recsize, h.nkeys = (uint64_t)e->nkeys;
  h.ntotal = (uint64_t)e->ntotal, h.count = count, h.seed = e->o.seed;
  memcpy(b, &h, sizeof h);
  unsigned char *p = b + sizeof h;
  for (int i = 0; i < e->ntotal; i++) {
    if (!e->have[i]) continue;
    memcpy(p, tl_ens_rec_at(e, i), e->recsize);
    p += e->recsize;
  }
  *buf = b, *len = n;
  return TL_OK;
}

tl_status tl_ens_results_unpack(tl_ctx *ctx, tl_ensemble *e, const void *buf,
                                size_t len) {
  pack_head h;
  if (!e || (!buf && len)) return TL_ERR_ARG;
  const char *why = NULL;
  if (len < sizeof h) {
    why = "too short";
  } else {
    memcpy(&h, buf, sizeof h);
    if (memcmp(h.magic, pack_magic, sizeof h.magic) != 0)
      why = "not ensemble results";
    else if (h.recsize != e->recsize || h.nkeys != (uint64_t)e->nkeys ||
             h.ntotal != (uint64_t)e->ntotal || h.seed != e->o.seed)
      why = "results of another ensemble (spec, model, members or seed differ)";
    else if (h.count > (len - sizeof h) / e->recsize ||
             len != sizeof h + h.count * e->recsize)
      why = "truncated";
  }
  const unsigned char *p = (const unsigned char *)buf + sizeof h;
  for (uint64_t q = 0; !why && q < h.count; q++, p += e->recsize) {
    tl_ens_rec r;
    memcpy(&r, p, sizeof r);
    if (r.member < 0 || r.member >= e->ntotal) {
      why = "a member number out of range";
      break;
    }
    memcpy(tl_ens_rec_at(e, r.member), p, e->recsize);
    e->have[r.member] = 1;
  }
  if (!why) return TL_OK;
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
           "cannot take ensemble results from another process: %s", why);
  return TL_ERR_PARSE;
}

void tl_ens_buffer_free(void *buf, size_t len) { tl_free(buf, len); }
