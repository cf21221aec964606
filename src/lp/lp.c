/* lp.c - LP storage: columns, rows, triplets compressed once into columns,
 * and names made on demand from a family and an index tuple. */
#include <stdlib.h>
#include <string.h>

#include "lp/lp.h"

tl_lp *tl_lp_new(const tl_model *m, const tl_lp_family *rowfams, int nrowfams,
                 const tl_lp_family *colfams, int ncolfams) {
  tl_lp *lp = tl_calloc(1, sizeof *lp);
  if (!lp) return NULL;
  lp->model = m;
  lp->rowfams = rowfams;
  lp->nrowfams = nrowfams;
  lp->colfams = colfams;
  lp->ncolfams = ncolfams;
  return lp;
}

void tl_lp_free(tl_lp *lp) {
  if (!lp) return;
  size_t c = lp->capcols, r = lp->caprows;
  tl_free(lp->obj, c * sizeof *lp->obj);
  tl_free(lp->collb, c * sizeof *lp->collb);
  tl_free(lp->colub, c * sizeof *lp->colub);
  tl_free(lp->colint, c * sizeof *lp->colint);
  tl_free(lp->colfam, c * sizeof *lp->colfam);
  tl_free(lp->colix, c * TL_LP_MAXIX * sizeof *lp->colix);
  tl_free(lp->rowlb, r * sizeof *lp->rowlb);
  tl_free(lp->rowub, r * sizeof *lp->rowub);
  tl_free(lp->rowfam, r * sizeof *lp->rowfam);
  tl_free(lp->rowix, r * TL_LP_MAXIX * sizeof *lp->rowix);
  tl_free(lp->ti, lp->capnz * sizeof *lp->ti);
  tl_free(lp->tj, lp->capnz * sizeof *lp->tj);
  tl_free(lp->tx, lp->capnz * sizeof *lp->tx);
  if (lp->colstart) tl_free(lp->colstart, ((size_t)lp->ncols + 1) * sizeof *lp->colstart);
  tl_free(lp->rowind, lp->capnnz * sizeof *lp->rowind);
  tl_free(lp->val, lp->capnnz * sizeof *lp->val);
  if (lp->aux_free) lp->aux_free(lp->aux);
  tl_free(lp, sizeof *lp);
}

/* Grow parallel arrays with realloc (large blocks move without copying);
 * each entry of arrs is the address of an array pointer whose element size
 * is in sizes. If one cannot grow, those that did are shrunk back so that
 * *cap describes them all. */
static int grow_all(void **arrs[], const size_t sizes[], int n, size_t *cap,
                    size_t need) {
  if (need <= *cap) return 0;
  size_t ncap = *cap ? *cap * 2 : 1024;
  while (ncap < need) ncap *= 2;
  for (int k = 0; k < n; k++) {
    void *p = tl_realloc(*arrs[k], *cap * sizes[k], ncap * sizes[k]);
    if (!p) {
      while (k--) {
        void *back = tl_realloc(*arrs[k], ncap * sizes[k], *cap * sizes[k]);
        if (back) *arrs[k] = back;
      }
      return -1;
    }
    *arrs[k] = p;
  }
  *cap = ncap;
  return 0;
}

int tl_lp_add_col(tl_lp *lp, int fam, const int32_t *ix, double lb, double ub,
                  double obj, int integer) {
  if (lp->ncols >= 0x7ffffffe) return -1;
  if ((size_t)lp->ncols + 1 > lp->capcols) {
    void **arrs[] = {(void **)&lp->obj,    (void **)&lp->collb,
                     (void **)&lp->colub,  (void **)&lp->colint,
                     (void **)&lp->colfam, (void **)&lp->colix};
    const size_t sizes[] = {sizeof(double),  sizeof(double),
                            sizeof(double),  sizeof(char),
                            sizeof(uint8_t), TL_LP_MAXIX * sizeof(int32_t)};
    if (grow_all(arrs, sizes, 6, &lp->capcols, (size_t)lp->ncols + 1))
      return -1;
  }
  int j = lp->ncols++;
  lp->obj[j] = obj;
  lp->collb[j] = lb;
  lp->colub[j] = ub;
  lp->colint[j] = (char)(integer != 0);
  lp->nint += integer != 0;
  lp->colfam[j] = (uint8_t)fam;
  int k = lp->colfams[fam].nidx;
  memcpy(lp->colix + (size_t)j * TL_LP_MAXIX, ix, (size_t)k * sizeof *ix);
  return j;
}

