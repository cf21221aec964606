/* read_csv.c - reader of otoole-style OSeMOSYS CSV folders: each file is
 * read whole and parsed in place with a cursor (no allocation per field);
 * config.yaml is parsed with libyaml. Decisions are listed in read_csv.h. */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/csv.h"
#include "io/read_csv.h"

#define CSV_MAX_ERRORS 100       /* give up after this many errors */
#define CSV_MAXF (TL_MAXIDX + 2) /* fields kept per row: all, and one extra */
#define CSV_POLL 65536           /* rows between interrupt polls */
#define CSV_TEXT_MAX 200         /* bytes of a field quoted in a message */
#define CSV_MAX_NAME 255 /* longest member name or text (as in data files) */

/* ---- reader state and diagnostics --------------------------------------- */

typedef struct csv_reader {
  tl_ctx *ctx;
  tl_model *m;
  tl_status st;    /* first failure; TL_OK so far */
  int nerr;        /* errors reported */
  int stop;        /* nonzero: stop reading (oom, interrupt, too many) */
  const char *dir; /* the folder (borrowed) */
  tl_buf path;     /* scratch: path of a file in the folder */
  tl_buf ibuf;     /* scratch: index text for diagnostics */
  tl_buf vbuf;     /* scratch: offending value for diagnostics */
  tl_buf xbuf;     /* scratch: expected header for diagnostics */
  tl_buf results;  /* names declared `type: result`, each NUL-terminated */
  char **names;    /* [nnames] sorted "*.csv" names in the folder, owned */
  int nnames;
  size_t capnames;
  const tl_csv_memfile *mem; /* [nmem] the folder's files when it is held
                                in memory (tl_read_csv_mem), else NULL */
  int nmem;
} csv_reader;

static void rd_diag(csv_reader *r, tl_severity sev, tl_status st,
                    const char *file, int line, int col, const char *param,
                    const char *index, const char *value, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 10, 11)))
#endif
    ;

static void rd_diag(csv_reader *r, tl_severity sev, tl_status st,
                    const char *file, int line, int col, const char *param,
                    const char *index, const char *value, const char *fmt,
                    ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  tl_loc loc = {file, line, col};
  tl_diagf(r->ctx, sev, &loc, param, index, value, "%s", msg);
  if (sev != TL_ERROR) return;
  if (r->st == TL_OK) r->st = st;
  if (++r->nerr >= CSV_MAX_ERRORS && !r->stop) {
    tl_diagf(r->ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "too many errors in %s; giving up", r->dir);
    r->stop = 1;
  }
}

static void rd_oom(csv_reader *r) {
  if (!r->stop)
    tl_diagf(r->ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "out of memory while reading %s", r->dir);
  r->st = TL_ERR_NOMEM;
  r->stop = 1;
}

/* Append s[0..n) to b for a message: cut at CSV_TEXT_MAX bytes (not inside
 * a UTF-8 sequence) with "..." appended, so that a huge field does not make
 * a huge message. */
static void add_text(tl_buf *b, const char *s, size_t n) {
  if (n <= CSV_TEXT_MAX) {
    tl_buf_add(b, s, n);
    return;
  }
  size_t k = CSV_TEXT_MAX;
  while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
  tl_buf_add(b, s, k);
  tl_buf_adds(b, "...");
}

/* NUL-terminated copy of s[0..n) in b (for diagnostics), cut as above. */
static const char *rd_text(tl_buf *b, const char *s, size_t n) {
  tl_buf_reset(b);
  add_text(b, s, n);
  return tl_buf_cstr(b);
}

/* Path of name in the folder, in r->path; NULL when out of memory. */
static const char *rd_path(csv_reader *r, const char *name) {
  size_t n = strlen(r->dir);
  tl_buf_reset(&r->path);
  tl_buf_adds(&r->path, r->dir);
  if (n && r->dir[n - 1] != '/') tl_buf_addc(&r->path, '/');
  tl_buf_adds(&r->path, name);
  if (r->path.oom) {
    rd_oom(r);
    return NULL;
  }
  return r->path.s;
}

/* ---- whole-file buffers ------------------------------------------------- */

typedef struct csv_text {
  char *buf;  /* [cap] file bytes, then a NUL */
  size_t len; /* bytes read */
  size_t cap; /* bytes allocated */
} csv_text;

static void text_free(csv_text *t) {
  tl_free(t->buf, t->cap);
  memset(t, 0, sizeof *t);
}

/* The in-memory file named by the last component of path, or NULL. */
static const tl_csv_memfile *mem_find(const csv_reader *r, const char *path) {
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  for (int i = 0; i < r->nmem; i++)
    if (r->mem[i].name && strcmp(r->mem[i].name, name) == 0) return &r->mem[i];
  return NULL;
}

/* load_file for a folder held in memory: a copy (the parse writes into
 * it). */
