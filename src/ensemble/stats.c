/* stats.c - the statistics of an ensemble: percentiles, ranks, Pearson and
 * Spearman correlations, partial rank correlation coefficients (PRCC) by
 * Householder least squares, and Morris elementary effects. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ensemble/ensemble.h"

double tl_ens_percentile(const double *sorted, int n, double q) {
  if (n <= 0) return NAN;
  double h = (n - 1) * q;
  int lo = (int)floor(h);
  if (lo < 0) lo = 0;
  if (lo >= n - 1) return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

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

int tl_ens_ranks(const double *x, int n, double *rank) {
  vi *o = tl_malloc((size_t)n * sizeof *o);
  if (!o) return -1;
  for (int i = 0; i < n; i++) o[i].v = x[i], o[i].i = i;
  qsort(o, (size_t)n, sizeof *o, vi_cmp);
  for (int a = 0; a < n;) {
    int b = a;
    while (b + 1 < n && o[b + 1].v == o[a].v) b++;
    double r = (a + b) / 2.0 + 1; /* average of ranks a+1 .. b+1 */
    for (int q = a; q <= b; q++) rank[o[q].i] = r;
    a = b + 1;
  }
  tl_free(o, (size_t)n * sizeof *o);
  return 0;
}

double tl_ens_pearson(const double *x, const double *y, int n) {
  if (n < 2) return NAN;
  double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < n; i++) mx += x[i], my += y[i];
  mx /= n, my /= n;
  for (int i = 0; i < n; i++) {
    double dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy, sxx += dx * dx, syy += dy * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return NAN;
  return sxy / sqrt(sxx * syy);
}

double tl_ens_spearman(const double *x, const double *y, int n) {
  double *rx = tl_malloc((size_t)n * sizeof *rx);
  double *ry = tl_malloc((size_t)n * sizeof *ry);
  double v = NAN;
  if (rx && ry && !tl_ens_ranks(x, n, rx) && !tl_ens_ranks(y, n, ry))
    v = tl_ens_pearson(rx, ry, n);
  tl_free(rx, (size_t)n * sizeof *rx);
  tl_free(ry, (size_t)n * sizeof *ry);
  return v;
}

/* Householder QR of z (n x m, column-major, overwritten) applied to the
 * two vectors b1, b2 ([n], overwritten by Q'b). Returns -1 when a column
 * is (numerically) a combination of the ones before it. */
static int qr_apply(int n, int m, double *z, double *b1, double *b2) {
  for (int c = 0; c < m; c++) {
    double *v = z + (size_t)c * (size_t)n;
    /* reflections keep the column's length: the part left below row c is
     * what the earlier columns do not explain */
    double full = 0, norm = 0;
    for (int i = 0; i < n; i++) full += v[i] * v[i];
    for (int i = c; i < n; i++) norm += v[i] * v[i];
    full = sqrt(full), norm = sqrt(norm);
    if (!(norm > 1e-10 * full)) return -1;
    v[c] -= v[c] > 0 ? -norm : norm; /* v = x - alpha e1, no cancellation */
    double vv = 0;
    for (int i = c; i < n; i++) vv += v[i] * v[i];
    for (int d = c + 1; d < m; d++) {
      double *w = z + (size_t)d * (size_t)n, s = 0;
      for (int i = c; i < n; i++) s += v[i] * w[i];
      s = 2 * s / vv;
      for (int i = c; i < n; i++) w[i] -= s * v[i];
    }
    double *bs[2] = {b1, b2};
    for (int q = 0; q < 2; q++) {
      double s = 0;
      for (int i = c; i < n; i++) s += v[i] * bs[q][i];
      s = 2 * s / vv;
      for (int i = c; i < n; i++) bs[q][i] -= s * v[i];
    }
  }
  return 0;
}

