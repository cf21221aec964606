/* outtab.h - result tables read back from the CSV files a run wrote (the
 * otoole tables, roadmap/ tables, iamc.csv), for the IAMC writer, the
 * report and the run store; and the helpers they share for writing files
 * under a temporary name and for text. */
#ifndef TL_OUTTAB_H
#define TL_OUTTAB_H

#include <stdio.h>

#include "core/core.h"

/* A CSV file in memory: a header and rows of text cells. */
typedef struct tl_otab {
  char *buf;     /* the file's text, parsed in place; cells point into it */
  size_t buflen; /* bytes allocated for buf */
  int ncol;      /* header columns */
  char **col;    /* [ncol] header names (NUL-terminated, in buf) */
  long nrow;
  char **cell;    /* [nrow * ncol] row-major; a missing trailing cell is "" */
  size_t capcell; /* cells allocated */
  int *line;      /* [nrow] 1-based line where each row starts */
  size_t capline;
} tl_otab;

/* Read path into t. Returns 0; 1 when the file does not exist (t is then
 * empty); on an error (reported in ctx) minus its status: -TL_ERR_IO,
 * -TL_ERR_PARSE (syntax, a row longer than the header), -TL_ERR_NOMEM. */
int tl_otab_read(tl_ctx *ctx, const char *path, tl_otab *t);
/* Parse buf[0..len) (buf[len] must be NUL; alloc bytes allocated with
 * tl_malloc) into t, which takes buf over (freed with t, or here on an
 * error). name: for messages. Returns as tl_otab_read. */
int tl_otab_parse(tl_ctx *ctx, const char *name, char *buf, size_t len,
                  size_t alloc, tl_otab *t);
/* The same for DIR/NAME. */
int tl_otab_read_in(tl_ctx *ctx, const char *dir, const char *name, tl_otab *t);
void tl_otab_free(tl_otab *t); /* accepts an empty or zeroed table */

/* Column of a header name, or -1. */
int tl_otab_colnum(const tl_otab *t, const char *name);
static inline const char *tl_otab_at(const tl_otab *t, long row, int col) {
  return t->cell[(size_t)row * (size_t)t->ncol + (size_t)col];
}
/* The cell as a number: 0 and *v set, or -1 when empty or not a number. */
int tl_otab_num(const tl_otab *t, long row, int col, double *v);

/* ---- files written whole or not at all ---------------------------------- */
typedef struct tl_ofile {
  FILE *f;
  tl_buf tmp, fin; /* temporary and final names */
  int failed;
} tl_ofile;

/* Open path for writing under a temporary name in the same folder (path
 * "-": standard output, written directly). 0, or -1 (reported). */
int tl_ofile_open(tl_ctx *ctx, tl_ofile *o, const char *path);
/* Flush, sync and rename into place; on failure (or when abandon is
 * nonzero) remove the temporary file. 0, or -1 (reported). */
int tl_ofile_close(tl_ctx *ctx, tl_ofile *o, int abandon);

/* Create folder dir and its parents. 0, or -1 (reported). */
int tl_out_mkdir(tl_ctx *ctx, const char *dir);

/* Append s as a CSV field (quoted when needed). */
void tl_out_csv_field(tl_buf *b, const char *s);
/* Append a number in the short form result tables use (%.12g); NAN and
 * infinities as an empty field. */
void tl_out_csv_num(tl_buf *b, double v);

/* Last component of a path without a trailing slash ("data/china/" ->
 * "china"), into b. */
void tl_out_basename(tl_buf *b, const char *path);

#endif /* TL_OUTTAB_H */