static int load_mem(csv_reader *r, const char *path, csv_text *t) {
  const tl_csv_memfile *f = mem_find(r, path);
  if (!f || (!f->data && f->len)) {
    rd_diag(r, TL_ERROR, TL_ERR_IO, path, 0, 0, NULL, NULL, NULL,
            "cannot read: no such file");
    return -1;
  }
  if (f->len >= SIZE_MAX / 2) {
    rd_diag(r, TL_ERROR, TL_ERR_LIMIT, path, 0, 0, NULL, NULL, NULL,
            "file too large");
    return -1;
  }
  t->cap = f->len + 1;
  t->buf = tl_malloc(t->cap);
  if (!t->buf) {
    t->cap = 0;
    rd_oom(r);
    return -1;
  }
  if (f->len) memcpy(t->buf, f->data, f->len);
  t->len = f->len;
  t->buf[t->len] = '\0';
  return 0;
}

/* Read the file at path whole into t. Returns 0, or -1 after reporting. */
static int load_file(csv_reader *r, const char *path, csv_text *t) {
  struct stat sb;
  memset(t, 0, sizeof *t);
  if (r->mem) return load_mem(r, path, t);
  /* O_NONBLOCK: opening a named pipe without a writer would wait forever;
   * it is refused below like any file that is not regular. */
  int fd = open(path, O_RDONLY | O_NONBLOCK);
  if (fd < 0) goto io_fail;
  if (fstat(fd, &sb)) goto io_fail;
  if (!S_ISREG(sb.st_mode)) {
    rd_diag(r, TL_ERROR, TL_ERR_IO, path, 0, 0, NULL, NULL, NULL,
            "not a regular file");
    goto fail;
  }
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) goto io_fail;
  if ((unsigned long long)sb.st_size >= (unsigned long long)SIZE_MAX / 2) {
    rd_diag(r, TL_ERROR, TL_ERR_LIMIT, path, 0, 0, NULL, NULL, NULL,
            "file too large");
    goto fail;
  }
  t->cap = (size_t)sb.st_size + 1;
  t->buf = tl_malloc(t->cap);
  if (!t->buf) {
    t->cap = 0;
    rd_oom(r);
    goto fail;
  }
  while (t->len < t->cap - 1) {
    ssize_t got = read(fd, t->buf + t->len, t->cap - 1 - t->len);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) goto io_fail;
    if (got == 0) break; /* the file shrank meanwhile: take what is there */
    t->len += (size_t)got;
  }
  t->buf[t->len] = '\0';
  close(fd);
  return 0;
io_fail:
  rd_diag(r, TL_ERROR, TL_ERR_IO, path, 0, 0, NULL, NULL, NULL,
          "cannot read: %s", strerror(errno));
fail:
  if (fd >= 0) close(fd);
  text_free(t);
  return -1;
}

/* ---- CSV helpers -------------------------------------------------------- */

/* The header fields joined by commas, in b: n fields, of which f holds
 * the first cap. */
static const char *header_text(tl_buf *b, const tl_csv_field *f, int n,
                               int cap) {
  tl_buf_reset(b);
  for (int j = 0; j < n && j < cap; j++) {
    if (j) tl_buf_addc(b, ',');
    add_text(b, f[j].s, f[j].len);
  }
  if (n > cap) tl_buf_adds(b, ",...");
  return tl_buf_cstr(b);
}

/* Register the file (its index in *fi when fi is not NULL) and check it
 * has no NUL byte and is UTF-8 text (as the data file reader demands: a
 * name that is not UTF-8 would not survive a conversion). what names the
 * set or parameter in messages. Returns the stored name, or NULL after
 * reporting. */
static const char *open_text(csv_reader *r, const char *path, csv_text *t,
                             tl_csv_cur *c, int *fi_out, const char *what) {
  int fi = tl_model_add_file(r->m, path);
  if (fi < 0) {
    rd_oom(r);
    return NULL;
  }
  if (fi_out) *fi_out = fi;
  const char *file = r->m->files[fi];
  tl_csv_init(c, t->buf, t->len);
  const char *nul = memchr(t->buf, '\0', t->len);
  if (nul) {
    int line = 1;
    const char *ls = t->buf;
    for (const char *q = t->buf; q < nul; q++)
      if (*q == '\n') line++, ls = q + 1;
    rd_diag(r, TL_ERROR, TL_ERR_PARSE, file, line, (int)(nul - ls) + 1, NULL,
            NULL, NULL, "NUL byte in a text file");
    return NULL;
  }
  int line, col;
  size_t bad = tl_csv_check_utf8(t->buf, t->len, &line, &col);
  if (bad < t->len) {
    char byte[8];
    snprintf(byte, sizeof byte, "\\x%02X", (unsigned)(unsigned char)t->buf[bad]);
    rd_diag(r, TL_ERROR, TL_ERR_PARSE, file, line, col, what, NULL, byte,
            "invalid UTF-8 byte (the file is not UTF-8 text)");
    return NULL;
  }
  return file;
}

