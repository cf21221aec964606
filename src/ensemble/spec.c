/* spec.c - the ensemble spec, a YAML file read with libyaml
 * (docs/ensembles.md):
 *
 *   parameters:            # the uncertain parameters, at least one
 *     - name: capex_e01
 *       parameter: CapitalCost
 *       index: "UTOPIA,E01,*"
 *       op: scale           # scale (default), set or shift
 *       dist: {type: triangular, min: 0.6, mode: 0.8, max: 1.1}
 *   correlations:          # optional rank correlations
 *     - [capex_e01, capex_e21, 0.7]
 *   outputs: [objective, AnnualEmissions, "NewCapacity UTOPIA,E01,*"]
 *   targets: ["AnnualEmissions UTOPIA,CO2,2010 <= 15"]
 *   sensitivity: [objective]
 *
 * Only the form is checked here; names are looked up in the model when
 * the ensemble is made (apply.c). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "ensemble/ensemble.h"

typedef struct sp {
  tl_ctx *ctx;
  tl_ens_spec *s;
  yaml_document_t *doc;
  tl_status st;
} sp;

static tl_ens_where where_of(const yaml_node_t *n) {
  tl_ens_where w = {n ? (int)n->start_mark.line + 1 : 0,
                    n ? (int)n->start_mark.column + 1 : 0};
  return w;
}

static void sp_error(sp *c, const yaml_node_t *n, const char *what,
                     const char *value, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void sp_error(sp *c, const yaml_node_t *n, const char *what,
                     const char *value, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  tl_ens_where w = where_of(n);
  tl_loc loc = {c->s->path, w.line, w.col};
  tl_diagf(c->ctx, TL_ERROR, &loc, what, NULL, value, "%s", msg);
  if (c->st == TL_OK) c->st = TL_ERR_PARSE;
}

static void sp_oom(sp *c) {
  if (c->st != TL_ERR_NOMEM)
    tl_diagf(c->ctx, TL_ERROR, NULL, NULL, NULL, c->s->path,
             "out of memory reading the ensemble spec");
  c->st = TL_ERR_NOMEM;
}

static const yaml_node_t *node(sp *c, int id) {
  return yaml_document_get_node(c->doc, id);
}

static int is_scalar(const yaml_node_t *n) {
  return n && n->type == YAML_SCALAR_NODE;
}

static const char *text(const yaml_node_t *n) {
  return is_scalar(n) ? (const char *)n->data.scalar.value : "";
}

/* A scalar's text as an owned string; NULL after an error. */
static char *dup_scalar(sp *c, const yaml_node_t *n, const char *what) {
  if (!is_scalar(n)) {
    sp_error(c, n, what, NULL, "%s: expected a single value", what);
    return NULL;
  }
  char *s =
      tl_strndup((const char *)n->data.scalar.value, n->data.scalar.length);
  if (!s) sp_oom(c);
  return s;
}

static int number(sp *c, const yaml_node_t *n, const char *what, double *v) {
  if (!is_scalar(n)) {
    sp_error(c, n, what, NULL, "%s: expected a number", what);
    return -1;
  }
  int rc = tl_parse_double(text(n), n->data.scalar.length, v);
  if (rc) {
    sp_error(c, n, what, text(n), "%s: %s", what,
             rc == -2   ? "NaN or infinite"
             : rc == -3 ? "out of range"
                        : "not a number");
    return -1;
  }
  return 0;
}

/* The value of key in a mapping node, or NULL. */
static const yaml_node_t *lookup(sp *c, const yaml_node_t *map,
                                 const char *key) {
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
       p < map->data.mapping.pairs.top; p++)
    if (!strcmp(text(node(c, p->key)), key)) return node(c, p->value);
  return NULL;
}

/* Every key of a mapping must be one of keys (NULL-terminated). */
static void known_keys(sp *c, const yaml_node_t *map, const char *what,
                       const char *const *keys) {
  for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
       p < map->data.mapping.pairs.top; p++) {
    const yaml_node_t *k = node(c, p->key);
    int ok = 0, best = 3;
    const char *hint = NULL;
    for (int i = 0; keys[i] && !ok; i++) {
      ok = !strcmp(text(k), keys[i]);
      int d = tl_edit_distance(text(k), keys[i], best);
      if (d < best) best = d, hint = keys[i];
    }
    if (ok) continue;
    if (hint)
      sp_error(c, k, what, text(k), "unknown key (did you mean '%s'?)", hint);
    else
      sp_error(c, k, what, text(k), "unknown key");
  }
}

