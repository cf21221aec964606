/* write_mps.c - the LP as a free MPS file or a CPLEX LP file, with readable
 * names, written through one large buffer to a temporary file in the
 * target's directory and renamed when complete.
 *
 * Conventions (checked by tests/test_write_mps.c):
 * - MPS: the objective row comes first and is named "cost"; ranged rows
 *   are G rows with a RANGES entry (ub - lb); integer columns sit between
 *   MARKER INTORG/INTEND lines and always get explicit bounds (some
 *   readers, GLPK among them, give marked columns [0,1] otherwise).
 *   The objective constant c is written as RHS -c on row "cost": the CPLEX
 *   convention, which Clp, Cbc, CPLEX, Gurobi and HiGHS follow. GLPK 5.0
 *   (glp_read_mps, glpsol) reads that RHS with the other sign, as +RHS:
 *   GLPK users must negate its constant (glp_set_obj_coef(P, 0, ...)).
 *   The NAME card carries the word FREE, which makes CoinMpsIO (clp, cbc)
 *   parse the whole file as free MPS; other readers ignore it.
 * - Free MPS separates fields by blanks, so a blank inside a name (a set
 *   member such as "COAL PLANT") would break the file: blanks and control
 *   characters in names are written as '_'.
 * - LP: glp_read_lp accepts no constant in the objective and no '[' or ']'
 *   in names. The constant is the coefficient of a column
 *   "tanlu_objconst" fixed at 1; brackets become parentheses; characters
 *   outside the CPLEX LP name set become '_'. A ranged row lb <= a'x <= ub
 *   is written as a'x - r = lb with a column r ("rng_<row>") in
 *   [0, ub - lb]; free rows are left out (they constrain nothing).
 * - Replacing characters could in principle map two names onto one; the
 *   names made by tl_lp_row_name/tl_lp_col_name from distinct set members
 *   without such characters stay distinct. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lp/lp.h"

enum { FMT_MPS, FMT_LP };
#define OUT_CAP ((size_t)1 << 22) /* bytes buffered between writes */
#define LP_LINE 200               /* LP format: wrap lines after this */

/* ---- buffered output to a file descriptor ---------------------------- */
typedef struct out {
  int fd;
  char *buf; /* [OUT_CAP] */
  size_t len;
  int err; /* errno of the first failed write, 0 if none */
} out;

static void out_flush(out *o) {
  size_t done = 0;
  while (done < o->len && !o->err) {
    ssize_t n = write(o->fd, o->buf + done, o->len - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      o->err = errno;
    } else {
      done += (size_t)n;
    }
  }
  o->len = 0;
}

/* Make room for n bytes (n <= OUT_CAP). */
static inline char *out_room(out *o, size_t n) {
  if (o->len + n > OUT_CAP) out_flush(o);
  return o->buf + o->len;
}

static void out_mem(out *o, const char *s, size_t n) {
  if (n == 0) return; /* s may be NULL then (an empty buffer) */
  while (n > OUT_CAP / 2) { /* only for absurdly long names */
    out_mem(o, s, OUT_CAP / 2);
    s += OUT_CAP / 2;
    n -= OUT_CAP / 2;
  }
  memcpy(out_room(o, n), s, n);
  o->len += n;
}

static void out_str(out *o, const char *s) { out_mem(o, s, strlen(s)); }

/* Shortest decimal text that reads back as exactly v for the usual values
 * (integers, and numbers with at most 15 decimals: then m / 10^k, both
 * exact doubles, is the correctly rounded value of the decimal, which is
 * what a reader's strtod computes); %.17g for the rest. dst needs 32
 * bytes. Returns the length. */