static void syntax_error(csv_reader *r, const char *file, const tl_csv_cur *c,
                         const char *what) {
  rd_diag(r, TL_ERROR, TL_ERR_PARSE, file, c->eline, c->ecol, what, NULL, NULL,
          "%s", c->err);
}

/* ---- numbers and members ------------------------------------------------ */

static const double csv_pow10[16] = {1e0,  1e1,  1e2,  1e3, 1e4,  1e5,
                                     1e6,  1e7,  1e8,  1e9, 1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15};

/* Parse a value. Plain decimals of at most 15 digits are exact in one
 * division (both operands are exact doubles, IEEE rounds once: Clinger's
 * fast path); anything else goes through tl_parse_double. Returns as
 * tl_parse_double. */
static int parse_value(const char *s, size_t len, double *out) {
  size_t i = 0;
  int neg = 0, nd = 0, frac = -1;
  uint64_t mant = 0;
  if (len && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    i = 1;
  }
  for (; i < len; i++) {
    unsigned d = (unsigned)(unsigned char)s[i] - '0';
    if (d < 10) {
      if (++nd > 15) return tl_parse_double(s, len, out);
      mant = mant * 10 + d;
      if (frac >= 0) frac++;
    } else if (s[i] == '.' && frac < 0) {
      frac = 0;
    } else {
      return tl_parse_double(s, len, out);
    }
  }
  if (nd == 0) return tl_parse_double(s, len, out);
  double v = (double)mant;
  if (frac > 0) v /= csv_pow10[frac];
  *out = neg ? -v : v;
  return 0;
}

static const char *number_problem(int rc) {
  return rc == -2   ? "NaN or infinite value"
         : rc == -3 ? "number out of range"
                    : "not a number";
}

/* Member position of s[0..len) in set, by name, else by equal number
 * (*numeric set to 1 then). -1 when absent. */
static int member_lookup(const tl_set *set, const char *s, size_t len,
                         int *numeric) {
  int i = tl_set_index(set, s, len);
  if (i >= 0) return i;
  double v;
  if (tl_parse_double(s, len, &v)) return -1;
  for (int j = 0; j < set->n; j++)
    if (set->num[j] == v) {
      *numeric = 1;
      return j;
    }
  return -1;
}

/* Closest member name (for "did you mean"), or NULL. */
static const char *closest_member(const tl_set *set, const char *name) {
  const char *best = NULL;
  int bestd = (int)strlen(name) / 3 + 2;
  if (set->n > 10000) return NULL;
  for (int j = 0; j < set->n; j++) {
    int d = tl_edit_distance(name, set->name[j], bestd);
    if (d < bestd) {
      bestd = d;
      best = set->name[j];
    }
  }
  return best;
}

/* ---- set files ---------------------------------------------------------- */

/* Read a set file into set. Members are added in file order. */
static void read_set_file(csv_reader *r, tl_set_id sid, const char *path) {
  tl_set *set = &r->m->sets[sid];
  const char *sname = tl_set_names[sid];
  csv_text t;
  tl_csv_cur c;
  tl_csv_field f[2];
  if (load_file(r, path, &t)) return;
  const char *file = open_text(r, path, &t, &c, NULL, sname);
  if (!file) goto done;
  int n = tl_csv_header(&c, f, 2);
  set->defined = 1;
  set->loc.file = file;
  set->loc.line = 1;
  set->loc.col = 1;
  if (n == -1) {
    rd_diag(r, TL_WARNING, TL_OK, file, 1, 1, sname, NULL, NULL,
            "empty file (no VALUE header); the set is empty");
    goto done;
  }
  if (n == -2) {
    syntax_error(r, file, &c, sname);
    goto done;
  }
  if (n != 1 || !tl_csv_field_is(&f[0], "VALUE")) {
    rd_diag(r, TL_ERROR, TL_ERR_INVALID, file, f[0].line, 1, sname, NULL,
            header_text(&r->vbuf, f, n, 2),
            "a set file has one column, VALUE; found header '%s'",
            header_text(&r->ibuf, f, n, 2));
    goto done;
  }
  set->loc.line = f[0].line;
  while (!r->stop && (n = tl_csv_row(&c, f, 2)) != -1) {
    if (n == 0) continue;
    if (n == -2) {
      syntax_error(r, file, &c, sname);
      break;
    }
    if (n != 1) {
      rd_diag(r, TL_ERROR, TL_ERR_PARSE, file, f[1].line, f[1].col, sname, NULL,
              rd_text(&r->vbuf, f[1].s, f[1].len),
              "a set file has one column (VALUE); found %d fields", n);
      continue;
    }
    if (f[0].len == 0) {
      rd_diag(r, TL_ERROR, TL_ERR_PARSE, file, f[0].line, f[0].col, sname, NULL,
              "", "empty member name");
      continue;
    }
    if (f[0].len > CSV_MAX_NAME) {
      rd_diag(r, TL_ERROR, TL_ERR_PARSE, file, f[0].line, f[0].col, sname, NULL,
              rd_text(&r->vbuf, f[0].s, f[0].len),
              "member name of set %s is %zu bytes long (at most %d)", sname,
              f[0].len, CSV_MAX_NAME);
      continue;
    }
    int rc = tl_set_add(set, f[0].s, f[0].len);
    if (rc == -3)
      rd_diag(r, TL_WARNING, TL_OK, file, f[0].line, f[0].col, sname, NULL,
              rd_text(&r->vbuf, f[0].s, f[0].len),
              "duplicate %s member ignored", sname);
    else if (rc < 0)
      rd_oom(r);
  }
done:
  text_free(&t);
}

