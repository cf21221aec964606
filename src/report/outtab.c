/* outtab.c - read a result CSV back into memory (cells as text), write
 * files under a temporary name, and small text helpers of the output
 * writers. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/csv.h"
#include "report/outtab.h"

#define OT_MAXCOL 4096 /* header columns at most */

static char empty_cell[1] = "";

void tl_otab_free(tl_otab *t) {
  if (!t) return;
  tl_free(t->buf, t->buflen);
  tl_free(t->col, (size_t)t->ncol * sizeof *t->col);
  tl_free(t->cell, t->capcell * sizeof *t->cell);
  tl_free(t->line, t->capline * sizeof *t->line);
  memset(t, 0, sizeof *t);
}

/* Whole file into a NUL-terminated buffer. 0, 1 (absent), or minus a
 * tl_status (reported). */
static int slurp(tl_ctx *ctx, const char *path, char **out, size_t *len,
                 size_t *alloc) {
  FILE *f = fopen(path, "rb");
  char *b = NULL;
  size_t cap = 0, n = 0;
  if (!f) {
    if (errno == ENOENT) return 1;
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path, "cannot open: %s",
             strerror(errno));
    return -TL_ERR_IO;
  }
  int rc = -TL_ERR_IO;
  for (;;) {
    if (cap - n < 65536 + 1) {
      size_t ncap = cap ? cap * 2 : 65536 * 2;
      char *nb = tl_realloc(b, cap, ncap);
      if (!nb) {
        tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path, "out of memory");
        rc = -TL_ERR_NOMEM;
        goto fail;
      }
      b = nb;
      cap = ncap;
    }
    size_t got = fread(b + n, 1, cap - n - 1, f);
    n += got;
    if (got == 0) break;
  }
  if (ferror(f)) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path, "cannot read: %s",
             strerror(errno));
    goto fail;
  }
  fclose(f);
  b[n] = '\0';
  *out = b;
  *len = n;
  *alloc = cap;
  return 0;
fail:
  fclose(f);
  tl_free(b, cap);
  return rc;
}

static int add_row(tl_otab *t, size_t need_cells, int line) {
  void *p = t->cell;
  if (tl_grow(&p, &t->capcell, need_cells, sizeof *t->cell)) return -1;
  t->cell = p;
  p = t->line;
  if (tl_grow(&p, &t->capline, (size_t)t->nrow + 1, sizeof *t->line)) return -1;
  t->line = p;
  t->line[t->nrow] = line;
  return 0;
}

/* NUL-terminate a field in place: the byte after it is a separator, a
 * quote or a line end already consumed by the parser. */
static char *field_text(tl_csv_field *f) {
  f->s[f->len] = '\0';
  return f->s;
}

int tl_otab_parse(tl_ctx *ctx, const char *name, char *buf, size_t len,
                  size_t alloc, tl_otab *t) {
  tl_csv_field *f = NULL;
  tl_csv_cur c;
  int n, err = -TL_ERR_PARSE;
  memset(t, 0, sizeof *t);
  t->buf = buf;
  t->buflen = alloc;
  if (memchr(t->buf, '\0', len)) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, name,
             "not a CSV file: it holds a NUL byte");
    goto fail;
  }
  f = tl_malloc(OT_MAXCOL * sizeof *f);
  if (!f) goto oom;
  tl_csv_init(&c, t->buf, len);
  n = tl_csv_header(&c, f, OT_MAXCOL);
  if (n == -1 || n == 0) { /* an empty file: no columns, no rows */
    tl_free(f, OT_MAXCOL * sizeof *f);
    return 0;
  }
  if (n < 0 || n > OT_MAXCOL) goto syntax;
  t->col = tl_malloc((size_t)n * sizeof *t->col);
  if (!t->col) goto oom;
  t->ncol = n;
  for (int k = 0; k < n; k++) t->col[k] = field_text(&f[k]);
  while ((n = tl_csv_row(&c, f, OT_MAXCOL)) != -1) {
    if (n == 0) continue;
    if (n < 0) goto syntax;
    if (n > t->ncol) {
      tl_loc loc = {name, f[0].line, f[t->ncol < n ? t->ncol : 0].col};
      tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL,
               "row has %d fields, the header %d", n, t->ncol);
      goto fail;
    }
    size_t base = (size_t)t->nrow * (size_t)t->ncol;
    if (add_row(t, base + (size_t)t->ncol, f[0].line)) goto oom;
    for (int k = 0; k < t->ncol; k++)
      t->cell[base + (size_t)k] = k < n ? field_text(&f[k]) : empty_cell;
    t->nrow++;
  }
  tl_free(f, OT_MAXCOL * sizeof *f);
  return 0;
syntax : {
  tl_loc loc = {name, c.eline, c.ecol};
  tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "%s",
           c.err ? c.err : "bad CSV header");
  goto fail;
}
oom:
  tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, name, "out of memory");
  err = -TL_ERR_NOMEM;
fail:
  tl_free(f, OT_MAXCOL * sizeof *f);
  tl_otab_free(t);
  return err;
}

int tl_otab_read(tl_ctx *ctx, const char *path, tl_otab *t) {
  char *buf = NULL;
  size_t len = 0, alloc = 0;
  memset(t, 0, sizeof *t);
  int rc = slurp(ctx, path, &buf, &len, &alloc);
  if (rc) return rc;
  return tl_otab_parse(ctx, path, buf, len, alloc, t);
}