/* ---- parameters ---------------------------------------------------------- */

static void read_dist(sp *c, const yaml_node_t *n, tl_ens_param_spec *p) {
  static const char *const keys[] = {"type", "min", "max",   "mode", "mean",
                                     "sd",   "mu",  "sigma", NULL};
  static const struct {
    const char *type;
    const char *need[3];
  } kinds[] = {{"uniform", {"min", "max", NULL}},
               {"triangular", {"min", "mode", "max"}},
               {"normal", {"mean", "sd", NULL}},
               {"lognormal", {"mu", "sigma", NULL}}};
  tl_dist *d = &p->dist;
  if (!n || n->type != YAML_MAPPING_NODE) {
    sp_error(c, n, p->name, NULL,
             "dist: expected a mapping such as {type: uniform, min: 0.8, "
             "max: 1.2}");
    return;
  }
  known_keys(c, n, "dist", keys);
  const yaml_node_t *t = lookup(c, n, "type");
  int kind = -1;
  for (int i = 0; i < 4 && t; i++)
    if (!strcmp(text(t), kinds[i].type)) kind = i;
  if (kind < 0) {
    sp_error(c, t ? t : n, p->name, t ? text(t) : NULL,
             "dist: type must be uniform, triangular, normal or lognormal");
    return;
  }
  d->type = (tl_dist_type)kind;
  d->lo = -HUGE_VAL, d->hi = HUGE_VAL;
  double v[3] = {0, 0, 0};
  for (int q = 0; q < 3 && kinds[kind].need[q]; q++) {
    const yaml_node_t *x = lookup(c, n, kinds[kind].need[q]);
    if (!x) {
      sp_error(c, n, p->name, NULL, "dist: a %s distribution needs '%s'",
               kinds[kind].type, kinds[kind].need[q]);
      return;
    }
    if (number(c, x, kinds[kind].need[q], &v[q])) return;
  }
  /* what is given beyond the needed numbers: truncation of normal and
   * lognormal (min, max); anything else is a mistake */
  for (int q = 1; q < 8; q++) {
    const char *key = keys[q];
    int needed = 0;
    for (int r = 0; r < 3 && kinds[kind].need[r]; r++)
      needed |= !strcmp(kinds[kind].need[r], key);
    const yaml_node_t *x = lookup(c, n, key);
    if (!x || needed) continue;
    int trunc =
        kind >= TL_DIST_NORMAL && (!strcmp(key, "min") || !strcmp(key, "max"));
    if (!trunc) {
      sp_error(c, x, p->name, key, "dist: a %s distribution has no '%s'",
               kinds[kind].type, key);
      return;
    }
    if (number(c, x, key, !strcmp(key, "min") ? &d->lo : &d->hi)) return;
  }
  if (kind == TL_DIST_TRIANGULAR) {
    d->a = v[0], d->c = v[1], d->b = v[2];
  } else {
    d->a = v[0], d->b = v[1];
  }
  const char *why = tl_dist_check(d);
  if (why) sp_error(c, n, p->name, NULL, "dist: %s", why);
}