/* Check an otoole alias set file (_REGION.csv) against its set: the
 * formulation indexes both positions with the one set, so a difference is
 * only worth a warning. */
static void read_alias_file(csv_reader *r, tl_set_id sid, const char *path) {
  const tl_set *set = &r->m->sets[sid];
  const char *sname = tl_set_names[sid];
  char *seen = NULL;
  size_t nseen = (size_t)set->n + 1;
  csv_text t;
  tl_csv_cur c;
  tl_csv_field f[2];
  if (load_file(r, path, &t)) return;
  const char *file = open_text(r, path, &t, &c, NULL, sname);
  if (!file) goto done;
  seen = tl_calloc(nseen, 1);
  if (!seen) {
    rd_oom(r);
    goto done;
  }
  int n = tl_csv_header(&c, f, 2), count = 0;
  if (n == -1) goto done;
  if (n == -2) {
    syntax_error(r, file, &c, sname);
    goto done;
  }
  if (n != 1 || !tl_csv_field_is(&f[0], "VALUE")) {
    rd_diag(r, TL_ERROR, TL_ERR_INVALID, file, f[0].line, 1, NULL, NULL,
            header_text(&r->vbuf, f, n, 2),
            "a set file has one column, VALUE; found header '%s'",
            header_text(&r->ibuf, f, n, 2));
    goto done;
  }
  while (!r->stop && (n = tl_csv_row(&c, f, 2)) != -1) {
    if (n == 0) continue;
    if (n == -2) {
      syntax_error(r, file, &c, NULL);
      break;
    }
    if (n != 1) {
      rd_diag(r, TL_ERROR, TL_ERR_PARSE, file, f[1].line, f[1].col, NULL, NULL,
              rd_text(&r->vbuf, f[1].s, f[1].len),
              "a set file has one column (VALUE); found %d fields", n);
      continue;
    }
    int i = tl_set_index(set, f[0].s, f[0].len);
    if (i < 0) {
      rd_diag(r, TL_WARNING, TL_OK, file, f[0].line, f[0].col, sname, NULL,
              rd_text(&r->vbuf, f[0].s, f[0].len),
              "not a member of %s; the formulation uses %s for both indices, "
              "this file is only checked",
              sname, sname);
    } else if (!seen[i]) {
      seen[i] = 1;
      count++;
    }
  }
  if (!r->stop && count < set->n)
    rd_diag(r, TL_WARNING, TL_OK, file, 0, 0, sname, NULL, NULL,
            "lists %d of the %d members of %s; %s is used for both indices",
            count, set->n, sname, sname);
done:
  tl_free(seen, nseen);
  text_free(&t);
}

/* ---- parameter files ---------------------------------------------------- */

/* Expected header of a parameter, e.g. "REGION,_REGION,FUEL,YEAR,VALUE". */
static const char *expected_header(tl_buf *b, const tl_param_def *d) {
  tl_buf_reset(b);
  for (int k = 0; k < d->nidx; k++) {
    int again = 0;
    for (int j = 0; j < k; j++) again |= d->idx[j] == d->idx[k];
    if (again) tl_buf_addc(b, '_');
    tl_buf_adds(b, tl_set_names[d->idx[k]]);
    tl_buf_addc(b, ',');
  }
  tl_buf_adds(b, "VALUE");
  return tl_buf_cstr(b);
}

/* Map header columns to index positions: pos[j] = k, or -1 for VALUE. A
 * plain set name takes its first free position, "_SET" its last (otoole's
 * REGION,_REGION). Returns 0, or -1 when the header does not fit. */
static int map_header(const tl_param_def *d, const tl_csv_field *f, int n,
                      int *pos) {
  int used[TL_MAXIDX] = {0}, value = 0;
  if (n != d->nidx + 1) return -1;
  for (int j = 0; j < n; j++) {
    if (tl_csv_field_is(&f[j], "VALUE")) {
      if (value) return -1;
      value = 1;
      pos[j] = -1;
      continue;
    }
    int under = 0, sid = tl_set_find(f[j].s, f[j].len), k = -1;
    if (sid < 0 && f[j].len > 1 && f[j].s[0] == '_') {
      sid = tl_set_find(f[j].s + 1, f[j].len - 1);
      under = 1;
    }
    if (sid < 0) return -1;
    for (int i = 0; i < d->nidx; i++) {
      int kk = under ? d->nidx - 1 - i : i;
      if ((int)d->idx[kk] == sid && !used[kk]) {
        k = kk;
        break;
      }
    }
    if (k < 0) return -1;
    used[k] = 1;
    pos[j] = k;
  }
  return value ? 0 : -1;
}