int tl_lp_add_row(tl_lp *lp, int fam, const int32_t *ix, double lb,
                  double ub) {
  if (lp->nrows >= 0x7ffffffe) return -1;
  if ((size_t)lp->nrows + 1 > lp->caprows) {
    void **arrs[] = {(void **)&lp->rowlb, (void **)&lp->rowub,
                     (void **)&lp->rowfam, (void **)&lp->rowix};
    const size_t sizes[] = {sizeof(double), sizeof(double), sizeof(uint8_t),
                            TL_LP_MAXIX * sizeof(int32_t)};
    if (grow_all(arrs, sizes, 4, &lp->caprows, (size_t)lp->nrows + 1))
      return -1;
  }
  int i = lp->nrows++;
  lp->rowlb[i] = lb;
  lp->rowub[i] = ub;
  lp->rowfam[i] = (uint8_t)fam;
  int k = lp->rowfams[fam].nidx;
  memcpy(lp->rowix + (size_t)i * TL_LP_MAXIX, ix, (size_t)k * sizeof *ix);
  return i;
}

int tl_lp_add_nz(tl_lp *lp, int row, int col, double v) {
  if (v == 0) return 0;
  /* rows may be added after their entries; compression checks them */
  if (row < 0 || col < 0 || col >= lp->ncols || lp->colstart) return -1;
  if (lp->nz + 1 > lp->capnz) {
    void **arrs[] = {(void **)&lp->ti, (void **)&lp->tj, (void **)&lp->tx};
    const size_t sizes[] = {sizeof(int32_t), sizeof(int32_t), sizeof(double)};
    if (grow_all(arrs, sizes, 3, &lp->capnz, lp->nz + 1)) return -1;
  }
  lp->ti[lp->nz] = row;
  lp->tj[lp->nz] = col;
  lp->tx[lp->nz] = v;
  lp->nz++;
  return 0;
}

static int is_sorted(const int32_t *r, int64_t n) {
  for (int64_t k = 1; k < n; k++)
    if (r[k - 1] > r[k]) return 0;
  return 1;
}

typedef struct rv {
  int32_t r;
  int32_t seq; /* keeps equal rows in the order they were added */
  double v;
} rv;