static int fmt_num(char *dst, double v) {
  static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                               1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15};
  char *p = dst;
  if (v == 0) {
    *p = '0';
    return 1;
  }
  if (v < 0) {
    *p++ = '-';
    v = -v;
  }
  if (v >= 1e-4 && v < 1e15) {
    for (int k = 0; k <= 15; k++) {
      double s = v * p10[k];
      if (s >= 9007199254740992.0) break; /* 2^53 */
      double r = floor(s + 0.5);
      if (r / p10[k] != v) continue;
      char dig[20];
      int nd = 0;
      unsigned long long m = (unsigned long long)r;
      do {
        dig[nd++] = (char)('0' + (int)(m % 10));
        m /= 10;
      } while (m);
      if (nd <= k) {
        *p++ = '0';
        *p++ = '.';
        for (int z = k - nd; z > 0; z--) *p++ = '0';
        while (nd) *p++ = dig[--nd];
      } else {
        while (nd > k) *p++ = dig[--nd];
        if (k) {
          *p++ = '.';
          while (nd) *p++ = dig[--nd];
        }
      }
      return (int)(p - dst);
    }
  }
  /* %.17g always reads back exactly; a search for fewer digits would cost
   * more than the longer text (these are rare: discount factors and the
   * like) */
  return (int)(p - dst) + snprintf(p, 30, "%.17g", v);
}

static void out_num(out *o, double v) {
  char *p = out_room(o, 32);
  o->len += (size_t)fmt_num(p, v);
}

/* " name value": the inner loop of both formats, written in place. */
static inline void out_pair(out *o, const char *name, size_t n, double v) {
  if (n > 4096) { /* never for real names; keeps out_room's bound */
    out_str(o, " ");
    out_mem(o, name, n);
    out_str(o, " ");
    out_num(o, v);
    return;
  }
  char *p = out_room(o, n + 40);
  *p++ = ' ';
  memcpy(p, name, n);
  p += n;
  *p++ = ' ';
  p += fmt_num(p, v);
  o->len = (size_t)(p - o->buf);
}

/* ---- names ------------------------------------------------------------ */

/* All row (or column) names, cleaned for the format, in one arena:
 * name k is text[off[k] .. off[k+1]). */
typedef struct names {
  tl_buf text;
  int64_t *off; /* [n + 1] */
  int n;
} names;

static int lp_name_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || (c && strchr("!\"#$%&()/,.;?@_`'{}|~", c));
}

/* Clean b->s[from ..] for the format (see the file comment). */
static void clean_name(tl_buf *b, size_t from, int fmt) {
  for (size_t k = from; k < b->len; k++) {
    unsigned char c = (unsigned char)b->s[k];
    if (fmt == FMT_MPS) {
      if (c <= ' ' || c == 127) b->s[k] = '_';
    } else if (c == '[') {
      b->s[k] = '(';
    } else if (c == ']') {
      b->s[k] = ')';
    } else if (!lp_name_char(c)) {
      b->s[k] = '_';
    }
  }
}

/* Append the name of row (is_row) or column k to b, cleaned. */
static void add_name(const tl_lp *lp, int is_row, int k, int fmt, tl_buf *b) {
  size_t from = b->len;
  if (lp->model && (is_row ? lp->rowfams : lp->colfams)) {
    if (is_row)
      tl_lp_row_name(lp, k, b);
    else
      tl_lp_col_name(lp, k, b);
  } else {
    tl_buf_printf(b, "%c%d", is_row ? 'R' : 'C', k);
  }
  clean_name(b, from, fmt);
}

static void names_free(names *t) {
  tl_buf_free(&t->text);
  tl_free(t->off, ((size_t)t->n + 1) * sizeof *t->off);
  t->off = NULL;
}

static int names_make(names *t, const tl_lp *lp, int is_row, int fmt) {
  tl_buf_init(&t->text);
  t->n = is_row ? lp->nrows : lp->ncols;
  t->off = tl_malloc(((size_t)t->n + 1) * sizeof *t->off);
  if (!t->off) return -1;
  for (int k = 0; k < t->n; k++) {
    t->off[k] = (int64_t)t->text.len;
    add_name(lp, is_row, k, fmt, &t->text);
  }
  t->off[t->n] = (int64_t)t->text.len;
  return t->text.oom ? -1 : 0;
}

static inline void out_name(out *o, const names *t, int k) {
  out_mem(o, t->text.s + t->off[k], (size_t)(t->off[k + 1] - t->off[k]));
}

static inline void out_name_pair(out *o, const names *t, int k, double v) {
  out_pair(o, t->text.s + t->off[k], (size_t)(t->off[k + 1] - t->off[k]), v);
}