/* State of one parameter file while its rows are read. */
typedef struct param_file {
  tl_param_id pid;
  const char *file;          /* stored name */
  int16_t fileidx;           /* its index in the model's files */
  int nf;                    /* fields per row */
  int pos[CSV_MAXF];         /* header column -> index position, -1 VALUE */
  int at[TL_MAXIDX];         /* index position -> header column */
  int vcol;                  /* header column of VALUE */
  const char *cs[TL_MAXIDX]; /* last member text per position (cache) */
  size_t cl[TL_MAXIDX];
  int32_t ci[TL_MAXIDX];
  int numeric_noted;
} param_file;

/* Index text of a row in formulation order, in r->ibuf. */
static const char *row_index(csv_reader *r, const param_file *pf,
                             const tl_csv_field *f) {
  const tl_param_def *d = &tl_param_defs[pf->pid];
  tl_buf_reset(&r->ibuf);
  for (int k = 0; k < d->nidx; k++) {
    if (k) tl_buf_addc(&r->ibuf, ',');
    add_text(&r->ibuf, f[pf->at[k]].s, f[pf->at[k]].len);
  }
  return tl_buf_cstr(&r->ibuf);
}

/* s[0..n) == t[0..n), for the short names of a row (cheaper than a call). */
static int same_text(const char *s, const char *t, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != t[i]) return 0;
  return 1;
}

/* Resolve the index fields of a row into idx. Returns 0, or -1 after
 * reporting an unknown or empty member. */
static int row_members(csv_reader *r, param_file *pf, const tl_csv_field *f,
                       int32_t *idx) {
  const tl_param_def *d = &tl_param_defs[pf->pid];
  for (int k = 0; k < d->nidx; k++) {
    const tl_csv_field *x = &f[pf->at[k]];
    if (pf->cs[k] && x->len == pf->cl[k] &&
        same_text(x->s, pf->cs[k], x->len)) {
      idx[k] = pf->ci[k];
      continue;
    }
    /* Files usually follow the set's order: try the next member before
     * hashing (a shorter name stops the compare at its NUL). */
    const tl_set *set = &r->m->sets[d->idx[k]];
    int nx = pf->ci[k] + 1 < set->n ? pf->ci[k] + 1 : 0;
    if (set->n && same_text(x->s, set->name[nx], x->len) &&
        set->name[nx][x->len] == '\0') {
      pf->cs[k] = x->s;
      pf->cl[k] = x->len;
      pf->ci[k] = nx;
      idx[k] = nx;
      continue;
    }
    const char *sname = tl_set_names[d->idx[k]];
    int numeric = 0,
        i = x->len ? member_lookup(set, x->s, x->len, &numeric) : -1;
    if (i < 0) {
      const char *v = rd_text(&r->vbuf, x->s, x->len);
      const char *hint =
          x->len && x->len <= CSV_TEXT_MAX ? closest_member(set, v) : NULL;
      if (!x->len)
        rd_diag(r, TL_ERROR, TL_ERR_PARSE, pf->file, x->line, x->col, d->name,
                row_index(r, pf, f), v, "empty %s", sname);
      else
        rd_diag(r, TL_ERROR, TL_ERR_INVALID, pf->file, x->line, x->col, d->name,
                row_index(r, pf, f), v, "unknown %s '%s'%s%s%s", sname, v,
                hint ? "; did you mean '" : "", hint ? hint : "",
                hint ? "'?" : "");
      return -1;
    }
    if (numeric && !pf->numeric_noted) {
      pf->numeric_noted = 1;
      rd_diag(r, TL_NOTICE, TL_OK, pf->file, x->line, x->col, d->name,
              row_index(r, pf, f), rd_text(&r->vbuf, x->s, x->len),
              "taken as %s '%s' (the same number); other such rows of this "
              "file are not reported",
              sname, set->name[i]);
    }
    pf->cs[k] = x->s;
    pf->cl[k] = x->len;
    pf->ci[k] = i;
    idx[k] = i;
  }
  return 0;
}

