/* write_model.c - writers of a model as an otoole CSV folder (with its
 * config.yaml) and as a GNU MathProg data file. Each file is written under a
 * temporary name in its folder and renamed when complete, so a file is
 * either whole or absent (a folder as a whole is not atomic).
 *
 * Both forms read back to the same parameter values at every index:
 * - the default in force is written (the data file's `default`, the
 *   config.yaml `default:`);
 * - DiscountRateIdv without a declared default defaults to DiscountRate[r].
 *   Data file: the reference model declares that default and glpsol
 *   rejects another one from the data, so DiscountRateIdv never gets a
 *   `default`: with a declared default every REGION x TECHNOLOGY value is
 *   written, without one its entries (none: left out).
 *   CSV folder: config.yaml cannot say "DiscountRate[r]": with a declared
 *   default it is written as such; without one but with entries every
 *   REGION x TECHNOLOGY row is written (as otoole users do) and the config
 *   default is DiscountRate's; with neither, file and config entry are left
 *   out and the reader keeps DiscountRate[r];
 * - symbolic parameters (TL_PF_SYMBOLIC) and those where an absent row
 *   means "no constraint" (TL_PF_ENTRIES) get a default (data file
 *   `default`, config.yaml entry) only when the input declared one; text
 *   values are quoted like names (config.yaml: a YAML double-quoted string);
 * - roadmap extensions (TL_PF_ROADMAP) are written only when the model
 *   mentions them, so a plain OSeMOSYS model stays readable by otoole and by
 *   glpsol with the reference osemosys.txt;
 * - numbers are written in shortest round-trip form (tl_fmt_num);
 * - CSV: names that are empty, have blanks at either end, or hold a comma,
 *   quote or line break are quoted ("" escapes);
 * - data file: a name is written bare when it is an identifier that is not
 *   a MathProg keyword, or a canonical non-negative integer (MathProg turns
 *   "2020.0" into the symbol 2020); anything else is quoted ('' escapes).
 *   A name with a line break cannot be written: TL_ERR_INVALID.
 * - CSV folder: a parameter the model does not mention gets no file, unless
 *   the folder already has one, which is then replaced by a header-only file
 *   (so that the folder reads back as this model). _REGION.csv repeats
 *   REGION for otoole.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/csv.h"
#include "model/model.h"

#define WR_POLL 65536 /* rows between interrupt polls */

/* ---- atomic output files ------------------------------------------------ */

typedef struct out_file {
  FILE *f;
  tl_buf tmp;       /* temporary name, next to path */
  const char *path; /* final name (borrowed) */
} out_file;

static tl_status io_error(tl_ctx *ctx, const char *path, const char *what,
                          int err) {
  tl_loc loc = {path, 0, 0};
  tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "%s: %s", what,
           strerror(err));
  return TL_ERR_IO;
}

static tl_status nomem(tl_ctx *ctx) {
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL, "out of memory");
  return TL_ERR_NOMEM;
}

/* Create ".<name>.tmp<pid>-<i>" next to path and open it for writing. */
static tl_status out_open(tl_ctx *ctx, out_file *o, const char *path) {
  const char *slash = strrchr(path, '/');
  size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
  o->f = NULL;
  o->path = path;
  tl_buf_init(&o->tmp);
  for (int i = 0; i < 1000; i++) {
    tl_buf_reset(&o->tmp);
    tl_buf_add(&o->tmp, path, dl);
    tl_buf_printf(&o->tmp, ".%s.tmp%ld-%d", path + dl, (long)getpid(), i);
    if (o->tmp.oom) {
      tl_buf_free(&o->tmp);
      return nomem(ctx);
    }
    int fd = open(o->tmp.s, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) break;
    o->f = fdopen(fd, "w");
    if (o->f) return TL_OK;
    int err = errno;
    close(fd);
    unlink(o->tmp.s);
    tl_buf_free(&o->tmp);
    return io_error(ctx, path, "cannot write", err);
  }
  int err = errno;
  tl_buf_free(&o->tmp);
  return io_error(ctx, path, "cannot create a temporary file for", err);
}

