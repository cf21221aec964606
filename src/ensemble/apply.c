/* apply.c - an ensemble spec meets its model: the model entries each
 * uncertain parameter changes (an index pattern with wildcards, as in
 * scenario overlays, and ranges of years), the output values to collect,
 * the targets and the key outputs; and writing a member's sampled values
 * into the model.
 *
 * Entries are resolved once. Those a pattern names and the model lacks
 * are added with the value they have (their default), so that a member is
 * a plain overwrite of a fixed list of entries from their base values, and
 * a member never needs undoing. Two exceptions keep the model's meaning:
 * parameters whose absent rows mean "no constraint" (TL_PF_ENTRIES) are
 * changed where they have rows only, and "scale" skips entries that are 0
 * (scaling cannot change them). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ensemble/ensemble.h"

/* Most cells a pattern may enumerate: a safeguard against a wildcard over
 * a five-index parameter of a large model. */
#define TL_ENS_MAX_CELLS 100000000.0

static void spec_error(tl_ctx *ctx, const tl_ensemble *e, tl_ens_where at,
                       const char *what, const char *value, const char *fmt,
                       ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

static void spec_error(tl_ctx *ctx, const tl_ensemble *e, tl_ens_where at,
                       const char *what, const char *value, const char *fmt,
                       ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  tl_loc loc = {e->spec->path, at.line, at.col};
  tl_diagf(ctx, TL_ERROR, &loc, what, NULL, value, "%s", msg);
}

/* An index pattern resolved against the model: the members each position
 * covers, in set order. */
typedef struct pattern {
  int n;
  int32_t *pos[TL_MAXIDX]; /* [cnt[k]] member positions */
  int cnt[TL_MAXIDX];
  size_t cap[TL_MAXIDX]; /* allocated elements of pos[k] */
  int at[TL_MAXIDX];     /* odometer over pos */
} pattern;

static void pattern_free(pattern *p) {
  for (int k = 0; k < p->n; k++)
    tl_free(p->pos[k], p->cap[k] * sizeof *p->pos[k]);
  memset(p, 0, sizeof *p);
}

/* The members of set st that one item of a pattern names: "*" (all), a
 * member's name, or a range "A:B" of a numeric set such as YEAR (either
 * end may be left out). 0; -1 after an error; -2 when out of memory. */
static int pattern_item(tl_ctx *ctx, const tl_ensemble *e, const char *a,
                        size_t len, tl_set_id st, const char *what,
                        tl_ens_where at, pattern *p, int k) {
  const tl_set *set = &e->m->sets[st];
  const char *colon = memchr(a, ':', len);
  char v[200];
  snprintf(v, sizeof v, "%.*s", (int)(len < 190 ? len : 190), a);
  int one = -1;
  double lo = -HUGE_VAL, hi = HUGE_VAL;
  if (!(len == 1 && *a == '*') && !colon) {
    one = tl_set_index(set, a, len);
    if (one < 0) {
      spec_error(ctx, e, at, what, v, "not a member of %s", tl_set_names[st]);
      return -1;
    }
  } else if (colon) {
    size_t l1 = (size_t)(colon - a), l2 = len - l1 - 1;
    if ((l1 && tl_parse_double(a, l1, &lo)) ||
        (l2 && tl_parse_double(colon + 1, l2, &hi)) || lo > hi) {
      spec_error(ctx, e, at, what, v,
                 "a range is FIRST:LAST of numbers (either may be left out)");
      return -1;
    }
  }
  p->cap[k] = (size_t)(set->n ? set->n : 1);
  p->pos[k] = tl_malloc(p->cap[k] * sizeof *p->pos[k]);
  if (!p->pos[k]) return p->cap[k] = 0, -2;
  p->cnt[k] = 0;
  for (int i = 0; i < set->n; i++) {
    int take = one >= 0 ? i == one
                        : !colon || (!isnan(set->num[i]) && set->num[i] >= lo &&
                                     set->num[i] <= hi);
    if (take) p->pos[k][p->cnt[k]++] = i;
  }
  if (colon && p->cnt[k] == 0) {
    spec_error(ctx, e, at, what, v, "the range holds no member of %s",
               tl_set_names[st]);
    return -1;
  }
  return 0;
}

/* Resolve pattern pat over the index sets sets[0..n): members separated by
 * commas; NULL: every member of every set. With any_region, one member fewer
 * than n and sets[0] the REGION, the region is taken as "*" (outputs and
 * targets: "AnnualEmissions CO2 2060"). Returns 0, -1 after an error naming
 * what (the parameter or output), or -2 when out of memory; p is to be freed
 * with pattern_free in every case. */
static int parse_pattern(tl_ctx *ctx, const tl_ensemble *e, const char *pat,
                         const tl_set_id *sets, int n, int any_region,
                         const char *what, tl_ens_where at, pattern *p) {
  const char *s = pat ? pat : "";
  memset(p, 0, sizeof *p);
  p->n = n;
  for (int k = 0; !pat && k < n; k++) {
    int rc = pattern_item(ctx, e, "*", 1, sets[k], what, at, p, k);
    if (rc) return rc;
  }
  if (!pat) return 0;
  int count = 0;
  for (const char *q = s; *q; q++) count += *q == ',';
  count = *s ? count + 1 : 0;
  int skip = any_region && count == n - 1 && n > 1 && sets[0] == TL_REGION;
  if (!skip && count != n) {
    tl_buf b;
    tl_buf_init(&b);
    for (int k = 0; k < n; k++)
      tl_buf_printf(&b, "%s%s", k ? "," : "", tl_set_names[sets[k]]);
    spec_error(ctx, e, at, what, pat,
               n == 0 ? "%s takes no index"
                      : "%s is indexed by %s: %d members "
                        "needed (\"*\" for every one), "
                        "found %d",
               what, tl_buf_cstr(&b), n, count);
    tl_buf_free(&b);
    return -1;
  }
  if (skip) {
    int rc = pattern_item(ctx, e, "*", 1, sets[0], what, at, p, 0);
    if (rc) return rc;
  }
  for (int k = skip; k < n; k++) {
    const char *end = strchr(s, ',');
    size_t len = end ? (size_t)(end - s) : strlen(s);
    const char *a = s;
    while (len && (*a == ' ' || *a == '\t')) a++, len--;
    while (len && (a[len - 1] == ' ' || a[len - 1] == '\t')) len--;
    int rc = pattern_item(ctx, e, a, len, sets[k], what, at, p, k);
    if (rc) return rc;
    s = end ? end + 1 : s + strlen(s);
  }
  return 0;
}

/* The number of cells a pattern covers, and its first tuple in cur. */
static double first_tuple(pattern *p, int32_t *cur) {
  double cells = 1;
  for (int k = 0; k < p->n; k++) {
    p->at[k] = 0;
    cells *= p->cnt[k];
    cur[k] = p->cnt[k] ? p->pos[k][0] : 0;
  }
  return cells;
}

/* The next tuple (last position fastest); 0 when done. */
static int next_tuple(pattern *p, int32_t *cur) {
  for (int k = p->n - 1; k >= 0; k--) {
    if (++p->at[k] < p->cnt[k]) {
      cur[k] = p->pos[k][p->at[k]];
      return 1;
    }
    p->at[k] = 0;
    cur[k] = p->cnt[k] ? p->pos[k][0] : 0;
  }
  return 0;
}

static int entry_of(const tl_param *p, const int32_t *idx) {
  if (!p->n) return -1;
  uint64_t key = 0;
  for (int k = 0; k < p->def->nidx; k++) key += (uint64_t)idx[k] * p->mult[k];
  return tl_u64map_get(&p->map, key);
}

static int add_entry(tl_ensemble *e, size_t *cap, int pid, int ent,
                     double base) {
  if (tl_grow((void **)&e->entries, cap, (size_t)e->nentries + 1,
              sizeof *e->entries))
    return -1;
  tl_ens_entry *x = &e->entries[e->nentries++];
  x->pid = pid, x->e = ent, x->base = base;
  return 0;
}

/* The entries of spec parameter j. 0, -1 after an error, -2 oom. */
static int resolve_param(tl_ctx *ctx, tl_ensemble *e, int j, size_t *cap) {
  const tl_ens_param_spec *ps = &e->spec->params[j];
  tl_model *m = e->m;
  int pid = tl_param_find(ps->param, strlen(ps->param));
  if (pid < 0) {
    const char *hint = tl_param_suggest(ps->param);
    spec_error(ctx, e, ps->at_param, ps->name, ps->param,
               "unknown parameter%s%s%s", hint ? " (did you mean '" : "",
               hint ? hint : "", hint ? "'?)" : "");
    return -1;
  }
  const tl_param_def *d = &tl_param_defs[pid];
  if (d->flags & TL_PF_SYMBOLIC) {
    spec_error(ctx, e, ps->at_param, ps->name, ps->param,
               "a text parameter cannot be sampled");
    return -1;
  }
  int32_t cur[TL_MAXIDX] = {0, 0, 0, 0, 0};
  pattern pt;
  int rc = parse_pattern(ctx, e, ps->index, d->idx, d->nidx, 0, d->name,
                         ps->at_index, &pt);
  if (rc) {
    pattern_free(&pt);
    return rc;
  }
  double cells = first_tuple(&pt, cur);
  if (cells > TL_ENS_MAX_CELLS) {
    spec_error(ctx, e, ps->at_index, ps->name, ps->index,
               "the index covers %.0f cells; at most %.0f are allowed", cells,
               TL_ENS_MAX_CELLS);
    pattern_free(&pt);
    return -1;
  }
  tl_param *p = &m->params[pid];
  int given = p->given; /* adding entries must not make it "mentioned" */
  int before = e->nentries;
  int entries_only = (d->flags & TL_PF_ENTRIES) != 0;
  for (int more = cells > 0; more && !rc; more = next_tuple(&pt, cur)) {
    int ent = entry_of(p, cur);
    double v = ent >= 0 ? p->val[ent] : tl_param_get(m, (tl_param_id)pid, cur);
    if (ent < 0) {
      if (entries_only || (ps->op == TL_ENS_OP_SCALE && v == 0)) continue;
      if (tl_param_set(m, (tl_param_id)pid, cur, v, NULL, NULL) ||
          (ent = entry_of(p, cur)) < 0) {
        rc = -2;
        break;
      }
    } else if (ps->op == TL_ENS_OP_SCALE && v == 0) {
      continue;
    }
    if (add_entry(e, cap, pid, ent, v)) rc = -2;
  }
  pattern_free(&pt);
  if (rc) {
    p->given = given;
    return rc;
  }
  p->given = given;
  if (e->nentries == before) {
    spec_error(ctx, e, ps->at_index, ps->name, ps->index,
               "the index matches nothing to change in %s%s", d->name,
               entries_only ? " (it changes rows the model has only)"
               : ps->op == TL_ENS_OP_SCALE ? " (scaling changes nonzero "
                                             "values only)"
                                           : "");
    return -1;
  }
  return 0;
}

/* ---- outputs ------------------------------------------------------------- */

/* The dense cell of an output's index tuple. */
static size_t cell_of(const tl_model *m, int out, const int32_t *ix) {
  const tl_ens_output_def *d = &tl_ens_outputs[out];
  size_t c = 0;
  for (int k = 0; k < d->nidx && k < 3; k++)
    c = c * (size_t)m->sets[d->idx[k]].n + (size_t)ix[k];
  return c;
}

/* Call fn for every cell a selection covers; -1 after an error. */
typedef int (*cell_fn)(tl_ensemble *e, int out, size_t cell, void *ud);

static int for_cells(tl_ctx *ctx, tl_ensemble *e, const tl_ens_sel *sel,
                     cell_fn fn, void *ud) {
  int out = tl_ens_output_find(sel->output);
  if (out < 0) {
    tl_buf b;
    tl_buf_init(&b);
    for (int o = 0; o < TL_EO_COUNT; o++)
      tl_buf_printf(&b, "%s%s", o ? ", " : "", tl_ens_outputs[o].name);
    spec_error(ctx, e, sel->at, NULL, sel->output, "unknown output: one of %s",
               tl_buf_cstr(&b));
    tl_buf_free(&b);
    return -1;
  }
  const tl_ens_output_def *d = &tl_ens_outputs[out];
  int32_t cur[3] = {0, 0, 0};
  pattern pt;
  int rc = parse_pattern(ctx, e, sel->index, d->idx, d->nidx, 1, d->name,
                         sel->at, &pt);
  double cells = rc ? 0 : first_tuple(&pt, cur);
  for (int more = cells > 0; more && !rc; more = next_tuple(&pt, cur))
    if (fn(e, out, cell_of(e->m, out, cur), ud)) rc = -2;
  pattern_free(&pt);
  return rc;
}

static int mark_cell(tl_ensemble *e, int out, size_t cell, void *ud) {
  (void)ud;
  e->key_of[out][cell] = 1;
  return 0;
}

/* A growing list of keys (targets, key outputs). */
typedef struct klist {
  int *k;
  int n;
  size_t cap;
} klist;

static int list_cell(tl_ensemble *e, int out, size_t cell, void *ud) {
  klist *l = ud;
  if (tl_grow((void **)&l->k, &l->cap, (size_t)l->n + 1, sizeof *l->k))
    return -1;
  l->k[l->n++] = e->key_of[out][cell];
  return 0;
}

/* The default key outputs: the objective, and the emissions, CO2e and
 * carbon price of the last model year. */
static int default_keys(tl_ensemble *e, int mark, klist *l) {
  const tl_model *m = e->m;
  int R = m->sets[TL_REGION].n, E = m->sets[TL_EMISSION].n;
  int Y = m->sets[TL_YEAR].n, last = 0;
  for (int y = 1; y < Y; y++)
    if (m->sets[TL_YEAR].num[y] > m->sets[TL_YEAR].num[last]) last = y;
  int32_t none[3] = {0, 0, 0};
  size_t c0 = cell_of(m, TL_EO_OBJECTIVE, none);
  if (mark ? mark_cell(e, TL_EO_OBJECTIVE, c0, NULL)
           : list_cell(e, TL_EO_OBJECTIVE, c0, l))
    return -1;
  if (Y == 0) return 0;
  static const int outs[3] = {TL_EO_EMISSIONS, TL_EO_CO2E, TL_EO_CARBON_PRICE};
  for (int q = 0; q < 3; q++)
    for (int r = 0; r < R; r++)
      for (int em = 0; em < (outs[q] == TL_EO_CO2E ? 1 : E); em++) {
        int32_t ix[3] = {r, em, last};
        if (outs[q] == TL_EO_CO2E) ix[1] = last;
        size_t c = cell_of(m, outs[q], ix);
        if (mark ? mark_cell(e, outs[q], c, NULL) : list_cell(e, outs[q], c, l))
          return -1;
      }
  return 0;
}

/* Keys of every output the spec selects (all outputs when it selects
 * none), its targets and its key outputs; then the lists of keys of each
 * target and of the key outputs. */
static int resolve_outputs(tl_ctx *ctx, tl_ensemble *e) {
  const tl_ens_spec *s = e->spec;
  const tl_model *m = e->m;
  int bad = 0;
  for (int o = 0; o < TL_EO_COUNT; o++) {
    const tl_ens_output_def *d = &tl_ens_outputs[o];
    size_t cells = 1;
    for (int k = 0; k < d->nidx; k++) cells *= (size_t)m->sets[d->idx[k]].n;
    e->key_cells[o] = cells;
    e->key_of[o] = tl_calloc(cells ? cells : 1, sizeof *e->key_of[o]);
    if (!e->key_of[o]) return -2;
  }
  /* mark */
  if (s->noutputs == 0) {
    for (int o = 0; o < TL_EO_COUNT; o++)
      for (size_t c = 0; c < e->key_cells[o]; c++) e->key_of[o][c] = 1;
  }
  for (int i = 0; i < s->noutputs; i++) {
    int rc = for_cells(ctx, e, &s->outputs[i], mark_cell, NULL);
    if (rc == -2) return -2;
    bad |= rc;
  }
  for (int i = 0; i < s->ntargets; i++) {
    int rc = for_cells(ctx, e, &s->targets[i].sel, mark_cell, NULL);
    if (rc == -2) return -2;
    bad |= rc;
  }
  for (int i = 0; i < s->nkeys; i++) {
    int rc = for_cells(ctx, e, &s->keys[i], mark_cell, NULL);
    if (rc == -2) return -2;
    bad |= rc;
  }
  if (s->nkeys == 0 && default_keys(e, 1, NULL)) return -2;
  if (bad) return -1;
  /* number the keys in output order, cells in index order */
  int nkeys = 0;
  for (int o = 0; o < TL_EO_COUNT; o++)
    for (size_t c = 0; c < e->key_cells[o]; c++) nkeys += e->key_of[o][c] != 0;
  e->keys = tl_calloc((size_t)(nkeys ? nkeys : 1), sizeof *e->keys);
  if (!e->keys) return -2;
  for (int o = 0; o < TL_EO_COUNT; o++) {
    const tl_ens_output_def *d = &tl_ens_outputs[o];
    for (size_t c = 0; c < e->key_cells[o]; c++) {
      if (!e->key_of[o][c]) {
        e->key_of[o][c] = -1;
        continue;
      }
      tl_ens_key *k = &e->keys[e->nkeys];
      k->out = o;
      size_t rest = c;
      for (int q = d->nidx - 1; q >= 0; q--) {
        size_t n = (size_t)m->sets[d->idx[q]].n;
        k->ix[q] = (int32_t)(rest % n);
        rest /= n;
      }
      e->key_of[o][c] = e->nkeys++;
    }
  }
  /* the keys of each target and the key outputs */
  if (s->ntargets) {
    e->tkeys = tl_calloc((size_t)s->ntargets, sizeof *e->tkeys);
    e->ntkeys = tl_calloc((size_t)s->ntargets, sizeof *e->ntkeys);
    e->tkeys_cap = tl_calloc((size_t)s->ntargets, sizeof *e->tkeys_cap);
    if (!e->tkeys || !e->ntkeys || !e->tkeys_cap) return -2;
  }
  for (int i = 0; i < s->ntargets; i++) {
    klist l = {NULL, 0, 0};
    int rc = for_cells(ctx, e, &s->targets[i].sel, list_cell, &l);
    e->tkeys[i] = l.k;
    e->ntkeys[i] = l.n;
    e->tkeys_cap[i] = l.cap;
    if (rc) return -2;
    if (l.n == 0) {
      spec_error(ctx, e, s->targets[i].sel.at, NULL, s->targets[i].text,
                 "the target's index matches no value");
      bad = 1;
    }
  }
  klist l = {NULL, 0, 0};
  int rc = 0;
  for (int i = 0; i < s->nkeys && !rc; i++)
    rc = for_cells(ctx, e, &s->keys[i], list_cell, &l);
  if (s->nkeys == 0) rc = default_keys(e, 0, &l);
  e->skeys = l.k;
  e->nskeys = l.n;
  e->skeys_cap = l.cap;
  if (rc) return -2;
  return bad ? -1 : 0;
}

tl_status tl_ens_resolve(tl_ctx *ctx, tl_ensemble *e) {
  size_t cap = 0;
  int bad = 0;
  e->ent_start = tl_calloc((size_t)e->k + 1, sizeof *e->ent_start);
  if (!e->ent_start) goto oom;
  for (int j = 0; j < e->k; j++) {
    e->ent_start[j] = e->nentries;
    int rc = resolve_param(ctx, e, j, &cap);
    if (rc == -2) goto oom;
    bad |= rc;
  }
  e->ent_start[e->k] = e->nentries;
  e->entries_cap = cap;
  int rc = resolve_outputs(ctx, e);
  if (rc == -2) goto oom;
  bad |= rc;
  return bad ? TL_ERR_INVALID : TL_OK;
oom:
  e->entries_cap = cap;
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, e->spec->path,
           "out of memory resolving the ensemble spec");
  return TL_ERR_NOMEM;
}

void tl_ens_apply(tl_ensemble *e, int i) {
  tl_model *m = e->m;
  for (int q = 0; q < e->nentries; q++) {
    const tl_ens_entry *x = &e->entries[q];
    m->params[x->pid].val[x->e] = x->base;
  }
  if (i < 0) return;
  for (int j = 0; j < e->k; j++) {
    double v = e->values[(size_t)i * (size_t)e->k + (size_t)j];
    tl_ens_op op = e->spec->params[j].op;
    for (int q = e->ent_start[j]; q < e->ent_start[j + 1]; q++) {
      const tl_ens_entry *x = &e->entries[q];
      double *val = &m->params[x->pid].val[x->e];
      *val = op == TL_ENS_OP_SET     ? v
             : op == TL_ENS_OP_SCALE ? *val * v
                                     : *val + v;
    }
  }
}