static void read_param(sp *c, const yaml_node_t *n, tl_ens_param_spec *p) {
  static const char *const keys[] = {"name", "parameter", "index",
                                     "op",   "dist",      NULL};
  p->at = where_of(n);
  p->op = TL_ENS_OP_SCALE;
  if (!n || n->type != YAML_MAPPING_NODE) {
    sp_error(c, n, "parameters", NULL,
             "each parameter is a mapping with name, parameter, index, op "
             "and dist");
    return;
  }
  known_keys(c, n, "parameters", keys);
  const yaml_node_t *name = lookup(c, n, "name"),
                    *par = lookup(c, n, "parameter");
  const yaml_node_t *idx = lookup(c, n, "index"), *op = lookup(c, n, "op");
  const yaml_node_t *dist = lookup(c, n, "dist");
  const char *missing = !name   ? "name"
                        : !par  ? "parameter"
                        : !idx  ? "index"
                        : !dist ? "dist"
                                : NULL;
  if (missing) {
    sp_error(c, n, "parameters", NULL, "a parameter needs '%s'", missing);
    return;
  }
  if (!(p->name = dup_scalar(c, name, "name"))) return;
  if (!(p->param = dup_scalar(c, par, "parameter"))) return;
  if (!(p->index = dup_scalar(c, idx, "index"))) return;
  p->at_param = where_of(par);
  p->at_index = where_of(idx);
  if (!p->name[0] || strchr(p->name, ',') || strchr(p->name, '"')) {
    sp_error(c, name, "name", p->name,
             "a parameter's name must be non-empty, without commas or quotes "
             "(it heads a CSV column)");
    return;
  }
  if (op) {
    static const char *const ops[] = {"set", "scale", "shift"};
    int found = -1;
    for (int i = 0; i < 3; i++)
      if (!strcmp(text(op), ops[i])) found = i;
    if (found < 0) {
      sp_error(c, op, p->name, text(op), "op must be scale, set or shift");
      return;
    }
    p->op = (tl_ens_op)found;
  }
  read_dist(c, dist, p);
}

/* ---- selections: "OUTPUT [INDEX...]" or {output: ..., index: ...} -------- */

/* Split "OUTPUT a b c" or "OUTPUT a,b,c" into the output and the index
 * members joined by commas (NULL when none). */
static int split_sel(sp *c, const yaml_node_t *n, const char *s, size_t len,
                     tl_ens_sel *sel) {
  size_t i = 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
  size_t a = i;
  while (i < len && s[i] != ' ' && s[i] != '\t') i++;
  if (i == a) {
    sp_error(c, n, NULL, NULL, "expected an output name");
    return -1;
  }
  if (!(sel->output = tl_strndup(s + a, i - a))) return sp_oom(c), -1;
  tl_buf b;
  tl_buf_init(&b);
  while (i < len) {
    while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
    size_t t0 = i;
    while (i < len && s[i] != ' ' && s[i] != '\t') i++;
    if (i > t0) {
      if (b.len) tl_buf_addc(&b, ',');
      tl_buf_add(&b, s + t0, i - t0);
    }
  }
  if (b.oom) {
    tl_buf_free(&b);
    return sp_oom(c), -1;
  }
  if (b.len && !(sel->index = tl_strdup(tl_buf_cstr(&b)))) {
    tl_buf_free(&b);
    return sp_oom(c), -1;
  }
  tl_buf_free(&b);
  return 0;
}

static void read_sel(sp *c, const yaml_node_t *n, const char *what,
                     tl_ens_sel *sel) {
  static const char *const keys[] = {"output", "index", NULL};
  sel->at = where_of(n);
  if (is_scalar(n)) {
    split_sel(c, n, text(n), n->data.scalar.length, sel);
    return;
  }
  if (!n || n->type != YAML_MAPPING_NODE) {
    sp_error(c, n, what, NULL,
             "expected an output (\"NewCapacity REGION,TECH,*\") or "
             "{output: ..., index: ...}");
    return;
  }
  known_keys(c, n, what, keys);
  const yaml_node_t *o = lookup(c, n, "output"), *i = lookup(c, n, "index");
  if (!o) {
    sp_error(c, n, what, NULL, "'output' is missing");
    return;
  }
  if (!(sel->output = dup_scalar(c, o, "output"))) return;
  if (i && !(sel->index = dup_scalar(c, i, "index"))) return;
}

static int parse_cmp(const char *s, tl_ens_cmp *cmp) {
  static const struct {
    const char *s;
    tl_ens_cmp c;
  } t[] = {
      {"<=", TL_CMP_LE}, {"<", TL_CMP_LT}, {">=", TL_CMP_GE}, {">", TL_CMP_GT}};
  for (int i = 0; i < 4; i++)
    if (!strcmp(s, t[i].s)) return *cmp = t[i].c, 0;
  return -1;
}

