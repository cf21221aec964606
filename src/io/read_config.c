/* read_config.c - the otoole user configuration (config.yaml) of a CSV
 * folder, parsed with libyaml: parameter defaults and result names. */
#include <string.h>
#include <yaml.h>

#include "io/read_csv.h"

typedef struct cfg_state {
  tl_ctx *ctx;
  tl_model *m;
  const char *file; /* for locations */
  tl_buf *results;
  tl_status st;
} cfg_state;

static int scalar_is(const yaml_node_t *n, const char *s) {
  size_t len = strlen(s);
  return n && n->type == YAML_SCALAR_NODE && n->data.scalar.length == len &&
         memcmp(n->data.scalar.value, s, len) == 0;
}

static void cfg_oom(cfg_state *c) {
  if (c->st != TL_ERR_NOMEM)
    tl_diagf(c->ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "out of memory reading %s", c->file);
  c->st = TL_ERR_NOMEM;
}

static void cfg_error(cfg_state *c, const yaml_mark_t *mk, const char *param,
                      const char *value, const char *msg) {
  tl_loc loc = {c->file, (int)mk->line + 1, (int)mk->column + 1};
  tl_diagf(c->ctx, TL_ERROR, &loc, param, NULL, value, "%s", msg);
  if (c->st == TL_OK) c->st = TL_ERR_PARSE;
}

/* The default of a known parameter: a number, or a text for a symbolic
 * one (empty or null: none declared). */
static void cfg_default(cfg_state *c, int pid, const yaml_node_t *def) {
  const char *text = def->type == YAML_SCALAR_NODE
                         ? (const char *)def->data.scalar.value
                         : NULL;
  size_t tlen = text ? def->data.scalar.length : 0;
  int plain = text && def->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
  const char *name = tl_param_defs[pid].name;
  double v = 0;
  if (!text) {
    cfg_error(c, &def->start_mark, name, NULL,
              "default: expected a single value");
    return;
  }
  if (tl_param_defs[pid].flags & TL_PF_SYMBOLIC) {
    if (tlen == 0 || (plain && (scalar_is(def, "~") || scalar_is(def, "null"))))
      return;
    if (tlen > 255) { /* as a data file would refuse it */
      cfg_error(c, &def->start_mark, name, NULL,
                "default: text value too long (at most 255 bytes)");
      return;
    }
    int i = tl_model_intern(c->m, text, tlen);
    if (i < 0) return cfg_oom(c);
    v = i;
  } else {
    int rc = tl_parse_double(text, tlen, &v);
    if (rc) {
      cfg_error(c, &def->start_mark, name, text,
                rc == -2   ? "default: NaN or infinite value"
                : rc == -3 ? "default: number out of range"
                           : "default: not a number");
      return;
    }
  }
  c->m->params[pid].defval = v;
  c->m->params[pid].has_defval = 1;
}

/* One top-level entry, name: {type: ..., default: ...}. */
static void cfg_entry(cfg_state *c, yaml_document_t *doc,
                      const yaml_node_t *key, const yaml_node_t *val) {
  const char *name = (const char *)key->data.scalar.value;
  size_t len = key->data.scalar.length;
  const yaml_node_t *type = NULL, *def = NULL;
  if (!val || val->type != YAML_MAPPING_NODE) return;
  for (yaml_node_pair_t *pr = val->data.mapping.pairs.start;
       pr < val->data.mapping.pairs.top; pr++) {
    const yaml_node_t *k = yaml_document_get_node(doc, pr->key);
    if (scalar_is(k, "type")) type = yaml_document_get_node(doc, pr->value);
    if (scalar_is(k, "default")) def = yaml_document_get_node(doc, pr->value);
  }
  if (scalar_is(type, "result")) {
    if (tl_buf_add(c->results, name, len) || tl_buf_addc(c->results, '\0'))
      cfg_oom(c);
    return;
  }
  int pid = tl_param_find(name, len);
  if (pid >= 0 && scalar_is(type, "param") && def) cfg_default(c, pid, def);
}

tl_status tl_csv_read_config(tl_ctx *ctx, tl_model *m, const char *file,
                             const char *text, size_t len, tl_buf *results) {
  cfg_state c = {ctx, m, file, results, TL_OK};
  yaml_parser_t parser;
  yaml_document_t doc;
  if (!yaml_parser_initialize(&parser)) {
    cfg_oom(&c);
    return c.st;
  }
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  if (!yaml_parser_load(&parser, &doc)) {
    if (parser.error == YAML_MEMORY_ERROR) {
      cfg_oom(&c);
    } else {
      char msg[300];
      snprintf(msg, sizeof msg, "YAML: %s%s%s",
               parser.problem ? parser.problem : "syntax error",
               parser.context ? " " : "", parser.context ? parser.context : "");
      cfg_error(&c,
                parser.problem ? &parser.problem_mark : &parser.context_mark,
                NULL, NULL, msg);
    }
    yaml_parser_delete(&parser);
    return c.st;
  }
  const yaml_node_t *root = yaml_document_get_root_node(&doc);
  if (root && root->type != YAML_MAPPING_NODE)
    cfg_error(&c, &root->start_mark, NULL, NULL,
              "expected a mapping of names to entries");
  else if (root) /* NULL: an empty document */
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
         pr < root->data.mapping.pairs.top && c.st != TL_ERR_NOMEM; pr++) {
      const yaml_node_t *k = yaml_document_get_node(&doc, pr->key);
      if (k && k->type == YAML_SCALAR_NODE)
        cfg_entry(&c, &doc, k, yaml_document_get_node(&doc, pr->value));
    }
  yaml_document_delete(&doc);
  yaml_parser_delete(&parser);
  return c.st;
}