/* Store one row's value. */
static void row_store(csv_reader *r, param_file *pf, const tl_csv_field *f,
                      const int32_t *idx) {
  const tl_param_def *d = &tl_param_defs[pf->pid];
  const tl_csv_field *x = &f[pf->vcol];
  double v, old = 0;
  if (x->len == 0) {
    rd_diag(r, TL_WARNING, TL_OK, pf->file, x->line, x->col, d->name,
            row_index(r, pf, f), "",
            "empty VALUE; row skipped (the default applies)");
    return;
  }
  int rc;
  if (d->flags & TL_PF_SYMBOLIC) { /* a text: its index in the pool */
    if (x->len > CSV_MAX_NAME) {
      rd_diag(r, TL_ERROR, TL_ERR_PARSE, pf->file, x->line, x->col, d->name,
              row_index(r, pf, f), rd_text(&r->vbuf, x->s, x->len),
              "text value too long (at most %d bytes)", CSV_MAX_NAME);
      return;
    }
    int i = tl_model_intern(r->m, x->s, x->len);
    if (i < 0) {
      rd_oom(r);
      return;
    }
    v = i;
  } else if ((rc = parse_value(x->s, x->len, &v)) != 0) {
    rd_diag(r, TL_ERROR, TL_ERR_PARSE, pf->file, x->line, x->col, d->name,
            row_index(r, pf, f), rd_text(&r->vbuf, x->s, x->len), "%s",
            number_problem(rc));
    return;
  }
  /* The file is recorded by index after the call: tl_param_set would look
   * the name up among all files read so far, on every row. */
  tl_param *p = &r->m->params[pf->pid];
  tl_loc loc = {NULL, x->line, x->col};
  int n0 = p->n;
  rc = tl_param_set(r->m, pf->pid, idx, v, &loc, &old);
  if (p->n > n0) p->file[p->n - 1] = pf->fileidx;
  if (rc == -3) {
    uint64_t key = 0;
    for (int k = 0; k < d->nidx; k++) key += (uint64_t)idx[k] * p->mult[k];
    tl_loc ol = tl_param_entry_loc(r->m, p, tl_u64map_get(&p->map, key));
    char ov[32];
    const char *os = tl_model_string(r->m, old);
    tl_fmt_num(ov, old);
    if (!(d->flags & TL_PF_SYMBOLIC) || !os) os = ov;
    rd_diag(r, TL_ERROR, TL_ERR_INVALID, pf->file, x->line, x->col, d->name,
            row_index(r, pf, f), rd_text(&r->vbuf, x->s, x->len),
            "duplicate row with a different value (%s at line %d)", os,
            ol.line);
  } else if (rc == -1) {
    rd_oom(r);
  } else if (rc) {
    rd_diag(r, TL_ERROR, TL_ERR_INVALID, pf->file, x->line, x->col, d->name,
            row_index(r, pf, f), NULL, "index out of range");
  }
}

static void read_param_file(csv_reader *r, tl_param_id pid, const char *path) {
  const tl_param_def *d = &tl_param_defs[pid];
  csv_text t;
  tl_csv_cur c;
  tl_csv_field f[CSV_MAXF];
  param_file pf;
  int32_t idx[TL_MAXIDX] = {0};
  if (load_file(r, path, &t)) return;
  memset(&pf, 0, sizeof pf);
  pf.pid = pid;
  int fi = 0;
  pf.file = open_text(r, path, &t, &c, &fi, d->name);
  if (!pf.file) goto done;
  pf.fileidx = (int16_t)fi;
  int n = tl_csv_header(&c, f, CSV_MAXF);
  if (n == -1) {
    rd_diag(r, TL_WARNING, TL_OK, pf.file, 1, 1, d->name, NULL, NULL,
            "empty file (no header); all values default");
    goto done;
  }
  if (n == -2) {
    syntax_error(r, pf.file, &c, d->name);
    goto done;
  }
  if (map_header(d, f, n, pf.pos)) {
    int rows = tl_csv_has_rows(&c);
    rd_diag(r, rows ? TL_ERROR : TL_WARNING, TL_ERR_INVALID, pf.file, f[0].line,
            1, d->name, NULL, header_text(&r->vbuf, f, n, CSV_MAXF),
            "header '%s' does not match %s's indices; expected '%s'%s",
            header_text(&r->ibuf, f, n, CSV_MAXF), d->name,
            expected_header(&r->xbuf, d),
            rows ? "" : " (the file has no rows: ignored)");
    goto done;
  }
  pf.nf = n;
  for (int j = 0; j < n; j++) {
    if (pf.pos[j] < 0)
      pf.vcol = j;
    else
      pf.at[pf.pos[j]] = j;
  }
  r->m->params[pid].given = 1;
  r->m->params[pid].decl.file = pf.file;
  r->m->params[pid].decl.line = f[0].line;
  r->m->params[pid].decl.col = 1;
  long rows = 0;
  while (!r->stop && (n = tl_csv_row(&c, f, CSV_MAXF)) != -1) {
    if (n == 0) continue;
    if (n == -2) {
      syntax_error(r, pf.file, &c, d->name);
      break;
    }
    if (++rows % CSV_POLL == 0 && tl_interrupted()) {
      tl_loc loc = {pf.file, f[0].line, 0};
      tl_diagf(r->ctx, TL_ERROR, &loc, d->name, NULL, NULL, "interrupted");
      r->st = TL_ERR_INTERRUPTED;
      r->stop = 1;
      break;
    }
    if (n != pf.nf) {
      int line = n > pf.nf ? f[pf.nf].line : c.eolline;
      int col = n > pf.nf ? f[pf.nf].col : c.eolcol;
      rd_diag(r, TL_ERROR, TL_ERR_PARSE, pf.file, line, col, d->name, NULL,
              n > pf.nf ? rd_text(&r->vbuf, f[pf.nf].s, f[pf.nf].len) : NULL,
              "expected %d fields (%s), found %d", pf.nf,
              expected_header(&r->xbuf, d), n);
      continue;
    }
    if (row_members(r, &pf, f, idx)) continue;
    row_store(r, &pf, f, idx);
  }
done:
  text_free(&t);
}