int tl_otab_read_in(tl_ctx *ctx, const char *dir, const char *name,
                    tl_otab *t) {
  tl_buf p;
  tl_buf_init(&p);
  tl_buf_printf(&p, "%s/%s", dir, name);
  if (p.oom) {
    memset(t, 0, sizeof *t);
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, name, "out of memory");
    return -TL_ERR_NOMEM;
  }
  int rc = tl_otab_read(ctx, tl_buf_cstr(&p), t);
  tl_buf_free(&p);
  return rc;
}

int tl_otab_colnum(const tl_otab *t, const char *name) {
  for (int k = 0; k < t->ncol; k++)
    if (!strcmp(t->col[k], name)) return k;
  return -1;
}

int tl_otab_num(const tl_otab *t, long row, int col, double *v) {
  const char *s = tl_otab_at(t, row, col);
  size_t n = strlen(s);
  if (n == 0) return -1;
  return tl_parse_double(s, n, v) == 0 ? 0 : -1;
}

/* ---- files ----------------------------------------------------------------
 */

int tl_ofile_open(tl_ctx *ctx, tl_ofile *o, const char *path) {
  memset(o, 0, sizeof *o);
  tl_buf_init(&o->tmp);
  tl_buf_init(&o->fin);
  if (!strcmp(path, "-")) {
    o->f = stdout;
    return 0;
  }
  tl_buf_adds(&o->fin, path);
  const char *slash = strrchr(path, '/');
  if (slash)
    tl_buf_printf(&o->tmp, "%.*s/.%s.tmp%ld", (int)(slash - path), path,
                  slash + 1, (long)getpid());
  else
    tl_buf_printf(&o->tmp, ".%s.tmp%ld", path, (long)getpid());
  if (o->tmp.oom || o->fin.oom) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path, "out of memory");
    goto fail;
  }
  o->f = fopen(tl_buf_cstr(&o->tmp), "wb");
  if (!o->f) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, tl_buf_cstr(&o->tmp),
             "cannot create file: %s", strerror(errno));
    goto fail;
  }
  setvbuf(o->f, NULL, _IOFBF, 1 << 16);
  return 0;
fail:
  tl_buf_free(&o->tmp);
  tl_buf_free(&o->fin);
  o->failed = 1;
  return -1;
}

int tl_ofile_close(tl_ctx *ctx, tl_ofile *o, int abandon) {
  int bad = o->failed || abandon;
  if (o->f == stdout) {
    if (fflush(stdout) || ferror(stdout)) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, "-",
               "cannot write to standard output: %s", strerror(errno));
      bad = 1;
    }
    o->f = NULL;
    return bad ? -1 : 0;
  }
  if (o->f) {
    int werr = ferror(o->f) || fflush(o->f) || fsync(fileno(o->f));
    if (fclose(o->f)) werr = 1;
    o->f = NULL;
    if (werr && !abandon) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, tl_buf_cstr(&o->fin),
               "cannot write file: %s", strerror(errno));
      bad = 1;
    }
    if (!bad && rename(tl_buf_cstr(&o->tmp), tl_buf_cstr(&o->fin))) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, tl_buf_cstr(&o->fin),
               "cannot rename file into place: %s", strerror(errno));
      bad = 1;
    }
    if (bad) remove(tl_buf_cstr(&o->tmp));
  }
  tl_buf_free(&o->tmp);
  tl_buf_free(&o->fin);
  return bad ? -1 : 0;
}

int tl_out_mkdir(tl_ctx *ctx, const char *dir) {
  char path[4096];
  size_t n = strlen(dir);
  if (n == 0 || n >= sizeof path) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, dir, "bad folder name");
    return -1;
  }
  memcpy(path, dir, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (path[i] != '/' && path[i] != '\0') continue;
    char keep = path[i];
    path[i] = '\0';
    if (mkdir(path, 0777) && errno != EEXIST) {
      tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, path,
               "cannot create folder: %s", strerror(errno));
      return -1;
    }
    path[i] = keep;
  }
  struct stat st;
  if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, dir, "not a folder");
    return -1;
  }
  return 0;
}

/* ---- text -----------------------------------------------------------------
 */

void tl_out_csv_field(tl_buf *b, const char *s) {
  if (!*s) return; /* an empty field */
  if (!tl_csv_needs_quotes(s)) {
    tl_buf_adds(b, s);
    return;
  }
  tl_buf_addc(b, '"');
  for (; *s; s++) {
    if (*s == '"') tl_buf_addc(b, '"');
    tl_buf_addc(b, *s);
  }
  tl_buf_addc(b, '"');
}

void tl_out_csv_num(tl_buf *b, double v) {
  if (!isfinite(v)) return;
  if (v == 0) v = 0; /* no "-0" */
  tl_buf_printf(b, "%.12g", v);
}

void tl_out_basename(tl_buf *b, const char *path) {
  size_t n = strlen(path);
  while (n > 1 && path[n - 1] == '/') n--;
  size_t s = n;
  while (s > 0 && path[s - 1] != '/') s--;
  tl_buf_add(b, path + s, n - s);
}