/* "OUTPUT [INDEX...] OP VALUE", or {name, output, index, op, value}. */
static void read_target(sp *c, const yaml_node_t *n, tl_ens_target_spec *t) {
  static const char *const keys[] = {"name", "output", "index",
                                     "op",   "value",  NULL};
  t->sel.at = where_of(n);
  if (is_scalar(n)) {
    const char *s = text(n);
    size_t len = n->data.scalar.length;
    /* the last two words are the comparison and the value */
    size_t end = len, w[2][2];
    int ok = 1;
    for (int q = 1; q >= 0 && ok; q--) {
      while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
      size_t b = end;
      while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '\t') b--;
      ok = b < end && b > 0;
      w[q][0] = b, w[q][1] = end;
      end = b;
    }
    char op[8] = "";
    if (ok)
      snprintf(op, sizeof op, "%.*s", (int)(w[0][1] - w[0][0]), s + w[0][0]);
    if (!ok || parse_cmp(op, &t->cmp)) {
      sp_error(c, n, "targets", s,
               "a target reads OUTPUT [INDEX] OP VALUE, e.g. "
               "\"AnnualEmissions REGION,CO2,2060 <= 100\" (OP: <=, <, >=, >)");
      return;
    }
    int rc = tl_parse_double(s + w[1][0], w[1][1] - w[1][0], &t->value);
    if (rc) {
      sp_error(c, n, "targets", s, "the target's value is not a number");
      return;
    }
    if (split_sel(c, n, s, w[0][0], &t->sel)) return;
    if (!(t->text = tl_strndup(s, len))) sp_oom(c);
    return;
  }
  if (!n || n->type != YAML_MAPPING_NODE) {
    sp_error(c, n, "targets", NULL,
             "a target is \"OUTPUT [INDEX] OP VALUE\" or a mapping with "
             "output, index, op and value");
    return;
  }
  known_keys(c, n, "targets", keys);
  const yaml_node_t *name = lookup(c, n, "name"), *o = lookup(c, n, "output");
  const yaml_node_t *i = lookup(c, n, "index"), *op = lookup(c, n, "op");
  const yaml_node_t *v = lookup(c, n, "value");
  if (!o || !op || !v) {
    sp_error(c, n, "targets", NULL, "a target needs '%s'",
             !o    ? "output"
             : !op ? "op"
                   : "value");
    return;
  }
  if (!(t->sel.output = dup_scalar(c, o, "output"))) return;
  if (i && !(t->sel.index = dup_scalar(c, i, "index"))) return;
  if (parse_cmp(text(op), &t->cmp)) {
    sp_error(c, op, "targets", text(op), "op must be <=, <, >= or >");
    return;
  }
  if (number(c, v, "value", &t->value)) return;
  if (name) {
    t->text = dup_scalar(c, name, "name");
  } else {
    char buf[64];
    static const char *const ops[] = {"<=", "<", ">=", ">"};
    tl_buf b;
    tl_buf_init(&b);
    tl_fmt_num(buf, t->value);
    tl_buf_printf(&b, "%s%s%s %s %s", t->sel.output, t->sel.index ? " " : "",
                  t->sel.index ? t->sel.index : "", ops[t->cmp], buf);
    t->text = b.oom ? NULL : tl_strdup(tl_buf_cstr(&b));
    tl_buf_free(&b);
    if (!t->text) sp_oom(c);
  }
}

static void read_corr(sp *c, const yaml_node_t *n, tl_ens_corr_spec *r) {
  r->at = where_of(n);
  r->a = r->b = -1;
  if (!n || n->type != YAML_SEQUENCE_NODE ||
      n->data.sequence.items.top - n->data.sequence.items.start != 3) {
    sp_error(c, n, "correlations", NULL,
             "a correlation is [name, name, rank correlation]");
    return;
  }
  const yaml_node_t *x[3];
  for (int q = 0; q < 3; q++) x[q] = node(c, n->data.sequence.items.start[q]);
  for (int q = 0; q < 2; q++) {
    int found = -1;
    for (int j = 0; j < c->s->nparams; j++)
      if (c->s->params[j].name && !strcmp(c->s->params[j].name, text(x[q])))
        found = j;
    if (found < 0) {
      sp_error(c, x[q], "correlations", text(x[q]),
               "not the name of a parameter of the spec");
      return;
    }
    if (q == 0)
      r->a = found;
    else
      r->b = found;
  }
  if (r->a == r->b) {
    sp_error(c, n, "correlations", text(x[0]),
             "a parameter's correlation with itself is 1");
    return;
  }
  if (number(c, x[2], "correlation", &r->rho)) return;
  if (!(r->rho > -1 && r->rho < 1))
    sp_error(c, x[2], "correlations", text(x[2]),
             "a rank correlation lies strictly between -1 and 1");
}

