/* design.c - the sampling designs of an ensemble: the Latin hypercube
 * (McKay, Beckman and Conover, 1979), the Iman-Conover rank correlation
 * (Iman and Conover, 1982) applied to it, and Morris trajectories (Morris,
 * 1991). All draws come from the streams of rng.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ensemble/ensemble.h"

/* A uniform in the open interval (0, 1): never exactly a stratum's edge,
 * so that an unbounded distribution never gets probability 0. */
static double open_uniform(tl_rng *r) {
  return ((double)(tl_rng_next(r) >> 11) + 0.5) * 0x1.0p-53;
}

int tl_ens_lhs(int n, int k, uint64_t seed, double *u) {
  int *perm = tl_malloc((size_t)n * sizeof *perm);
  if (!perm) return -1;
  for (int j = 0; j < k; j++) {
    tl_rng r;
    tl_rng_seed(&r, seed, TL_STREAM_LHS, (uint64_t)j);
    for (int i = 0; i < n; i++) perm[i] = i;
    tl_rng_shuffle(&r, perm, n);
    for (int i = 0; i < n; i++)
      u[(size_t)i * (size_t)k + (size_t)j] = (perm[i] + open_uniform(&r)) / n;
  }
  tl_free(perm, (size_t)n * sizeof *perm);
  return 0;
}

/* Lower Cholesky factor of the k x k matrix a into l; -1 when a is not
 * positive definite. */
static int cholesky(int k, const double *a, double *l) {
  memset(l, 0, (size_t)k * (size_t)k * sizeof *l);
  for (int j = 0; j < k; j++) {
    double s = a[j * k + j];
    for (int q = 0; q < j; q++) s -= l[j * k + q] * l[j * k + q];
    if (!(s > 1e-12)) return -1;
    l[j * k + j] = sqrt(s);
    for (int i = j + 1; i < k; i++) {
      double t = a[i * k + j];
      for (int q = 0; q < j; q++) t -= l[i * k + q] * l[j * k + q];
      l[i * k + j] = t / l[j * k + j];
    }
  }
  return 0;
}

/* Sort order of v[0..n) by value, ties by position (deterministic). */
typedef struct vi {
  double v;
  int i;
} vi;

static int vi_cmp(const void *pa, const void *pb) {
  const vi *a = pa, *b = pb;
  if (a->v < b->v) return -1;
  if (a->v > b->v) return 1;
  return (a->i > b->i) - (a->i < b->i);
}