/* Drop a file being written (accepts a file never opened). */
static void out_abort(out_file *o) {
  if (o->f) fclose(o->f);
  o->f = NULL;
  if (o->tmp.s) unlink(o->tmp.s);
  tl_buf_free(&o->tmp);
}

/* Flush, sync and rename into place. */
static tl_status out_commit(tl_ctx *ctx, out_file *o) {
  int err = 0;
  errno = 0;
  if (ferror(o->f) || fflush(o->f) || fsync(fileno(o->f)))
    err = errno ? errno : EIO;
  if (fclose(o->f) && !err) err = errno ? errno : EIO;
  o->f = NULL;
  if (!err && rename(o->tmp.s, o->path)) err = errno;
  if (err) {
    out_abort(o);
    return io_error(ctx, o->path, "cannot write", err);
  }
  tl_buf_free(&o->tmp);
  return TL_OK;
}

/* "dir/name" in b. */
static const char *join_path(tl_buf *b, const char *dir, const char *name) {
  size_t n = strlen(dir);
  tl_buf_reset(b);
  tl_buf_adds(b, dir);
  if (n && dir[n - 1] != '/') tl_buf_addc(b, '/');
  tl_buf_adds(b, name);
  return b->oom ? NULL : b->s;
}

/* mkdir -p. */
static tl_status make_dirs(tl_ctx *ctx, const char *dir) {
  struct stat sb;
  char *p = tl_strdup(dir);
  tl_status st = TL_OK;
  if (!p) return nomem(ctx);
  for (char *q = p + 1; *q && st == TL_OK; q++) {
    if (*q != '/') continue;
    *q = '\0';
    if (mkdir(p, 0777) && errno != EEXIST)
      st = io_error(ctx, p, "cannot create folder", errno);
    *q = '/';
  }
  if (st == TL_OK && mkdir(p, 0777) && errno != EEXIST)
    st = io_error(ctx, dir, "cannot create folder", errno);
  if (st == TL_OK && (stat(dir, &sb) || !S_ISDIR(sb.st_mode)))
    st = io_error(ctx, dir, "not a folder", errno ? errno : ENOTDIR);
  tl_strfree(p);
  return st;
}

static int polled(long row) { return row % WR_POLL == 0 && tl_interrupted(); }

/* ---- CSV folder --------------------------------------------------------- */

static void csv_put(FILE *f, const char *s) {
  if (!tl_csv_needs_quotes(s)) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; s++) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

static void put_num(FILE *f, double v) {
  char b[32];
  tl_fmt_num(b, v);
  fputs(b, f);
}

/* Parameters whose absent rows mean "no value" or "no constraint": their
 * default is written only when the input declared one. */
static int default_optional(const tl_param *p) {
  return (p->def->flags & (TL_PF_SYMBOLIC | TL_PF_ENTRIES)) != 0;
}

static int mentioned(const tl_param *p) {
  return p->given || p->has_defval || p->n > 0;
}

/* Roadmap extensions are written only when the model has them, so that a
 * plain OSeMOSYS model stays readable by otoole and glpsol. */
static int skipped(const tl_param *p) {
  return (p->def->flags & TL_PF_ROADMAP) && !mentioned(p);
}

static void csv_put_value(FILE *f, const tl_model *m, const tl_param *p,
                          double v) {
  if (p->def->flags & TL_PF_SYMBOLIC) {
    const char *t = tl_model_string(m, v);
    if (t) csv_put(f, t);
  } else {
    put_num(f, v);
  }
}