/* ---- the document -------------------------------------------------------- */

/* The items of a sequence node; an error unless it is one. */
static int items(sp *c, const yaml_node_t *n, const char *what,
                 yaml_node_item_t **first, int *count) {
  if (!n || n->type != YAML_SEQUENCE_NODE) {
    sp_error(c, n, what, NULL, "%s: expected a list", what);
    return -1;
  }
  *first = n->data.sequence.items.start;
  *count = (int)(n->data.sequence.items.top - n->data.sequence.items.start);
  return 0;
}

/* Allocate *arr of count elements of size elem (zeroed). */
static int alloc_list(sp *c, void **arr, int count, size_t elem) {
  if (count == 0) return 0;
  *arr = tl_calloc((size_t)count, elem);
  if (!*arr) return sp_oom(c), -1;
  return 0;
}

static void read_doc(sp *c, const yaml_node_t *root) {
  static const char *const keys[] = {"parameters", "correlations", "outputs",
                                     "targets",    "sensitivity",  NULL};
  tl_ens_spec *s = c->s;
  yaml_node_item_t *it;
  int n;
  if (!root || root->type != YAML_MAPPING_NODE) {
    sp_error(c, root, NULL, NULL,
             "an ensemble spec is a mapping with 'parameters' (and "
             "optionally correlations, outputs, targets, sensitivity)");
    return;
  }
  known_keys(c, root, NULL, keys);
  const yaml_node_t *par = lookup(c, root, "parameters");
  if (!par) {
    sp_error(c, root, NULL, NULL, "'parameters' is missing");
    return;
  }
  if (items(c, par, "parameters", &it, &n)) return;
  if (n == 0) {
    sp_error(c, par, "parameters", NULL, "at least one parameter is needed");
    return;
  }
  if (alloc_list(c, (void **)&s->params, n, sizeof *s->params)) return;
  s->nparams = n;
  for (int i = 0; i < n && c->st != TL_ERR_NOMEM; i++)
    read_param(c, node(c, it[i]), &s->params[i]);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < i; j++)
      if (s->params[i].name && s->params[j].name &&
          !strcmp(s->params[i].name, s->params[j].name))
        sp_error(c, node(c, it[i]), "name", s->params[i].name,
                 "a second parameter of this name (the first is on line %d)",
                 s->params[j].at.line);
  if (c->st != TL_OK) return;

  const yaml_node_t *x = lookup(c, root, "correlations");
  if (x && !items(c, x, "correlations", &it, &n) &&
      !alloc_list(c, (void **)&s->corrs, n, sizeof *s->corrs)) {
    s->ncorrs = n;
    for (int i = 0; i < n; i++) read_corr(c, node(c, it[i]), &s->corrs[i]);
    for (int i = 0; i < n; i++)
      for (int j = 0; j < i; j++)
        if ((s->corrs[i].a == s->corrs[j].a &&
             s->corrs[i].b == s->corrs[j].b) ||
            (s->corrs[i].a == s->corrs[j].b && s->corrs[i].b == s->corrs[j].a))
          if (s->corrs[i].a >= 0)
            sp_error(c, node(c, it[i]), "correlations", NULL,
                     "this pair's correlation is also given on line %d",
                     s->corrs[j].at.line);
  }
  x = lookup(c, root, "outputs");
  if (x && !items(c, x, "outputs", &it, &n) &&
      !alloc_list(c, (void **)&s->outputs, n, sizeof *s->outputs)) {
    s->noutputs = n;
    for (int i = 0; i < n; i++)
      read_sel(c, node(c, it[i]), "outputs", &s->outputs[i]);
  }
  x = lookup(c, root, "targets");
  if (x && !items(c, x, "targets", &it, &n) &&
      !alloc_list(c, (void **)&s->targets, n, sizeof *s->targets)) {
    s->ntargets = n;
    for (int i = 0; i < n; i++) read_target(c, node(c, it[i]), &s->targets[i]);
  }
  x = lookup(c, root, "sensitivity");
  if (x && !items(c, x, "sensitivity", &it, &n) &&
      !alloc_list(c, (void **)&s->keys, n, sizeof *s->keys)) {
    s->nkeys = n;
    for (int i = 0; i < n; i++)
      read_sel(c, node(c, it[i]), "sensitivity", &s->keys[i]);
  }
}