static int rv_cmp(const void *a, const void *b) {
  const rv *x = a, *y = b;
  if (x->r != y->r) return x->r < y->r ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A long column out of row order: sort it with qsort. 0 or -1 (oom). */
static int sort_long_column(int32_t *r, double *v, int64_t n) {
  rv *t = tl_malloc((size_t)n * sizeof *t);
  if (!t) return -1;
  for (int64_t k = 0; k < n; k++) {
    t[k].r = r[k];
    t[k].seq = (int32_t)k;
    t[k].v = v[k];
  }
  qsort(t, (size_t)n, sizeof *t, rv_cmp);
  for (int64_t k = 0; k < n; k++) {
    r[k] = t[k].r;
    v[k] = t[k].v;
  }
  tl_free(t, (size_t)n * sizeof *t);
  return 0;
}

int tl_lp_compress(tl_lp *lp) {
  if (lp->colstart) return -1; /* already compressed */
  for (size_t k = 0; k < lp->nz; k++)
    if (lp->ti[k] >= lp->nrows) return -1;
  size_t nc = (size_t)lp->ncols, nz = lp->nz;
  int64_t *start = tl_calloc(nc + 1, sizeof *start);
  int32_t *ri = tl_malloc((nz) * sizeof *ri);
  double *vx = tl_malloc((nz) * sizeof *vx);
    if (!start || !ri || !vx) goto fail;
  /* Scatter the triplets by column, keeping the order they were added in,
   * then sort each column by row: the builder adds most columns' entries
   * in row order already, so insertion sort does little work. */
  for (size_t k = 0; k < nz; k++) start[lp->tj[k] + 1]++;
  for (size_t j = 0; j < nc; j++) start[j + 1] += start[j];
  for (size_t k = 0; k < nz; k++) {
    int64_t p = start[lp->tj[k]]++;
    ri[p] = lp->ti[k];
    vx[p] = lp->tx[k];
  }
  for (size_t j = nc; j > 0; j--) start[j] = start[j - 1];
  start[0] = 0;
  for (size_t j = 0; j < nc; j++) {
    int64_t len = start[j + 1] - start[j];
    if (len > 32 && !is_sorted(ri + start[j], len)) {
      if (sort_long_column(ri + start[j], vx + start[j], len)) goto fail;
      continue;
    }
    for (int64_t p = start[j] + 1; p < start[j + 1]; p++) {
      int32_t r = ri[p];
      double v = vx[p];
      int64_t q = p;
      while (q > start[j] && ri[q - 1] > r) {
        ri[q] = ri[q - 1];
        vx[q] = vx[q - 1];
        q--;
      }
      ri[q] = r;
      vx[q] = v;
    }
  }
  /* Sum duplicates (adjacent now) and drop zeros, compacting in place. */
  {
    int64_t w = 0;
    for (size_t j = 0; j < nc; j++) {
      int64_t b = start[j], e = start[j + 1];
      start[j] = w;
      for (int64_t p = b; p < e; p++) {
        if (w > start[j] && ri[w - 1] == ri[p])
          vx[w - 1] += vx[p];
        else {
          ri[w] = ri[p];
          vx[w] = vx[p];
          w++;
        }
      }
      /* drop entries that summed to zero */
      int64_t w2 = start[j];
      for (int64_t p = start[j]; p < w; p++)
        if (vx[p] != 0) {
          ri[w2] = ri[p];
          vx[w2] = vx[p];
          w2++;
        }
      w = w2;
    }
    start[nc] = w;
    lp->nnz = w;
  }
  lp->capnnz = nz ? nz : 1; /* entry arrays keep their triplet size */
  lp->nnz = start[nc];
  lp->colstart = start;
  lp->rowind = ri;
  lp->val = vx;
  tl_free(lp->ti, lp->capnz * sizeof *lp->ti);
  tl_free(lp->tj, lp->capnz * sizeof *lp->tj);
  tl_free(lp->tx, lp->capnz * sizeof *lp->tx);
  lp->ti = lp->tj = NULL;
  lp->tx = NULL;
  lp->capnz = lp->nz = 0;
  return 0;
fail:
  tl_free(start, (nc + 1) * sizeof *start);
  tl_free(ri, (nz) * sizeof *ri);
  tl_free(vx, (nz) * sizeof *vx);
  return -1;
}

static void name_of(const tl_lp *lp, const tl_lp_family *f, const int32_t *ix,
                    tl_buf *b) {
  tl_buf_adds(b, f->name);
  if (!lp->model) return;
  if (!f->nidx) return;
  tl_buf_addc(b, '[');
  for (int k = 0; k < f->nidx; k++) {
    const tl_set *s = &lp->model->sets[f->idx[k]];
    if (k) tl_buf_addc(b, ',');
    if (ix[k] >= 0 && ix[k] < s->n)
      tl_buf_adds(b, s->name[ix[k]]);
    else
      tl_buf_adds(b, "?");
  }
  tl_buf_addc(b, ']');
}

void tl_lp_row_name(const tl_lp *lp, int i, tl_buf *b) {
  name_of(lp, &lp->rowfams[lp->rowfam[i]], lp->rowix + (size_t)i * TL_LP_MAXIX,
          b);
}

void tl_lp_col_name(const tl_lp *lp, int j, tl_buf *b) {
  name_of(lp, &lp->colfams[lp->colfam[j]], lp->colix + (size_t)j * TL_LP_MAXIX,
          b);
}

tl_solution *tl_solution_new(const tl_lp *lp) {
  tl_solution *s = tl_calloc(1, sizeof *s);
  if (!s) return NULL;
  s->nrows = lp->nrows;
  s->ncols = lp->ncols;
  size_t r = (size_t)lp->nrows ? (size_t)lp->nrows : 1;
  size_t c = (size_t)lp->ncols ? (size_t)lp->ncols : 1;
  s->x = tl_calloc(c, sizeof *s->x);
  s->redcost = tl_calloc(c, sizeof *s->redcost);
  s->rowact = tl_calloc(r, sizeof *s->rowact);
  s->rowdual = tl_calloc(r, sizeof *s->rowdual);
  if (!s->x || !s->redcost || !s->rowact || !s->rowdual) {
    tl_solution_free(s);
    return NULL;
  }
  return s;
}

void tl_solution_free(tl_solution *s) {
  if (!s) return;
  size_t r = (size_t)s->nrows ? (size_t)s->nrows : 1;
  size_t c = (size_t)s->ncols ? (size_t)s->ncols : 1;
  tl_free(s->x, c * sizeof *s->x);
  tl_free(s->redcost, c * sizeof *s->redcost);
  tl_free(s->rowact, r * sizeof *s->rowact);
  tl_free(s->rowdual, r * sizeof *s->rowdual);
  tl_free(s, sizeof *s);
}

tl_solve_status tl_solution_status(const tl_solution *s) {
  return s ? s->status : TL_SOLVE_NOT_RUN;
}
double tl_solution_objective(const tl_solution *s) { return s ? s->objective : 0; }
long tl_solution_iterations(const tl_solution *s) { return s ? s->iterations : 0; }

void tl_lp_size(const tl_lp *lp, int *rows, int *cols, long *nonzeros,
                int *integers) {
  if (rows) *rows = lp->nrows;
  if (cols) *cols = lp->ncols;
  if (nonzeros) *nonzeros = lp->colstart ? (long)lp->nnz : (long)lp->nz;
  if (integers) *integers = lp->nint;
}