/* Index column names of a parameter: a set repeated gets a '_' prefix. */
static void put_index_names(FILE *f, const tl_param_def *d, const char *sep) {
  for (int k = 0; k < d->nidx; k++) {
    int again = 0;
    for (int j = 0; j < k; j++) again |= d->idx[j] == d->idx[k];
    if (k) fputs(sep, f);
    if (again) fputc('_', f);
    fputs(tl_set_names[d->idx[k]], f);
  }
}

static tl_status write_set_csv(tl_ctx *ctx, const tl_set *s, const char *path) {
  out_file o;
  tl_status st = out_open(ctx, &o, path);
  if (st) return st;
  fputs("VALUE\n", o.f);
  for (int i = 0; i < s->n; i++) {
    csv_put(o.f, s->name[i]);
    fputc('\n', o.f);
  }
  return out_commit(ctx, &o);
}

/* DiscountRateIdv with entries but no declared default: every row. */
static int idv_full(const tl_model *m) {
  const tl_param *p = &m->params[TL_P_DiscountRateIdv];
  return !p->has_defval && p->n > 0;
}

/* Write a parameter file: its entries (rows = 1), or the header only. */
static tl_status write_param_csv(tl_ctx *ctx, const tl_model *m,
                                 tl_param_id pid, const char *path, int rows) {
  const tl_param *p = &m->params[pid];
  const tl_param_def *d = p->def;
  out_file o;
  tl_status st = out_open(ctx, &o, path);
  if (st) return st;
  put_index_names(o.f, d, ",");
  fputs(",VALUE\n", o.f);
  if (rows && pid == TL_P_DiscountRateIdv && idv_full(m)) {
    const tl_set *rs = &m->sets[TL_REGION], *ts = &m->sets[TL_TECHNOLOGY];
    for (int r = 0; r < rs->n; r++)
      for (int t = 0; t < ts->n; t++) {
        csv_put(o.f, rs->name[r]);
        fputc(',', o.f);
        csv_put(o.f, ts->name[t]);
        fputc(',', o.f);
        put_num(o.f, tl_pget2(m, pid, r, t));
        fputc('\n', o.f);
      }
  } else if (rows) {
    for (int e = 0; e < p->n; e++) {
      const int32_t *ix = p->idx + (size_t)e * (size_t)d->nidx;
      if (polled(e + 1)) {
        out_abort(&o);
        tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL, "interrupted");
        return TL_ERR_INTERRUPTED;
      }
      for (int k = 0; k < d->nidx; k++) {
        csv_put(o.f, m->sets[d->idx[k]].name[ix[k]]);
        fputc(',', o.f);
      }
      csv_put_value(o.f, m, p, p->val[e]);
      fputc('\n', o.f);
    }
  }
  return out_commit(ctx, &o);
}

/* A number as YAML 1.1 reads it as a float: "1e+20" -> "1.0e+20". */
static void put_yaml_num(FILE *f, double v) {
  char b[32];
  tl_fmt_num(b, v);
  char *e = strchr(b, 'e');
  if (e && !strchr(b, '.')) {
    fwrite(b, 1, (size_t)(e - b), f);
    fputs(".0", f);
    fputs(e, f);
  } else {
    fputs(b, f);
  }
}

/* A text as a YAML double-quoted scalar. */
static void put_yaml_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(f, "\\%c", c);
    else if (c == '\n')
      fputs("\\n", f);
    else if (c < 0x20 || c == 0x7f)
      fprintf(f, "\\x%02X", c);
    else
      fputc(c, f);
  }
  fputc('"', f);
}

/* An entry of config.yaml: a set (id < 0: -1 - set id; _REGION is
 * TL_NSETS) or a parameter (id >= 0). */
typedef struct cfg_entry {
  const char *name;
  int id;
} cfg_entry;

static int cmp_entry(const void *a, const void *b) {
  const cfg_entry *x = a, *y = b;
  int c = strcasecmp(x->name, y->name);
  return c ? c : strcmp(x->name, y->name);
}