int tl_ens_prcc(int n, int k, const double *x, const double *y, double *out) {
  size_t nn = (size_t)n, nk = nn * (size_t)k;
  double *rx = tl_malloc(nk * sizeof *rx); /* ranks, column-major */
  double *ry = tl_malloc(nn * sizeof *ry);
  double *col = tl_malloc(nn * sizeof *col);
  double *z = tl_malloc(nn * (size_t)k * sizeof *z); /* [1, other ranks] */
  double *b1 = tl_malloc(nn * sizeof *b1), *b2 = tl_malloc(nn * sizeof *b2);
  int rc = -1;
  for (int j = 0; j < k; j++) out[j] = NAN;
  if (!rx || !ry || !col || !z || !b1 || !b2) goto done;
  for (int j = 0; j < k; j++) {
    for (int i = 0; i < n; i++) col[i] = x[(size_t)i * (size_t)k + (size_t)j];
    if (tl_ens_ranks(col, n, rx + (size_t)j * nn)) goto done;
  }
  if (tl_ens_ranks(y, n, ry)) goto done;
  rc = 0;
  if (n <= k + 1) goto done; /* no degrees of freedom left */
  for (int j = 0; j < k; j++) {
    int m = 1;
    for (int i = 0; i < n; i++) z[i] = 1;
    for (int l = 0; l < k; l++)
      if (l != j)
        memcpy(z + (size_t)(m++) * nn, rx + (size_t)l * nn, nn * sizeof *z);
    memcpy(b1, rx + (size_t)j * nn, nn * sizeof *b1);
    memcpy(b2, ry, nn * sizeof *b2);
    if (qr_apply(n, m, z, b1, b2)) continue;
    /* the residuals are Q [0; (Q'b)[m..n)]: their products are those of
     * the trailing parts, and they have mean 0 (the intercept) */
    double s12 = 0, s11 = 0, s22 = 0;
    for (int i = m; i < n; i++)
      s12 += b1[i] * b2[i], s11 += b1[i] * b1[i], s22 += b2[i] * b2[i];
    /* ranks vary by about n^3/12 in sum of squares: a residual far below
     * that is rounding, i.e. the variable is fully explained (or constant) */
    double tiny = 1e-12 * (double)n * (double)n * (double)n;
    if (s11 > tiny && s22 > tiny) out[j] = s12 / sqrt(s11 * s22);
  }
done:
  tl_free(rx, nk * sizeof *rx);
  tl_free(ry, nn * sizeof *ry);
  tl_free(col, nn * sizeof *col);
  tl_free(z, nn * (size_t)k * sizeof *z);
  tl_free(b1, nn * sizeof *b1);
  tl_free(b2, nn * sizeof *b2);
  return rc;
}

void tl_ens_morris_effects(int k, int r, const int *factor, const double *step,
                           const double *y, const char *ok, double *mu,
                           double *mu_star, double *sigma, int *count) {
  for (int j = 0; j < k; j++) mu[j] = mu_star[j] = sigma[j] = 0, count[j] = 0;
  for (int t = 0; t < r; t++)
    for (int s = 0; s < k; s++) {
      int a = t * (k + 1) + s;
      if (!ok[a] || !ok[a + 1]) continue;
      int j = factor[t * k + s];
      double ee = (y[a + 1] - y[a]) / step[t * k + s];
      mu[j] += ee, mu_star[j] += fabs(ee), count[j]++;
    }
  for (int j = 0; j < k; j++) {
    if (count[j] == 0) {
      mu[j] = mu_star[j] = sigma[j] = NAN;
      continue;
    }
    mu[j] /= count[j], mu_star[j] /= count[j];
  }
  /* sigma in a second pass around the mean */
  for (int t = 0; t < r; t++)
    for (int s = 0; s < k; s++) {
      int a = t * (k + 1) + s;
      if (!ok[a] || !ok[a + 1]) continue;
      int j = factor[t * k + s];
      double ee = (y[a + 1] - y[a]) / step[t * k + s];
      sigma[j] += (ee - mu[j]) * (ee - mu[j]);
    }
  for (int j = 0; j < k; j++)
    sigma[j] = count[j] >= 2 ? sqrt(sigma[j] / (count[j] - 1)) : NAN;
}