/* The names of a column's rows are scattered over a large arena: ask for
 * them a few entries ahead (offset first, then text), so that the cache
 * misses overlap instead of adding up. */
static inline void prefetch_names(const names *t, const int32_t *idx,
                                  int64_t p, int64_t end) {
#if defined(__GNUC__)
  if (p + 16 < end) __builtin_prefetch(&t->off[idx[p + 16]]);
  if (p + 8 < end) __builtin_prefetch(t->text.s + t->off[idx[p + 8]]);
#else
  (void)t, (void)idx, (void)p, (void)end;
#endif
}

/* ---- MPS -------------------------------------------------------------- */

typedef enum { ROW_FREE, ROW_E, ROW_L, ROW_G, ROW_RANGE } row_kind;

static row_kind kind_of(double lb, double ub) {
  if (lb == -TL_INF) return ub == TL_INF ? ROW_FREE : ROW_L;
  if (ub == TL_INF) return ROW_G;
  return lb == ub ? ROW_E : ROW_RANGE;
}

static void mps_bound(out *o, const char *type, const char *col, size_t n,
                      double v, int has_value) {
  out_str(o, " ");
  out_str(o, type);
  out_str(o, " BND ");
  out_mem(o, col, n);
  if (has_value) {
    out_str(o, " ");
    out_num(o, v);
  }
  out_str(o, "\n");
}

/* Bounds of column j (name in col[0..n)); see the file comment. */
static void mps_col_bounds(out *o, const tl_lp *lp, int j, const char *col,
                           size_t n) {
  double lb = lp->collb[j], ub = lp->colub[j];
  int integer = lp->colint[j] != 0;
  if (lb == -TL_INF && ub == TL_INF) {
    mps_bound(o, "FR", col, n, 0, 0);
  } else if (lb == ub) {
    mps_bound(o, "FX", col, n, lb, 1);
  } else {
    if (lb == -TL_INF)
      mps_bound(o, "MI", col, n, 0, 0);
    else if (lb != 0 || integer || ub < 0)
      mps_bound(o, "LO", col, n, lb, 1);
    if (ub != TL_INF)
      mps_bound(o, "UP", col, n, ub, 1);
    else if (integer)
      mps_bound(o, "PL", col, n, 0, 0);
  }
}