/* Nonzero for a canonical integer: -?(0|[1-9][0-9]{0,8}). */
static int is_plain_int(const char *s) {
  if (*s == '-') s++;
  size_t n = strlen(s);
  if (n == 0 || n > 9 || (s[0] == '0' && n > 1)) return 0;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return 1;
}

/* "int" when every member is a plain integer (and, when empty, for the
 * sets otoole declares int). */
static const char *set_dtype(const tl_model *m, int sid) {
  const tl_set *s = &m->sets[sid];
  if (s->n == 0)
    return sid == TL_YEAR || sid == TL_MODE_OF_OPERATION || sid == TL_SEASON ||
                   sid == TL_DAYTYPE || sid == TL_DAILYTIMEBRACKET
               ? "int"
               : "str";
  for (int i = 0; i < s->n; i++)
    if (!is_plain_int(s->name[i])) return "str";
  return "int";
}

static tl_status write_config(tl_ctx *ctx, const tl_model *m,
                              const char *path) {
  cfg_entry ent[TL_NPARAMS + TL_NSETS + 1];
  int n = 0;
  out_file o;
  for (int p = 0; p < TL_NPARAMS; p++) {
    const tl_param *pr = &m->params[p];
    if (p == TL_P_DiscountRateIdv && !pr->has_defval && !idv_full(m)) continue;
    if (skipped(pr) || (default_optional(pr) && !pr->has_defval)) continue;
    ent[n].name = tl_param_defs[p].name;
    ent[n++].id = p;
  }
  for (int s = 0; s < TL_NSETS; s++) {
    ent[n].name = tl_set_names[s];
    ent[n++].id = -1 - s;
  }
  ent[n].name = "_REGION";
  ent[n++].id = -1 - TL_NSETS;
  qsort(ent, (size_t)n, sizeof *ent, cmp_entry);
  tl_status st = out_open(ctx, &o, path);
  if (st) return st;
  fputs("# otoole user configuration written by Tanlu " TANLU_VERSION
        "\n# default: the default in force for each parameter\n",
        o.f);
  for (int i = 0; i < n; i++) {
    fprintf(o.f, "%s:\n", ent[i].name);
    if (ent[i].id < 0) {
      int sid = -1 - ent[i].id;
      fprintf(o.f, "    dtype: %s\n    type: set\n",
              set_dtype(m, sid == TL_NSETS ? TL_REGION : sid));
      continue;
    }
    const tl_param *p = &m->params[ent[i].id];
    double def = p->defval;
    if (ent[i].id == TL_P_DiscountRateIdv && !p->has_defval)
      def = m->params[TL_P_DiscountRate].defval;
    int sym = (p->def->flags & TL_PF_SYMBOLIC) != 0;
    const char *text = sym ? tl_model_string(m, def) : NULL;
    fputs("    indices: [", o.f);
    put_index_names(o.f, p->def, ",");
    fprintf(o.f, "]\n    type: param\n    dtype: %s\n    default: ",
            sym ? "str" : "float");
    if (sym)
      put_yaml_str(o.f, text ? text : "");
    else
      put_yaml_num(o.f, def);
    fputc('\n', o.f);
  }
  return out_commit(ctx, &o);
}