int tl_ens_iman_conover(int n, int k, const double *c, uint64_t seed,
                        double *x) {
  if (n <= k) return -3;
  size_t nk = (size_t)n * (size_t)k, kk = (size_t)k * (size_t)k;
  double *sc = tl_malloc(nk * sizeof *sc); /* scores, then target scores */
  double *t = tl_malloc(kk * sizeof *t);   /* their correlation */
  double *q = tl_malloc(kk * sizeof *q), *p = tl_malloc(kk * sizeof *p);
  double *y = tl_malloc((size_t)k * sizeof *y);
  int *perm = tl_malloc((size_t)n * sizeof *perm);
  vi *ord = tl_malloc((size_t)n * sizeof *ord);
  double *col = tl_malloc((size_t)n * sizeof *col);
  int rc = -1;
  if (!sc || !t || !q || !p || !y || !perm || !ord || !col) goto done;
  rc = -2;
  if (cholesky(k, c, p)) goto done;
  /* van der Waerden scores, an independent permutation per column */
  for (int j = 0; j < k; j++) {
    tl_rng r;
    tl_rng_seed(&r, seed, TL_STREAM_SCORES, (uint64_t)j);
    for (int i = 0; i < n; i++) perm[i] = i;
    tl_rng_shuffle(&r, perm, n);
    for (int i = 0; i < n; i++)
      sc[(size_t)i * (size_t)k + (size_t)j] =
          tl_norm_quantile((perm[i] + 1.0) / (n + 1.0));
  }
  for (int a = 0; a < k; a++)
    for (int b = 0; b < k; b++) {
      double sab = 0, saa = 0, sbb = 0;
      for (int i = 0; i < n; i++) {
        double va = sc[(size_t)i * (size_t)k + (size_t)a];
        double vb = sc[(size_t)i * (size_t)k + (size_t)b];
        sab += va * vb, saa += va * va, sbb += vb * vb;
      } /* the scores of every column have mean 0 (symmetric) */
      t[a * k + b] = sab / sqrt(saa * sbb);
    }
  if (cholesky(k, t, q)) goto done; /* chance collinearity: n too small */
  /* each row r becomes P Q^-1 r: correlation T turns into C */
  for (int i = 0; i < n; i++) {
    double *row = sc + (size_t)i * (size_t)k;
    for (int a = 0; a < k; a++) {
      double s = row[a];
      for (int b = 0; b < a; b++) s -= q[a * k + b] * y[b];
      y[a] = s / q[a * k + a];
    }
    for (int a = 0; a < k; a++) {
      double s = 0;
      for (int b = 0; b <= a; b++) s += p[a * k + b] * y[b];
      row[a] = s;
    }
  }
  /* give column j of x the rank order of column j of the scores */
  for (int j = 0; j < k; j++) {
    for (int i = 0; i < n; i++) {
      col[i] = x[(size_t)i * (size_t)k + (size_t)j];
      ord[i].v = col[i];
      ord[i].i = i;
    }
    qsort(ord, (size_t)n, sizeof *ord, vi_cmp);
    for (int i = 0; i < n; i++) col[i] = ord[i].v; /* sorted values */
    for (int i = 0; i < n; i++) {
      ord[i].v = sc[(size_t)i * (size_t)k + (size_t)j];
      ord[i].i = i;
    }
    qsort(ord, (size_t)n, sizeof *ord, vi_cmp);
    for (int r = 0; r < n; r++)
      x[(size_t)ord[r].i * (size_t)k + (size_t)j] = col[r];
  }
  rc = 0;
done:
  tl_free(sc, nk * sizeof *sc);
  tl_free(t, kk * sizeof *t);
  tl_free(q, kk * sizeof *q);
  tl_free(p, kk * sizeof *p);
  tl_free(y, (size_t)k * sizeof *y);
  tl_free(perm, (size_t)n * sizeof *perm);
  tl_free(ord, (size_t)n * sizeof *ord);
  tl_free(col, (size_t)n * sizeof *col);
  return rc;
}

/* One trajectory: a random base point from which each factor can move by
 * delta in a random direction, then the factors moved one at a time in a
 * random order (the oriented matrix B* of Morris, built directly). */
int tl_ens_morris_design(int k, int r, int p, uint64_t seed, double *x,
                         int *factor, double *step) {
  int half = p / 2; /* delta in levels */
  double unit = 1.0 / (p - 1), delta = half * unit;
  int *order = tl_malloc((size_t)k * sizeof *order);
  int *level = tl_malloc((size_t)k * sizeof *level);
  int *dir = tl_malloc((size_t)k * sizeof *dir);
  int rc = -1;
  if (!order || !level || !dir) goto done;
  for (int t = 0; t < r; t++) {
    tl_rng g;
    tl_rng_seed(&g, seed, TL_STREAM_MORRIS, (uint64_t)t);
    for (int j = 0; j < k; j++) {
      dir[j] = tl_rng_below(&g, 2) ? 1 : -1;
      /* up: start in the lower p - half levels; down: in the upper ones */
      int l = (int)tl_rng_below(&g, (uint64_t)(p - half));
      level[j] = dir[j] > 0 ? l : l + half;
      order[j] = j;
    }
    tl_rng_shuffle(&g, order, k);
    double *pt = x + (size_t)t * (size_t)(k + 1) * (size_t)k;
    for (int j = 0; j < k; j++) pt[j] = level[j] * unit;
    for (int s = 0; s < k; s++) {
      double *next = pt + (size_t)(s + 1) * (size_t)k;
      memcpy(next, pt + (size_t)s * (size_t)k, (size_t)k * sizeof *next);
      int j = order[s];
      level[j] += dir[j] * half;
      next[j] = level[j] * unit;
      factor[t * k + s] = j;
      step[t * k + s] = dir[j] * delta;
    }
  }
  rc = 0;
done:
  tl_free(order, (size_t)k * sizeof *order);
  tl_free(level, (size_t)k * sizeof *level);
  tl_free(dir, (size_t)k * sizeof *dir);
  return rc;
}
