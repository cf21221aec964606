/* overlay.c - scenario overlays: a small CSV of changes applied on top of a
 * base model (docs/scenarios.md).
 *
 *   action,parameter,index,value
 *   set,AnnualGHGLimit,"China,2060",0
 *   scale,CapitalCost,"China,SOLAR,*",0.8
 *   drop,TECHNOLOGY,DACCS,
 *   delay,TechnologyReadiness,BECCS,10
 *
 * index: the member tuple in one field, members separated by commas, "*"
 * for every member of that position. Actions: set (to value), scale
 * (multiply), shift (add), default (the parameter's default), drop (make a
 * technology unavailable), delay (shift a technology's TRL path later by
 * value years). Lines starting with '#' are comments. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/csv.h"
#include "io/overlay.h"
#include "io/read_dat.h"

typedef struct octx {
  tl_ctx *ctx;
  tl_model *m;
  const char *file;
  int errors;
} octx;

static void oerr(octx *o, const tl_csv_field *f, const char *param,
                 const char *value, const char *msg) {
  tl_loc loc = {o->file, f ? f->line : 0, f ? f->col : 0};
  tl_diagf(o->ctx, TL_ERROR, &loc, param, NULL, value, "%s", msg);
  o->errors++;
}

/* Split the index field into member positions (-1 = wildcard). Returns the
 * number of members or -1 after reporting an error. */
static int parse_index(octx *o, const tl_csv_field *f, const tl_param_def *d,
                       const char *pname, int32_t *pos) {
  int k = 0;
  size_t i = 0;
  while (i <= f->len) {
    size_t j = i;
    while (j < f->len && f->s[j] != ',') j++;
    const char *s = f->s + i;
    size_t n = j - i;
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (f->len == 0) break;
    if (k >= d->nidx) {
      char msg[200];
      snprintf(msg, sizeof msg, "too many index members: %s has %d", pname, d->nidx);
      oerr(o, f, pname, NULL, msg);
      return -1;
    }
    if (n == 1 && *s == '*') {
      pos[k] = -1;
    } else {
      const tl_set *set = &o->m->sets[d->idx[k]];
      int p = tl_set_index(set, s, n);
      if (p < 0) {
        char val[256], msg[300];
        snprintf(val, sizeof val, "%.*s", (int)(n < 200 ? n : 200), s);
        snprintf(msg, sizeof msg, "unknown %s member", tl_set_names[d->idx[k]]);
        oerr(o, f, pname, val, msg);
        return -1;
      }
      pos[k] = p;
    }
    k++;
    i = j + 1;
  }
  if (k != d->nidx) {
    char msg[200];
    snprintf(msg, sizeof msg, "%s needs %d index members, found %d", pname, d->nidx, k);
    oerr(o, f, pname, NULL, msg);
    return -1;
  }
  return k;
}

/* Apply op to every tuple matching pos (wildcards expanded). */
static int apply_tuples(octx *o, tl_param_id pid, const int32_t *pos, int op,
                        double v, const tl_csv_field *where) {
  const tl_param_def *d = &tl_param_defs[pid];
  int32_t cur[TL_MAXIDX];
  int n[TL_MAXIDX];
  for (int k = 0; k < d->nidx; k++) {
    n[k] = o->m->sets[d->idx[k]].n;
    cur[k] = pos[k] < 0 ? 0 : pos[k];
    if (pos[k] < 0 && n[k] == 0) return 0;
  }
  for (;;) {
    double old = tl_param_get(o->m, pid, cur);
    double nv = op == 0 ? v : op == 1 ? old * v : old + v;
    tl_loc loc = {o->file, where->line, where->col};
    /* replace: tl_param_set keeps the old value on conflict, so write the
     * entry directly when it exists */
    tl_param *p = &o->m->params[pid];
    int done = 0;
    if (p->n) {
      uint64_t key = 0;
      for (int k = 0; k < d->nidx; k++) key += (uint64_t)cur[k] * p->mult[k];
      int e = tl_u64map_get(&p->map, key);
      if (e >= 0) {
        p->val[e] = nv;
        done = 1;
      }
    }
    if (!done && tl_param_set(o->m, pid, cur, nv, &loc, NULL)) {
      oerr(o, where, d->name, NULL, "out of memory");
      return -1;
    }
    int k = d->nidx - 1;
    for (; k >= 0; k--) {
      if (pos[k] >= 0) continue;
      if (++cur[k] < n[k]) break;
      cur[k] = 0;
    }
    if (k < 0) break;
  }
  return 0;
}