tl_status tl_model_write_csv(tl_ctx *ctx, const tl_model *m, const char *dir) {
  tl_buf path;
  char name[80];
  struct stat sb;
  if (!m || !dir || !*dir) return TL_ERR_ARG;
  tl_buf_init(&path);
  tl_status st = make_dirs(ctx, dir);
  for (int s = 0; s <= TL_NSETS && st == TL_OK; s++) {
    int sid = s == TL_NSETS ? TL_REGION : s;
    snprintf(name, sizeof name, "%s%s.csv", s == TL_NSETS ? "_" : "",
             tl_set_names[sid]);
    if (!join_path(&path, dir, name)) st = nomem(ctx);
    if (st == TL_OK) st = write_set_csv(ctx, &m->sets[sid], path.s);
  }
  for (int p = 0; p < TL_NPARAMS && st == TL_OK; p++) {
    const tl_param *pr = &m->params[p];
    int rows = mentioned(pr);
    if (p == TL_P_DiscountRateIdv && !pr->has_defval && !idv_full(m)) rows = 0;
    snprintf(name, sizeof name, "%s.csv", tl_param_defs[p].name);
    if (!join_path(&path, dir, name)) {
      st = nomem(ctx);
      break;
    }
    if (rows || stat(path.s, &sb) == 0)
      st = write_param_csv(ctx, m, (tl_param_id)p, path.s, rows);
  }
  if (st == TL_OK && !join_path(&path, dir, "config.yaml")) st = nomem(ctx);
  if (st == TL_OK) st = write_config(ctx, m, path.s);
  tl_buf_free(&path);
  return st;
}

/* ---- GNU MathProg data file --------------------------------------------- */

static const char *const gmpl_words[] = {
    "and",   "by",        "check",    "cross",    "data",     "default",
    "diff",  "dimension", "display",  "div",      "else",     "end",
    "for",   "if",        "in",       "Infinity", "infinity", "integer",
    "inter", "less",      "logical",  "maximize", "minimize", "mod",
    "not",   "or",        "param",    "printf",   "set",      "solve",
    "subj",  "subject",   "symbolic", "symdiff",  "table",    "then",
    "tr",    "union",     "var",      "within",   "binary",   NULL};

/* Nonzero when s can be written bare in a MathProg data section. */
static int gmpl_bare(const char *s) {
  size_t n = strlen(s);
  if (n == 0) return 0;
  if (s[0] >= '0' && s[0] <= '9') {
    if (n > 15 || (s[0] == '0' && n > 1)) return 0;
    for (size_t i = 0; i < n; i++)
      if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
  }
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' ||
          (i && c >= '0' && c <= '9')))
      return 0;
  }
  for (int i = 0; gmpl_words[i]; i++)
    if (!strcmp(gmpl_words[i], s)) return 0;
  return 1;
}

static void gmpl_put(FILE *f, const char *s) {
  if (gmpl_bare(s)) {
    fputs(s, f);
    return;
  }
  fputc('\'', f);
  for (; *s; s++) {
    if (*s == '\'') fputc('\'', f);
    fputc(*s, f);
  }
  fputc('\'', f);
}

/* A line break or another control character (a tab is fine): the data
 * file reader takes none of them, not even quoted. */
static int has_control(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 && *s != '\t') return 1;
  return 0;
}

/* Names MathProg cannot hold: a control character (error) or over 100
 * bytes (glpsol's limit; warning). Returns the number of errors. */
static int check_gmpl_names(tl_ctx *ctx, const tl_model *m) {
  int bad = 0;
  for (int s = 0; s < TL_NSETS; s++)
    for (int i = 0; i < m->sets[s].n; i++) {
      const char *nm = m->sets[s].name[i];
      if (has_control(nm)) {
        tl_diagf(ctx, TL_ERROR, NULL, tl_set_names[s], NULL, nm,
                 "a member name with a line break or another control "
                 "character cannot be written to a GNU MathProg data file");
        bad++;
      } else if (strlen(nm) > 100) {
        tl_diagf(ctx, TL_WARNING, NULL, tl_set_names[s], NULL, nm,
                 "member name longer than 100 bytes: glpsol will reject it");
      }
    }
  for (int i = 0; i < m->strings.n; i++)
    if (has_control(m->strings.name[i])) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, m->strings.name[i],
               "a text value with a line break or another control character "
               "cannot be written to a GNU MathProg data file");
      bad++;
    }
  return bad;
}

/* DiscountRateIdv: the reference model declares `default DiscountRate[r]`
 * and glpsol rejects a second default from the data, so no `default` is
 * written: with a declared default every REGION x TECHNOLOGY value is
 * written, otherwise the entries given (none: the parameter is left out). */