/* The whole file into b; TL_OK or an error (reported). */
static tl_status slurp(tl_ctx *ctx, const char *path, tl_buf *b) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
             "cannot open the ensemble spec: %s", strerror(errno));
    return TL_ERR_IO;
  }
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    if (tl_buf_add(b, chunk, n)) break;
  int bad = ferror(f);
  fclose(f);
  if (b->oom) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
             "out of memory reading the ensemble spec");
    return TL_ERR_NOMEM;
  }
  if (bad) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
             "cannot read the ensemble spec");
    return TL_ERR_IO;
  }
  return TL_OK;
}

tl_status tl_ens_spec_read(tl_ctx *ctx, const char *path, tl_ens_spec **out) {
  tl_buf b;
  yaml_parser_t parser;
  yaml_document_t doc;
  int have_parser = 0, have_doc = 0;
  tl_ens_spec *s = NULL;
  sp c = {ctx, NULL, &doc, TL_OK};
  if (out) *out = NULL;
  tl_buf_init(&b);
  if (!path || !out) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "tl_ens_spec_read: the path and the output pointer are required");
    return TL_ERR_ARG;
  }
  if (!(s = tl_calloc(1, sizeof *s)) || !(s->path = tl_strdup(path))) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
             "out of memory reading the ensemble spec");
    c.st = TL_ERR_NOMEM;
    goto done;
  }
  c.s = s;
  if ((c.st = slurp(ctx, path, &b)) != TL_OK) goto done;
  if (!yaml_parser_initialize(&parser)) {
    sp_oom(&c);
    goto done;
  }
  have_parser = 1;
  yaml_parser_set_input_string(&parser, (const unsigned char *)(b.s ? b.s : ""),
                               b.len);
  if (!yaml_parser_load(&parser, &doc)) {
    if (parser.error == YAML_MEMORY_ERROR) {
      sp_oom(&c);
    } else {
      const yaml_mark_t *mk =
          parser.problem ? &parser.problem_mark : &parser.context_mark;
      tl_loc loc = {path, (int)mk->line + 1, (int)mk->column + 1};
      tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "YAML: %s%s%s",
               parser.problem ? parser.problem : "syntax error",
               parser.context ? " " : "", parser.context ? parser.context : "");
      c.st = TL_ERR_PARSE;
    }
    goto done;
  }
  have_doc = 1;
  read_doc(&c, yaml_document_get_root_node(&doc));
done:
  if (have_doc) yaml_document_delete(&doc);
  if (have_parser) yaml_parser_delete(&parser);
  tl_buf_free(&b);
  if (c.st != TL_OK) {
    tl_ens_spec_free(s);
    return c.st;
  }
  *out = s;
  return TL_OK;
}

static void free_sel(tl_ens_sel *s) {
  tl_strfree(s->output);
  tl_strfree(s->index);
}

void tl_ens_spec_free(tl_ens_spec *s) {
  if (!s) return;
  for (int i = 0; i < s->nparams; i++) {
    tl_strfree(s->params[i].name);
    tl_strfree(s->params[i].param);
    tl_strfree(s->params[i].index);
  }
  tl_free(s->params, (size_t)s->nparams * sizeof *s->params);
  tl_free(s->corrs, (size_t)s->ncorrs * sizeof *s->corrs);
  for (int i = 0; i < s->noutputs; i++) free_sel(&s->outputs[i]);
  tl_free(s->outputs, (size_t)s->noutputs * sizeof *s->outputs);
  for (int i = 0; i < s->ntargets; i++) {
    tl_strfree(s->targets[i].text);
    free_sel(&s->targets[i].sel);
  }
  tl_free(s->targets, (size_t)s->ntargets * sizeof *s->targets);
  for (int i = 0; i < s->nkeys; i++) free_sel(&s->keys[i]);
  tl_free(s->keys, (size_t)s->nkeys * sizeof *s->keys);
  tl_strfree(s->path);
  tl_free(s, sizeof *s);
}

int tl_ens_spec_param_count(const tl_ens_spec *s) { return s ? s->nparams : 0; }

const char *tl_ens_spec_param_name(const tl_ens_spec *s, int i) {
  return s && i >= 0 && i < s->nparams ? s->params[i].name : NULL;
}