static tl_status write_mps_body(out *o, const tl_lp *lp) {
  names rows;
  tl_buf col;
  tl_status rc = TL_OK;
  tl_buf_init(&col);
  if (names_make(&rows, lp, 1, FMT_MPS)) {
    rc = TL_ERR_NOMEM;
    goto done;
  }
  char head[400];
  snprintf(head, sizeof head,
           "* written by tanlu: %d rows, %d columns (%d integer), "
           "%lld nonzeros\n"
           "* objective: minimise row cost; its constant is the RHS of "
           "cost negated (CPLEX convention)\n",
           lp->nrows, lp->ncols, lp->nint, (long long)lp->nnz);
  out_str(o, head);
  out_str(o, "NAME tanlu FREE\nROWS\n N cost\n");
  for (int i = 0; i < lp->nrows; i++) {
    static const char *const type[] = {" N ", " E ", " L ", " G ", " G "};
    out_str(o, type[kind_of(lp->rowlb[i], lp->rowub[i])]);
    out_name(o, &rows, i);
    out_str(o, "\n");
  }

  out_str(o, "COLUMNS\n");
  int in_int = 0;
  for (int j = 0; j < lp->ncols; j++) {
    if ((j & 0xffff) == 0 && tl_interrupted()) {
      rc = TL_ERR_INTERRUPTED;
      goto done;
    }
    if (lp->colint[j] != in_int) {
      out_str(o, in_int ? " MARKER 'MARKER' 'INTEND'\n"
                        : " MARKER 'MARKER' 'INTORG'\n");
      in_int = lp->colint[j] != 0;
    }
    tl_buf_reset(&col);
    add_name(lp, 0, j, FMT_MPS, &col);
    if (col.oom) {
      rc = TL_ERR_NOMEM;
      goto done;
    }
    int64_t b = lp->colstart[j], e = lp->colstart[j + 1];
    int on_line = 0; /* entries on the current line: two at most */
    if (lp->obj[j] != 0 || b == e) {
      out_str(o, " ");
      out_mem(o, col.s, col.len);
      out_str(o, " cost ");
      out_num(o, lp->obj[j]);
      on_line = 1;
    }
    for (int64_t p = b; p < e; p++) {
      prefetch_names(&rows, lp->rowind, p, lp->nnz);
      if (on_line == 2) {
        out_str(o, "\n");
        on_line = 0;
      }
      if (on_line == 0) {
        out_str(o, " ");
        out_mem(o, col.s, col.len);
      }
      out_name_pair(o, &rows, lp->rowind[p], lp->val[p]);
      on_line++;
    }
    out_str(o, "\n");
  }
  if (in_int) out_str(o, " MARKER 'MARKER' 'INTEND'\n");

  out_str(o, "RHS\n");
  if (lp->objconst != 0) {
    out_str(o, " RHS cost ");
    out_num(o, -lp->objconst);
    out_str(o, "\n");
  }
  int nranges = 0;
  for (int i = 0; i < lp->nrows; i++) {
    row_kind k = kind_of(lp->rowlb[i], lp->rowub[i]);
    double rhs = k == ROW_L ? lp->rowub[i] : lp->rowlb[i];
    nranges += k == ROW_RANGE;
    if (k == ROW_FREE || rhs == 0) continue;
    out_str(o, " RHS ");
    out_name(o, &rows, i);
    out_str(o, " ");
    out_num(o, rhs);
    out_str(o, "\n");
  }
  if (nranges) {
    out_str(o, "RANGES\n");
    for (int i = 0; i < lp->nrows; i++) {
      if (kind_of(lp->rowlb[i], lp->rowub[i]) != ROW_RANGE) continue;
      out_str(o, " RNG ");
      out_name(o, &rows, i);
      out_str(o, " ");
      out_num(o, lp->rowub[i] - lp->rowlb[i]);
      out_str(o, "\n");
    }
  }

  out_str(o, "BOUNDS\n");
  for (int j = 0; j < lp->ncols; j++) {
    double lb = lp->collb[j], ub = lp->colub[j];
    if (lb == 0 && ub == TL_INF && !lp->colint[j]) continue; /* default */
    tl_buf_reset(&col);
    add_name(lp, 0, j, FMT_MPS, &col);
    if (col.oom) {
      rc = TL_ERR_NOMEM;
      goto done;
    }
    mps_col_bounds(o, lp, j, col.s, col.len);
  }
  out_str(o, "ENDATA\n");
done:
  names_free(&rows);
  tl_buf_free(&col);
  return rc;
}

/* ---- CPLEX LP --------------------------------------------------------- */

/* The matrix by rows (the transpose of the compressed columns). */
typedef struct by_rows {
  int64_t *start; /* [nrows + 1] */
  int32_t *col;   /* [nnz] */
  double *val;    /* [nnz] */
  size_t n, nnz;
} by_rows;

static void by_rows_free(by_rows *t) {
  tl_free(t->start, (t->n + 1) * sizeof *t->start);
  tl_free(t->col, (t->nnz ? t->nnz : 1) * sizeof *t->col);
  tl_free(t->val, (t->nnz ? t->nnz : 1) * sizeof *t->val);
  t->start = NULL;
  t->col = NULL;
  t->val = NULL;
}

static int by_rows_make(by_rows *t, const tl_lp *lp) {
  t->n = (size_t)lp->nrows;
  t->nnz = (size_t)lp->nnz;
  t->start = tl_calloc(t->n + 1, sizeof *t->start);
  t->col = tl_malloc((t->nnz ? t->nnz : 1) * sizeof *t->col);
  t->val = tl_malloc((t->nnz ? t->nnz : 1) * sizeof *t->val);
  if (!t->start || !t->col || !t->val) return -1;
  for (size_t p = 0; p < t->nnz; p++) t->start[lp->rowind[p] + 1]++;
  for (size_t i = 0; i < t->n; i++) t->start[i + 1] += t->start[i];
  /* scatter, using start[i] as the cursor of row i, then shift back */
  for (int j = 0; j < lp->ncols; j++)
    for (int64_t p = lp->colstart[j]; p < lp->colstart[j + 1]; p++) {
      int64_t q = t->start[lp->rowind[p]]++;
      t->col[q] = j;
      t->val[q] = lp->val[p];
    }
  for (size_t i = t->n; i > 0; i--) t->start[i] = t->start[i - 1];
  t->start[0] = 0;
  return 0;
}