/* ---- config.yaml -------------------------------------------------------- */

/* Read config.yaml when present: parameter defaults and result names. */
static void read_config(csv_reader *r, const char *path) {
  struct stat sb;
  csv_text t;
  if (r->mem ? !mem_find(r, path) : stat(path, &sb) && errno == ENOENT)
    return;
  if (load_file(r, path, &t)) return;
  int fi = tl_model_add_file(r->m, path);
  if (fi < 0) {
    rd_oom(r);
  } else {
    tl_status st = tl_csv_read_config(r->ctx, r->m, r->m->files[fi], t.buf,
                                      t.len, &r->results);
    if (st == TL_ERR_NOMEM)
      rd_oom(r);
    else if (st != TL_OK && r->st == TL_OK)
      r->st = st;
  }
  text_free(&t);
}

/* ---- the folder --------------------------------------------------------- */

/* Result tables of OSeMOSYS (otoole names); a CSV of one of them in an
 * input folder is skipped with a warning. */
static const char *const result_names[] = {
    "AccumulatedNewCapacity",
    "AnnualEmissions",
    "AnnualFixedOperatingCost",
    "AnnualTechnologyEmission",
    "AnnualTechnologyEmissionByMode",
    "AnnualTechnologyEmissionPenaltyByEmission",
    "AnnualTechnologyEmissionsPenalty",
    "AnnualVariableOperatingCost",
    "CapitalInvestment",
    "Demand",
    "DiscountedSalvageValue",
    "DiscountedTechnologyEmissionsPenalty",
    "ModelPeriodEmissions",
    "NewCapacity",
    "NewStorageCapacity",
    "NumberOfNewTechnologyUnits",
    "ProductionByTechnology",
    "ProductionByTechnologyAnnual",
    "RateOfActivity",
    "RateOfProductionByTechnology",
    "RateOfProductionByTechnologyByMode",
    "RateOfUseByTechnology",
    "RateOfUseByTechnologyByMode",
    "SalvageValue",
    "SalvageValueStorage",
    "StorageLevelDayTypeFinish",
    "StorageLevelDayTypeStart",
    "StorageLevelSeasonStart",
    "StorageLevelYearFinish",
    "StorageLevelYearStart",
    "TotalAnnualTechnologyActivityByMode",
    "TotalCapacityAnnual",
    "TotalDiscountedCost",
    "TotalDiscountedCostByTechnology",
    "TotalTechnologyAnnualActivity",
    "TotalTechnologyModelPeriodActivity",
    "Trade",
    "UseByTechnology",
    NULL};

static int is_result(const csv_reader *r, const char *name, size_t len) {
  for (int i = 0; result_names[i]; i++)
    if (strlen(result_names[i]) == len && !memcmp(result_names[i], name, len))
      return 1;
  for (size_t o = 0; o < r->results.len;) {
    const char *s = r->results.s + o;
    size_t n = strlen(s);
    if (n == len && !memcmp(s, name, len)) return 1;
    o += n + 1;
  }
  return 0;
}