/* drop: no capacity, no activity, no lower limits for technology t. */
static int drop_technology(octx *o, int t, const tl_csv_field *where) {
  static const struct {
    tl_param_id p;
    double v;
  } zero[] = {{TL_P_TotalAnnualMaxCapacity, 0},
              {TL_P_TotalAnnualMaxCapacityInvestment, 0},
              {TL_P_ResidualCapacity, 0},
              {TL_P_TotalAnnualMinCapacity, 0},
              {TL_P_TotalAnnualMinCapacityInvestment, 0},
              {TL_P_TotalTechnologyAnnualActivityUpperLimit, 0},
              {TL_P_TotalTechnologyAnnualActivityLowerLimit, 0}};
  for (size_t q = 0; q < sizeof zero / sizeof zero[0]; q++) {
    int32_t pos[TL_MAXIDX] = {-1, t, -1}; /* (R, T, Y) */
    if (apply_tuples(o, zero[q].p, pos, 0, zero[q].v, where)) return -1;
  }
  int32_t pos2[TL_MAXIDX] = {-1, t}; /* (R, T) */
  if (apply_tuples(o, TL_P_TotalTechnologyModelPeriodActivityLowerLimit, pos2, 0, 0, where))
    return -1;
  return 0;
}

/* delay: TRL of year y becomes the old TRL of the year `years` earlier;
 * years whose source lies before the horizon are pre-commercial (at most
 * TRL 8). */
static int delay_technology(octx *o, int t, double years,
                            const tl_csv_field *where) {
  tl_model *m = o->m;
  int Y = m->sets[TL_YEAR].n;
  double *old = tl_malloc((size_t)Y * sizeof *old);
  if (!old) return -1;
  for (int y = 0; y < Y; y++) old[y] = tl_pget2(m, TL_P_TechnologyReadiness, t, y);
  for (int y = 0; y < Y; y++) {
    double src = m->sets[TL_YEAR].num[y] - years, v;
    int s = -1;
    for (int q = 0; q < Y; q++)
      if (m->sets[TL_YEAR].num[q] <= src) s = q;
    v = s < 0 ? fmin(old[0], 8) : old[s];
    int32_t pos[TL_MAXIDX] = {t, y}; /* (T, Y) */
    if (apply_tuples(o, TL_P_TechnologyReadiness, pos, 0, v, where)) {
      tl_free(old, (size_t)Y * sizeof *old);
      return -1;
    }
  }
  tl_free(old, (size_t)Y * sizeof *old);
  return 0;
}

static int one_row(octx *o, tl_csv_field *f, int nf) {
  char act[16] = "", par[128] = "";
  if (nf < 3) {
    oerr(o, &f[0], NULL, NULL, "a change needs action,parameter,index[,value]");
    return 0;
  }
  snprintf(act, sizeof act, "%.*s", (int)(f[0].len < 15 ? f[0].len : 15), f[0].s);
  snprintf(par, sizeof par, "%.*s", (int)(f[1].len < 127 ? f[1].len : 127), f[1].s);
  static const char *const ops[] = {"set", "scale", "shift", "default", "drop", "delay", NULL};
  int op = -1;
  for (int i = 0; ops[i]; i++)
    if (!strcmp(act, ops[i])) op = i;
  if (op < 0) {
    oerr(o, &f[0], par, act, "unknown action: use set, scale, shift, default, drop or delay");
    return 0;
  }
  if (op == 4) { /* drop */
    if (strcmp(par, "TECHNOLOGY")) {
      oerr(o, &f[1], par, NULL, "drop applies to TECHNOLOGY");
      return 0;
    }
    int t = tl_set_index(&o->m->sets[TL_TECHNOLOGY], f[2].s, f[2].len);
    if (t < 0) {
      char v[200];
      snprintf(v, sizeof v, "%.*s", (int)(f[2].len < 190 ? f[2].len : 190), f[2].s);
      oerr(o, &f[2], par, v, "unknown TECHNOLOGY member");
      return 0;
    }
    return drop_technology(o, t, &f[2]);
  }
  int pid = tl_param_find(par, strlen(par));
  if (pid < 0) {
    const char *hint = tl_param_suggest(par);
    char msg[300];
    snprintf(msg, sizeof msg, "unknown parameter%s%s%s", hint ? " (did you mean '" : "",
             hint ? hint : "", hint ? "'?)" : "");
    oerr(o, &f[1], par, NULL, msg);
    return 0;
  }
  const tl_param_def *d = &tl_param_defs[pid];
  if (nf < 4) {
    oerr(o, &f[2], par, NULL, "missing value");
    return 0;
  }
  double v = 0;
  char vtext[200];
  snprintf(vtext, sizeof vtext, "%.*s", (int)(f[3].len < 190 ? f[3].len : 190), f[3].s);
  if ((d->flags & TL_PF_SYMBOLIC) && op == 0) {
    if (f[3].len > TL_DAT_MAX_NAME) { /* as a data file would refuse it */
      oerr(o, &f[3], par, vtext, "text value too long (at most 255 bytes)");
      return 0;
    }
    int i = tl_model_intern(o->m, f[3].s, f[3].len);
    if (i < 0) return -1;
    v = i;
  } else {
    int rc = tl_parse_double(f[3].s, f[3].len, &v);
    if (rc) {
      oerr(o, &f[3], par, vtext, rc == -2 ? "not a finite number" : "not a number");
      return 0;
    }
  }
  if (op == 5) { /* delay */
    if (pid != TL_P_TechnologyReadiness) {
      oerr(o, &f[1], par, NULL, "delay applies to TechnologyReadiness");
      return 0;
    }
    int t = tl_set_index(&o->m->sets[TL_TECHNOLOGY], f[2].s, f[2].len);
    if (t < 0) {
      oerr(o, &f[2], par, NULL, "unknown TECHNOLOGY member");
      return 0;
    }
    return delay_technology(o, t, v, &f[3]);
  }
  if (op == 3) { /* default */
    o->m->params[pid].defval = v;
    o->m->params[pid].has_defval = 1;
    o->m->params[pid].given = 1;
    return 0;
  }
  int32_t pos[TL_MAXIDX];
  if (parse_index(o, &f[2], d, par, pos) < 0) return 0;
  return apply_tuples(o, (tl_param_id)pid, pos, op, v, &f[3]);
}