/* One term " + 2 name", wrapping long lines; *line counts the bytes of the
 * current line. */
static void lp_term(out *o, double v, const names *cols, int j, size_t *line) {
  char num[32];
  if (*line > LP_LINE) {
    out_str(o, "\n ");
    *line = 1;
  }
  size_t len = (size_t)(cols->off[j + 1] - cols->off[j]);
  if (len > 4096) { /* never for real names */
    size_t n = (size_t)fmt_num(num, fabs(v));
    out_str(o, v < 0 ? " - " : " + ");
    out_mem(o, num, n);
    out_str(o, " ");
    out_name(o, cols, j);
    *line += 4 + n + len;
    return;
  }
  char *p = out_room(o, len + 40), *start = p;
  *p++ = ' ';
  *p++ = v < 0 ? '-' : '+';
  *p++ = ' ';
  p += fmt_num(p, fabs(v));
  *p++ = ' ';
  memcpy(p, cols->text.s + cols->off[j], len);
  p += len;
  o->len += (size_t)(p - start);
  *line += (size_t)(p - start);
}

static tl_status write_lp_body(out *o, const tl_lp *lp) {
  names cols;
  by_rows t;
  tl_buf row;
  char *used = NULL; /* [ncols] column appears in a written row */
  tl_status rc = TL_OK;
  memset(&t, 0, sizeof t);
  tl_buf_init(&row);
  int bad = names_make(&cols, lp, 0, FMT_LP);
  used = tl_calloc(lp->ncols ? (size_t)lp->ncols : 1, 1);
  if (bad || !used || by_rows_make(&t, lp)) {
    rc = TL_ERR_NOMEM;
    goto done;
  }
  for (int i = 0; i < lp->nrows; i++)
    if (kind_of(lp->rowlb[i], lp->rowub[i]) != ROW_FREE)
      for (int64_t p = t.start[i]; p < t.start[i + 1]; p++) used[t.col[p]] = 1;
  int with_const = lp->objconst != 0 || lp->ncols == 0;

  char head[300];
  snprintf(head, sizeof head,
           "\\ written by tanlu: %d rows, %d columns (%d integer), %lld "
           "nonzeros\n\\ the objective constant is the coefficient of "
           "tanlu_objconst, fixed at 1\n",
           lp->nrows, lp->ncols, lp->nint, (long long)lp->nnz);
  out_str(o, head);
  out_str(o, "Minimize\n cost:");
  size_t line = 6;
  int terms = 0;
  for (int j = 0; j < lp->ncols; j++)
    if (lp->obj[j] != 0 || !used[j]) { /* "+ 0 x" declares an unused x */
      lp_term(o, lp->obj[j], &cols, j, &line);
      terms++;
    }
  if (with_const) {
    char num[32];
    int n = fmt_num(num, fabs(lp->objconst));
    out_str(o, lp->objconst < 0 ? " - " : " + ");
    out_mem(o, num, (size_t)n);
    out_str(o, " tanlu_objconst");
    terms++;
  }
  if (!terms) {
    out_str(o, " 0 tanlu_objconst");
    with_const = 1;
  }
  out_str(o, "\nSubject To\n");
  int written = 0;
  for (int i = 0; i < lp->nrows; i++) {
    if ((i & 0xffff) == 0 && tl_interrupted()) {
      rc = TL_ERR_INTERRUPTED;
      goto done;
    }
    row_kind k = kind_of(lp->rowlb[i], lp->rowub[i]);
    if (k == ROW_FREE) continue;
    tl_buf_reset(&row);
    add_name(lp, 1, i, FMT_LP, &row);
    if (row.oom) {
      rc = TL_ERR_NOMEM;
      goto done;
    }
    out_str(o, " ");
    out_mem(o, row.s, row.len);
    out_str(o, ":");
    line = row.len + 2;
    if (t.start[i] == t.start[i + 1]) {
      /* an empty row still needs a term */
      out_str(o, lp->ncols ? " 0 " : " 0 tanlu_objconst");
      if (lp->ncols) out_name(o, &cols, 0);
    }
    for (int64_t p = t.start[i]; p < t.start[i + 1]; p++) {
      prefetch_names(&cols, t.col, p, (int64_t)t.nnz);
      lp_term(o, t.val[p], &cols, t.col[p], &line);
    }
    if (k == ROW_RANGE) {
      out_str(o, " - rng_");
      out_mem(o, row.s, row.len);
    }
    out_str(o, k == ROW_L ? " <= " : k == ROW_G ? " >= " : " = ");
    out_num(o, k == ROW_L ? lp->rowub[i] : lp->rowlb[i]);
    out_str(o, "\n");
    written++;
  }
  if (!written) { /* glp_read_lp wants at least one constraint */
    out_str(o, " tanlu_empty: 0 tanlu_objconst >= 0\n");
    with_const = 1;
  }

  out_str(o, "Bounds\n");
  for (int j = 0; j < lp->ncols; j++) {
    double lb = lp->collb[j], ub = lp->colub[j];
    if (lb == 0 && ub == TL_INF) continue; /* the default */
    out_str(o, " ");
    if (lb == -TL_INF && ub == TL_INF) {
      out_name(o, &cols, j);
      out_str(o, " free\n");
      continue;
    }
    if (lb == ub) {
      out_name(o, &cols, j);
      out_str(o, " = ");
      out_num(o, lb);
      out_str(o, "\n");
      continue;
    }
    if (ub == TL_INF) {
      out_name(o, &cols, j);
      out_str(o, " >= ");
      out_num(o, lb);
      out_str(o, "\n");
      continue;
    }
    if (lb == -TL_INF)
      out_str(o, "-inf");
    else
      out_num(o, lb);
    out_str(o, " <= ");
    out_name(o, &cols, j);
    out_str(o, " <= ");
    out_num(o, ub);
    out_str(o, "\n");
  }
  for (int i = 0; i < lp->nrows; i++) {
    if (kind_of(lp->rowlb[i], lp->rowub[i]) != ROW_RANGE) continue;
    tl_buf_reset(&row);
    add_name(lp, 1, i, FMT_LP, &row);
    out_str(o, " 0 <= rng_");
    out_mem(o, row.s, row.len);
    out_str(o, " <= ");
    out_num(o, lp->rowub[i] - lp->rowlb[i]);
    out_str(o, "\n");
  }
  if (with_const) out_str(o, " tanlu_objconst = 1\n");
  if (lp->nint > 0) {
    out_str(o, "General\n");
    for (int j = 0; j < lp->ncols; j++)
      if (lp->colint[j]) {
        out_str(o, " ");
        out_name(o, &cols, j);
        out_str(o, "\n");
      }
  }
  out_str(o, "End\n");
  if (row.oom) rc = TL_ERR_NOMEM;
done:
  names_free(&cols);
  by_rows_free(&t);
  tl_buf_free(&row);
  tl_free(used, lp->ncols ? (size_t)lp->ncols : 1);
  return rc;
}