static tl_status write_dat_idv(const tl_model *m, FILE *f) {
  const tl_param *p = &m->params[TL_P_DiscountRateIdv];
  const tl_set *rs = &m->sets[TL_REGION], *ts = &m->sets[TL_TECHNOLOGY];
  if (!p->has_defval && p->n == 0) return TL_OK;
  fprintf(f, "param %s :=\n", p->def->name);
  if (!p->has_defval) {
    for (int e = 0; e < p->n; e++) {
      gmpl_put(f, rs->name[p->idx[2 * e]]);
      fputc(' ', f);
      gmpl_put(f, ts->name[p->idx[2 * e + 1]]);
      fputc(' ', f);
      put_num(f, p->val[e]);
      fputc('\n', f);
    }
  } else {
    for (int r = 0; r < rs->n; r++)
      for (int t = 0; t < ts->n; t++) {
        gmpl_put(f, rs->name[r]);
        fputc(' ', f);
        gmpl_put(f, ts->name[t]);
        fputc(' ', f);
        put_num(f, tl_pget2(m, TL_P_DiscountRateIdv, r, t));
        fputc('\n', f);
      }
  }
  fputs(";\n\n", f);
  return TL_OK;
}

static void dat_put_value(FILE *f, const tl_model *m, const tl_param *p,
                          double v) {
  if (p->def->flags & TL_PF_SYMBOLIC) {
    const char *t = tl_model_string(m, v);
    if (t)
      gmpl_put(f, t);
    else
      fputc('.', f);
  } else {
    put_num(f, v);
  }
}

static tl_status write_dat_param(const tl_model *m, tl_param_id pid, FILE *f) {
  const tl_param *p = &m->params[pid];
  const tl_param_def *d = p->def;
  if (pid == TL_P_DiscountRateIdv) return write_dat_idv(m, f);
  if (skipped(p)) return TL_OK;
  fprintf(f, "param %s", d->name);
  if (p->has_defval || !default_optional(p)) {
    fputs(" default ", f);
    dat_put_value(f, m, p, p->defval);
  }
  fputs(" :=\n", f);
  for (int e = 0; e < p->n; e++) {
    const int32_t *ix = p->idx + (size_t)e * (size_t)d->nidx;
    if (polled(e + 1)) return TL_ERR_INTERRUPTED;
    for (int k = 0; k < d->nidx; k++) {
      gmpl_put(f, m->sets[d->idx[k]].name[ix[k]]);
      fputc(' ', f);
    }
    dat_put_value(f, m, p, p->val[e]);
    fputc('\n', f);
  }
  fputs(";\n\n", f);
  return TL_OK;
}

tl_status tl_model_write_datafile(tl_ctx *ctx, const tl_model *m,
                                  const char *path) {
  out_file o;
  if (!m || !path || !*path) return TL_ERR_ARG;
  if (check_gmpl_names(ctx, m)) return TL_ERR_INVALID;
  tl_status st = out_open(ctx, &o, path);
  if (st) return st;
  fputs("# OSeMOSYS data file (GNU MathProg) written by Tanlu " TANLU_VERSION
        "\n\n",
        o.f);
  for (int s = 0; s < TL_NSETS; s++) {
    const tl_set *set = &m->sets[s];
    fprintf(o.f, "set %s :=", tl_set_names[s]);
    for (int i = 0; i < set->n; i++) {
      fputs(i && i % 16 == 0 ? "\n  " : " ", o.f);
      gmpl_put(o.f, set->name[i]);
    }
    fputs(";\n", o.f);
  }
  fputc('\n', o.f);
  for (int p = 0; p < TL_NPARAMS && st == TL_OK; p++)
    st = write_dat_param(m, (tl_param_id)p, o.f);
  if (st) {
    out_abort(&o);
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL, "interrupted");
    return st;
  }
  fputs("end;\n", o.f);
  return out_commit(ctx, &o);
}