/* Apply the overlay text[0..len) (text[len] == '\0'; parsed in place).
 * path names it in diagnostics. */
static tl_status apply_text(tl_ctx *ctx, tl_model *m, const char *path,
                            char *text, size_t len) {
  if (len && memchr(text, '\0', len)) {
    tl_loc loc = {path, 0, 0};
    tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "binary data in a scenario file");
    return TL_ERR_PARSE;
  }
  int fi = tl_model_add_file(m, path);
  octx o = {ctx, m, fi >= 0 ? m->files[fi] : path, 0};
  int bl, bc;
  size_t bad = tl_csv_check_utf8(text, len, &bl, &bc);
  if (bad < len) { /* names and texts must be UTF-8, as in the models */
    char byte[8];
    tl_loc loc = {o.file, bl, bc};
    snprintf(byte, sizeof byte, "\\x%02X", (unsigned)(unsigned char)text[bad]);
    tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, byte,
             "invalid UTF-8 byte (the file is not UTF-8 text)");
    return TL_ERR_PARSE;
  }
  tl_csv_cur c;
  tl_csv_init(&c, text, len);
  tl_csv_field f[8];
  int nf = tl_csv_header(&c, f, 8);
  int rc = 0;
  if (nf < 0 && nf != -1) {
    tl_loc loc = {o.file, c.eline, c.ecol};
    tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "%s", c.err);
    o.errors++;
  } else if (nf > 0 && !(nf >= 3 && tl_csv_field_is(&f[0], "action") &&
                         tl_csv_field_is(&f[1], "parameter") && tl_csv_field_is(&f[2], "index"))) {
    oerr(&o, &f[0], NULL, NULL, "the header must be action,parameter,index,value");
  } else {
    while ((nf = tl_csv_row(&c, f, 8)) != -1) {
      if (nf == -2) {
        tl_loc loc = {o.file, c.eline, c.ecol};
        tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "%s", c.err);
        o.errors++;
        break;
      }
      if (nf == 0 || (f[0].len && f[0].s[0] == '#')) continue;
      if (one_row(&o, f, nf)) {
        rc = -1;
        break;
      }
    }
  }
  if (rc) return TL_ERR_NOMEM;
  return o.errors ? TL_ERR_PARSE : TL_OK;
}

tl_status tl_model_apply_overlay(tl_ctx *ctx, tl_model *m, const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path, "cannot open scenario: %s",
             strerror(errno));
    return TL_ERR_IO;
  }
  tl_buf b;
  tl_buf_init(&b);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
    if (tl_buf_add(&b, chunk, n)) break;
  int rerr = ferror(fp);
  fclose(fp);
  if (b.oom) {
    tl_buf_free(&b);
    return TL_ERR_NOMEM;
  }
  if (rerr) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path, "cannot read scenario");
    tl_buf_free(&b);
    return TL_ERR_IO;
  }
  tl_status st = apply_text(ctx, m, path, b.s ? b.s : (char *)"", b.len);
  tl_buf_free(&b);
  return st;
}

tl_status tl_model_apply_overlay_buf(tl_ctx *ctx, tl_model *m, const char *name,
                                     const char *data, size_t len) {
  if (!m || !name || (!data && len)) return TL_ERR_ARG;
  char *copy = tl_malloc(len + 1);
  if (!copy) return TL_ERR_NOMEM;
  if (len) memcpy(copy, data, len);
  copy[len] = '\0';
  tl_status st = apply_text(ctx, m, name, copy, len);
  tl_free(copy, len + 1);
  return st;
}