/* ---- file handling ---------------------------------------------------- */

static void io_error(tl_ctx *ctx, const char *path, const char *what,
                     int err) {
  char msg[256];
  if (strerror_r(err, msg, sizeof msg) != 0)
    snprintf(msg, sizeof msg, "error %d", err);
  tl_loc loc = {path, 0, 0};
  tl_diagf(ctx, TL_ERROR, &loc, NULL, NULL, NULL, "%s: %s", what, msg);
}

/* Rows and columns whose bounds cannot be written: lb > ub. */
static tl_status check_writable(tl_ctx *ctx, const tl_lp *lp,
                                const char *path) {
  tl_buf b;
  tl_buf_init(&b);
  tl_status rc = TL_OK;
  for (int i = 0; i < lp->nrows && rc == TL_OK; i++)
    if (!(lp->rowlb[i] <= lp->rowub[i]) || lp->rowlb[i] == TL_INF ||
        lp->rowub[i] == -TL_INF) {
      add_name(lp, 1, i, FMT_MPS, &b);
      rc = TL_ERR_INVALID;
    }
  for (int j = 0; j < lp->ncols && rc == TL_OK; j++)
    if (!(lp->collb[j] <= lp->colub[j]) || lp->collb[j] == TL_INF ||
        lp->colub[j] == -TL_INF) {
      add_name(lp, 0, j, FMT_MPS, &b);
      rc = TL_ERR_INVALID;
    }
  if (rc != TL_OK) {
    tl_loc loc = {path, 0, 0};
    tl_diagf(ctx, TL_ERROR, &loc, tl_buf_cstr(&b), NULL, NULL,
             "bounds cannot be written (lower > upper, NaN or infinite "
             "the wrong way)");
  }
  tl_buf_free(&b);
  return rc;
}