static int cmp_names(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Keep name if it is a "*.csv" name not starting with '.' and not
 * IamcMap.csv (the IAMC output's map, docs/outputs.md, which lives in the
 * model folder but is no model data). Returns -1 when out of memory. */
static int add_name(csv_reader *r, const char *name) {
  size_t n = strlen(name);
  if (name[0] == '.' || n < 5 || strcmp(name + n - 4, ".csv") != 0 ||
      strcmp(name, TL_IAMC_MAP_FILE) == 0)
    return 0;
  if (tl_grow((void **)&r->names, &r->capnames, (size_t)r->nnames + 1,
              sizeof *r->names) ||
      !(r->names[r->nnames] = tl_strdup(name))) {
    rd_oom(r);
    return -1;
  }
  r->nnames++;
  return 0;
}

/* The names of a folder held in memory: as a directory would give them,
 * each once. */
static int list_mem(csv_reader *r) {
  for (int i = 0; i < r->nmem; i++) {
    const char *name = r->mem[i].name;
    if (!name || !*name || strchr(name, '/') || mem_find(r, name) != &r->mem[i])
      continue; /* not a file name, or a repeat */
    if (add_name(r, name)) return -1;
  }
  if (r->nnames) qsort(r->names, (size_t)r->nnames, sizeof *r->names, cmp_names);
  return 0;
}

/* Collect the sorted "*.csv" names of the folder (not starting with '.'). */
static int list_folder(csv_reader *r) {
  if (r->mem) return list_mem(r);
  DIR *dh = opendir(r->dir);
  if (!dh) {
    rd_diag(r, TL_ERROR, TL_ERR_IO, r->dir, 0, 0, NULL, NULL, NULL,
            "cannot open folder: %s", strerror(errno));
    return -1;
  }
  struct dirent *e;
  while ((e = readdir(dh)) != NULL)
    if (add_name(r, e->d_name)) break;
  closedir(dh);
  if (r->stop) return -1;
  if (r->nnames) qsort(r->names, (size_t)r->nnames, sizeof *r->names, cmp_names);
  return 0;
}

static int has_name(const csv_reader *r, const char *name) {
  return r->nnames && bsearch(&name, r->names, (size_t)r->nnames,
                              sizeof *r->names, cmp_names) != NULL;
}

/* Read every file that is not a set: parameters, or report what it is. */
static void read_other_file(csv_reader *r, const char *name) {
  size_t len = strlen(name) - 4;
  if (tl_set_find(name, len) >= 0) return;
  if (name[0] == '_' && tl_set_find(name + 1, len - 1) >= 0) return;
  const char *path = rd_path(r, name);
  if (!path) return;
  int pid = tl_param_find(name, len);
  const char *base = rd_text(&r->vbuf, name, len);
  if (pid >= 0) {
    read_param_file(r, (tl_param_id)pid, path);
  } else if (tl_param_is_ignored(name, len)) {
    rd_diag(r, TL_NOTICE, TL_OK, path, 0, 0, base, NULL, NULL,
            "not used by the formulation; ignored");
  } else if (is_result(r, name, len)) {
    rd_diag(r, TL_WARNING, TL_OK, path, 0, 0, base, NULL, NULL,
            "a result table, not model input; ignored");
  } else {
    const char *hint = tl_param_suggest(base);
    rd_diag(r, TL_ERROR, TL_ERR_INVALID, path, 0, 0, base, NULL, NULL,
            "unknown parameter '%s'%s%s%s", base,
            hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
  }
}

/* The folder dir, or the files mem[0..nmem) when mem is not NULL. */
static tl_status read_folder(tl_ctx *ctx, const char *dir,
                             const tl_csv_memfile *mem, int nmem,
                             tl_model **out) {
  csv_reader r;
  char name[64];
  if (!out) return TL_ERR_ARG;
  *out = NULL;
  if (!dir || (!mem && nmem) || nmem < 0) return TL_ERR_ARG;
  memset(&r, 0, sizeof r);
  r.ctx = ctx;
  r.dir = dir;
  r.mem = mem;
  r.nmem = nmem;
  tl_buf_init(&r.path);
  tl_buf_init(&r.ibuf);
  tl_buf_init(&r.vbuf);
  tl_buf_init(&r.xbuf);
  tl_buf_init(&r.results);
  r.m = tl_model_new();
  if (!r.m || !(r.m->path = tl_strdup(dir))) {
    rd_oom(&r);
    goto done;
  }
  if (list_folder(&r)) goto done;
  const char *path = rd_path(&r, "config.yaml");
  if (path) read_config(&r, path);
  /* Sets first, in the formulation's order: parameters freeze them. */
  for (int s = 0; s < TL_NSETS && !r.stop; s++) {
    snprintf(name, sizeof name, "%s.csv", tl_set_names[s]);
    if (has_name(&r, name) && (path = rd_path(&r, name)) != NULL)
      read_set_file(&r, (tl_set_id)s, path);
  }
  for (int s = 0; s < TL_NSETS && !r.stop; s++) {
    snprintf(name, sizeof name, "_%s.csv", tl_set_names[s]);
    if (has_name(&r, name) && (path = rd_path(&r, name)) != NULL)
      read_alias_file(&r, (tl_set_id)s, path);
  }
  for (int i = 0; i < r.nnames && !r.stop; i++) read_other_file(&r, r.names[i]);
done:
  for (int i = 0; i < r.nnames; i++) tl_strfree(r.names[i]);
  tl_free(r.names, r.capnames * sizeof *r.names);
  tl_buf_free(&r.path);
  tl_buf_free(&r.ibuf);
  tl_buf_free(&r.vbuf);
  tl_buf_free(&r.xbuf);
  tl_buf_free(&r.results);
  if (r.st != TL_OK) {
    tl_model_free(r.m);
    return r.st;
  }
  *out = r.m;
  return TL_OK;
}

tl_status tl_read_csv_folder(tl_ctx *ctx, const char *dir, tl_model **out) {
  return read_folder(ctx, dir, NULL, 0, out);
}

tl_status tl_read_csv_mem(tl_ctx *ctx, const char *dir,
                          const tl_csv_memfile *files, int nfiles,
                          tl_model **out) {
  static const tl_csv_memfile none = {NULL, NULL, 0};
  return read_folder(ctx, dir, files ? files : &none, files ? nfiles : 0, out);
}