static tl_status write_file(tl_ctx *ctx, const tl_lp *lp, const char *path,
                            int fmt) {
  out o = {-1, NULL, 0, 0};
  tl_buf tmp;
  tl_status rc = TL_OK;
  int tmp_made = 0;
  tl_buf_init(&tmp);
  if (!lp || !path || !*path) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "writing an LP: the LP and a file name are required");
    return TL_ERR_ARG;
  }
  if (!lp->colstart) {
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "writing an LP: it has not been compressed (tl_lp_compress)");
    return TL_ERR_ARG;
  }
  if ((rc = check_writable(ctx, lp, path)) != TL_OK) return rc;
  o.buf = tl_malloc(OUT_CAP);
  if (!o.buf) {
    rc = TL_ERR_NOMEM;
    goto fail;
  }
  /* a fresh temporary name next to the target, so that rename is atomic */
  for (unsigned k = 0; k < 100 && o.fd < 0; k++) {
    tl_buf_reset(&tmp);
    tl_buf_printf(&tmp, "%s.tmp%ld.%u", path, (long)getpid(), k);
    if (tmp.oom) {
      rc = TL_ERR_NOMEM;
      goto fail;
    }
    o.fd = open(tmp.s, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (o.fd < 0 && errno != EEXIST) break;
  }
  if (o.fd < 0) {
    io_error(ctx, path, "cannot create a file next to it", errno);
    rc = TL_ERR_IO;
    goto fail;
  }
  tmp_made = 1;
  rc = fmt == FMT_MPS ? write_mps_body(&o, lp) : write_lp_body(&o, lp);
  if (rc != TL_OK) goto fail;
  out_flush(&o);
  if (o.err) {
    io_error(ctx, path, "cannot write", o.err);
    rc = TL_ERR_IO;
    goto fail;
  }
  int fd = o.fd;
  o.fd = -1;
  if (close(fd) != 0) {
    io_error(ctx, path, "cannot write", errno);
    rc = TL_ERR_IO;
    goto fail;
  }
  if (rename(tmp.s, path) != 0) {
    io_error(ctx, path, "cannot rename the finished file to", errno);
    rc = TL_ERR_IO;
    goto fail;
  }
  tl_free(o.buf, OUT_CAP);
  tl_buf_free(&tmp);
  return TL_OK;
fail:
  if (rc == TL_ERR_NOMEM)
    tl_diagf(ctx, TL_ERROR, NULL, NULL, NULL, NULL,
             "out of memory writing %s", path);
  if (rc == TL_ERR_INTERRUPTED)
    tl_diagf(ctx, TL_NOTICE, NULL, NULL, NULL, NULL,
             "writing %s interrupted; nothing written", path);
  if (o.fd >= 0) close(o.fd);
  if (tmp_made) unlink(tmp.s);
  tl_free(o.buf, OUT_CAP);
  tl_buf_free(&tmp);
  return rc;
}

tl_status tl_lp_write_mps(tl_ctx *ctx, const tl_lp *lp, const char *path) {
  return write_file(ctx, lp, path, FMT_MPS);
}

tl_status tl_lp_write_lp(tl_ctx *ctx, const tl_lp *lp, const char *path) {
  return write_file(ctx, lp, path, FMT_LP);
}
