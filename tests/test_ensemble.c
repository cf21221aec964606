/* test_ensemble.c - ensembles: the random streams and distributions
 * against known values and moments, the Latin hypercube's strata,
 * Iman-Conover's rank correlations, PRCC against an independent formula,
 * Morris effects of a function worked out by hand, the spec's errors, the
 * collected outputs against the reference tables of UTOPIA, warm starts
 * against cold ones, and whole UTOPIA ensembles: the same files with one
 * or two processes, with the results moved between "ranks", and for the
 * same seed twice. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ensemble/ensemble.h"

static int failures = 0;
#define CHECK(cond, ...)                                   \
  do {                                                     \
    if (!(cond)) {                                         \
      failures++;                                          \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                        \
      fputc('\n', stderr);                                 \
    }                                                      \
  } while (0)

#define UTOPIA "tests/models/utopia.txt"

static char dir[] = "/tmp/tanlu_ensemble_XXXXXX";

static const char *path_in(const char *name) {
  static char p[4][600];
  static int k = 0;
  k = (k + 1) % 4;
  snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
  return p[k];
}

static const char *write_file(const char *name, const char *text) {
  const char *p = path_in(name);
  FILE *f = fopen(p, "w");
  if (!f) return NULL;
  fputs(text, f);
  fclose(f);
  return p;
}

/* The whole file as a malloc'd string ("" when missing); *len its size. */
static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *s = NULL;
  size_t n = 0, cap = 0;
  if (f) {
    char buf[65536];
    size_t r;
    while ((r = fread(buf, 1, sizeof buf, f)) > 0) {
      if (n + r + 1 > cap) {
        cap = 2 * (n + r + 1);
        s = realloc(s, cap);
      }
      memcpy(s + n, buf, r);
      n += r;
    }
    fclose(f);
  }
  if (!s) s = calloc(1, 1);
  s[n] = '\0';
  if (len) *len = n;
  return s;
}

static int same_file(const char *a, const char *b) {
  size_t na, nb;
  char *x = slurp(a, &na), *y = slurp(b, &nb);
  int same = na == nb && na > 0 && !memcmp(x, y, na);
  free(x);
  free(y);
  return same;
}

static int has_error(tl_ctx *ctx, int line, const char *text) {
  for (int i = 0; i < tl_ctx_diag_count(ctx); i++) {
    const tl_diag *d = tl_ctx_diag(ctx, i);
    if (d->severity == TL_ERROR && (line == 0 || d->line == line) &&
        d->message && strstr(d->message, text))
      return 1;
  }
  return 0;
}

/* ---- random numbers and distributions ------------------------------------ */

static void test_rng(void) {
  tl_rng a, b, c;
  tl_rng_seed(&a, 42, 1, 0);
  tl_rng_seed(&b, 42, 1, 0);
  tl_rng_seed(&c, 42, 1, 1);
  int same = 1, differ = 0;
  for (int i = 0; i < 100; i++) {
    uint64_t x = tl_rng_next(&a), y = tl_rng_next(&b), z = tl_rng_next(&c);
    same &= x == y;
    differ += x != z;
  }
  CHECK(same, "one seed and stream give one sequence");
  CHECK(differ == 100, "another index gives another sequence");
  /* uniforms in [0, 1) with the mean 1/2 and variance 1/12 */
  double s = 0, ss = 0;
  int n = 200000, inside = 1;
  for (int i = 0; i < n; i++) {
    double u = tl_rng_uniform(&a);
    inside &= u >= 0 && u < 1;
    s += u, ss += u * u;
  }
  double mean = s / n, var = ss / n - mean * mean;
  CHECK(inside, "uniform outside [0, 1)");
  CHECK(fabs(mean - 0.5) < 0.005 && fabs(var - 1.0 / 12) < 0.002,
        "uniform moments %g %g", mean, var);
  int counts[7] = {0};
  for (int i = 0; i < 70000; i++) counts[tl_rng_below(&a, 7)]++;
  for (int k = 0; k < 7; k++)
    CHECK(abs(counts[k] - 10000) < 500, "tl_rng_below(7) bucket %d: %d", k,
          counts[k]);
}

static void test_normal(void) {
  /* quantiles from tables (Abramowitz and Stegun 26.2; 17 digits from
   * the exact inverse) */
  static const double p[] = {0.5, 0.975, 0.001, 0.8413447460685429, 1e-10};
  static const double z[] = {0, 1.959963984540054, -3.090232306167813, 1.0,
                             -6.361340902404056};
  for (int i = 0; i < 5; i++)
    CHECK(fabs(tl_norm_quantile(p[i]) - z[i]) < 1e-12 * fmax(1, fabs(z[i])),
          "normal quantile(%g) = %.17g, want %.17g", p[i],
          tl_norm_quantile(p[i]), z[i]);
  double worst = 0;
  for (int i = 1; i < 1000; i++) {
    double q = i / 1000.0;
    worst = fmax(worst, fabs(tl_norm_cdf(tl_norm_quantile(q)) - q));
  }
  CHECK(worst < 1e-15, "Phi(Phi^-1(p)) - p up to %g", worst);
  CHECK(fabs(tl_norm_cdf(1) - 0.8413447460685429) < 1e-15, "Phi(1)");
}

/* Mean and variance of a distribution from a large Latin hypercube. */
static void moments(const tl_dist *d, double *mean, double *var) {
  int n = 20000;
  double *u = malloc((size_t)n * sizeof *u);
  tl_ens_lhs(n, 1, 7, u);
  double s = 0, ss = 0;
  for (int i = 0; i < n; i++) s += tl_dist_quantile(d, u[i]);
  *mean = s / n;
  for (int i = 0; i < n; i++) {
    double x = tl_dist_quantile(d, u[i]) - *mean;
    ss += x * x;
  }
  *var = ss / (n - 1);
  free(u);
}

static void test_distributions(void) {
  const double inf = HUGE_VAL;
  struct {
    tl_dist d;
    double mean, var; /* by the textbook formulas */
  } t[] = {
      {{TL_DIST_UNIFORM, 2, 5, 0, -inf, inf}, 3.5, 9.0 / 12},
      /* triangular (a, c, b) = (1, 2, 6): (a+b+c)/3 and
       * (a^2+b^2+c^2-ab-ac-bc)/18 = (1+36+4-6-2-12)/18 */
      {{TL_DIST_TRIANGULAR, 1, 6, 2, -inf, inf}, 3, 21.0 / 18},
      {{TL_DIST_NORMAL, 10, 2, 0, -inf, inf}, 10, 4},
      /* lognormal: exp(mu + s^2/2), (exp(s^2) - 1) exp(2 mu + s^2) */
      {{TL_DIST_LOGNORMAL, 0.1, 0.3, 0, -inf, inf},
       exp(0.145),
       (exp(0.09) - 1) * exp(0.29)},
      /* standard normal truncated to [-1, 1]: mean 0, variance
       * 1 - 2 phi(1) / (Phi(1) - Phi(-1)) */
      {{TL_DIST_NORMAL, 0, 1, 0, -1, 1},
       0,
       1 - 2 * 0.24197072451914337 / 0.6826894921370859},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    double mean, var;
    CHECK(tl_dist_check(&t[i].d) == NULL, "dist %zu rejected", i);
    moments(&t[i].d, &mean, &var);
    double sd = sqrt(t[i].var);
    CHECK(fabs(mean - t[i].mean) < 2e-3 * sd, "%s mean %.8g, want %.8g",
          tl_dist_name(t[i].d.type), mean, t[i].mean);
    CHECK(fabs(var - t[i].var) < 0.01 * t[i].var, "%s variance %.8g, want %.8g",
          tl_dist_name(t[i].d.type), var, t[i].var);
  }
  tl_dist tri = {TL_DIST_TRIANGULAR, 1, 6, 2, 0, 0};
  CHECK(tl_dist_quantile(&tri, 0) == 1 && tl_dist_quantile(&tri, 1) == 6,
        "triangular ends");
  CHECK(fabs(tl_dist_quantile(&tri, 0.2) - 2) < 1e-12,
        "triangular mode at F = 1/5");
  tl_dist tn = {TL_DIST_NORMAL, 0, 1, 0, -1, 1};
  CHECK(tl_dist_quantile(&tn, 0) >= -1 && tl_dist_quantile(&tn, 1) <= 1,
        "truncated normal stays in [min, max]");
  tl_dist bad = {TL_DIST_TRIANGULAR, 1, 6, 7, 0, 0};
  CHECK(tl_dist_check(&bad) != NULL, "mode beyond max accepted");
  tl_dist bad2 = {TL_DIST_NORMAL, 0, 0, 0, -inf, inf};
  CHECK(tl_dist_check(&bad2) != NULL, "sd 0 accepted");
}

/* ---- designs ------------------------------------------------------------- */

static void test_lhs(void) {
  int n = 50, k = 4;
  double *u = malloc((size_t)(n * k) * sizeof *u);
  int *hit = calloc((size_t)n, sizeof *hit);
  CHECK(tl_ens_lhs(n, k, 11, u) == 0, "lhs");
  for (int j = 0; j < k; j++) {
    memset(hit, 0, (size_t)n * sizeof *hit);
    int ok = 1;
    for (int i = 0; i < n; i++) {
      double v = u[i * k + j];
      ok &= v > 0 && v < 1;
      int s = (int)floor(v * n);
      if (s >= 0 && s < n) hit[s]++;
    }
    int once = 1;
    for (int s = 0; s < n; s++) once &= hit[s] == 1;
    CHECK(ok, "values outside (0, 1) in column %d", j);
    CHECK(once, "column %d does not hit each of the %d strata once", j, n);
  }
  /* the same seed gives the same design; another seed another */
  double *v = malloc((size_t)(n * k) * sizeof *v);
  tl_ens_lhs(n, k, 11, v);
  CHECK(!memcmp(u, v, (size_t)(n * k) * sizeof *u), "lhs not reproducible");
  tl_ens_lhs(n, k, 12, v);
  CHECK(memcmp(u, v, (size_t)(n * k) * sizeof *u), "seed ignored");
  free(u);
  free(v);
  free(hit);
}

static int dbl_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void test_iman_conover(void) {
  int n = 1000, k = 3;
  double c[9] = {1, 0.7, -0.3, 0.7, 1, 0, -0.3, 0, 1};
  double *x = malloc((size_t)(n * k) * sizeof *x);
  double *before = malloc((size_t)(n * k) * sizeof *x);
  double *col = malloc((size_t)n * sizeof *col),
         *col2 = malloc((size_t)n * sizeof *col);
  tl_ens_lhs(n, k, 5, x);
  memcpy(before, x, (size_t)(n * k) * sizeof *x);
  CHECK(tl_ens_iman_conover(n, k, c, 5, x) == 0, "iman-conover");
  double *a = malloc((size_t)n * sizeof *a), *b = malloc((size_t)n * sizeof *b);
  for (int p = 0; p < k; p++)
    for (int q = p + 1; q < k; q++) {
      for (int i = 0; i < n; i++) a[i] = x[i * k + p], b[i] = x[i * k + q];
      double rho = tl_ens_spearman(a, b, n);
      CHECK(fabs(rho - c[p * k + q]) < 0.03,
            "rank correlation %d,%d: %g, want %g", p, q, rho, c[p * k + q]);
    }
  /* only the order changed: each column keeps its values (and strata) */
  for (int j = 0; j < k; j++) {
    for (int i = 0; i < n; i++)
      col[i] = before[i * k + j], col2[i] = x[i * k + j];
    qsort(col, (size_t)n, sizeof *col, dbl_cmp);
    qsort(col2, (size_t)n, sizeof *col2, dbl_cmp);
    CHECK(!memcmp(col, col2, (size_t)n * sizeof *col), "column %d lost values",
          j);
  }
  double bad[9] = {1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1};
  CHECK(tl_ens_iman_conover(n, k, bad, 5, x) == -2,
        "inconsistent correlations");
  CHECK(tl_ens_iman_conover(3, k, c, 5, x) == -3, "n <= k accepted");
  free(x);
  free(before);
  free(col);
  free(col2);
  free(a);
  free(b);
}

/* Partial correlations the textbook way: invert the correlation matrix P
 * of the ranks of (x_1..x_k, y); PRCC_j = -P^-1[j,y] / sqrt(P^-1[j,j]
 * P^-1[y,y]). Gauss-Jordan with partial pivoting. */
static void prcc_by_inverse(int n, int k, const double *x, const double *y,
                            double *out) {
  int m = k + 1;
  double *r = malloc((size_t)(n * m) * sizeof *r),
         *col = malloc((size_t)n * sizeof *col);
  double *a = calloc((size_t)(m * 2 * m), sizeof *a);
  for (int j = 0; j < m; j++) {
    for (int i = 0; i < n; i++) col[i] = j < k ? x[i * k + j] : y[i];
    tl_ens_ranks(col, n, r + j * n);
  }
  for (int p = 0; p < m; p++) {
    for (int q = 0; q < m; q++)
      a[p * 2 * m + q] = tl_ens_pearson(r + p * n, r + q * n, n);
    a[p * 2 * m + m + p] = 1;
  }
  for (int c = 0; c < m; c++) {
    int piv = c;
    for (int p = c + 1; p < m; p++)
      if (fabs(a[p * 2 * m + c]) > fabs(a[piv * 2 * m + c])) piv = p;
    for (int q = 0; q < 2 * m; q++) {
      double t = a[c * 2 * m + q];
      a[c * 2 * m + q] = a[piv * 2 * m + q];
      a[piv * 2 * m + q] = t;
    }
    double d = a[c * 2 * m + c];
    for (int q = 0; q < 2 * m; q++) a[c * 2 * m + q] /= d;
    for (int p = 0; p < m; p++) {
      if (p == c) continue;
      double f = a[p * 2 * m + c];
      for (int q = 0; q < 2 * m; q++) a[p * 2 * m + q] -= f * a[c * 2 * m + q];
    }
  }
#define INV(p, q) a[(p)*2 * m + m + (q)]
  for (int j = 0; j < k; j++) out[j] = -INV(j, k) / sqrt(INV(j, j) * INV(k, k));
#undef INV
  free(r);
  free(col);
  free(a);
}

static void test_prcc(void) {
  int n = 300, k = 3;
  double *x = malloc((size_t)(n * k) * sizeof *x),
         *y = malloc((size_t)n * sizeof *y);
  double out[3], ref[3];
  tl_ens_lhs(n, k, 9, x);
  /* monotone in x0 (up) and x1 (down), x2 does nothing but noise */
  tl_rng g;
  tl_rng_seed(&g, 3, 99, 0);
  for (int i = 0; i < n; i++)
    y[i] = exp(2 * x[i * k]) - 3 * x[i * k + 1] * x[i * k + 1] +
           0.3 * (tl_rng_uniform(&g) - 0.5);
  CHECK(tl_ens_prcc(n, k, x, y, out) == 0, "prcc");
  prcc_by_inverse(n, k, x, y, ref);
  for (int j = 0; j < k; j++)
    CHECK(fabs(out[j] - ref[j]) < 1e-10, "prcc[%d] = %.15g, by inverse %.15g",
          j, out[j], ref[j]);
  CHECK(out[0] > 0.8 && out[1] < -0.8 && fabs(out[2]) < 0.2,
        "prcc signs and sizes: %g %g %g", out[0], out[1], out[2]);
  /* one input: PRCC is Spearman's correlation */
  double one;
  double *x0 = malloc((size_t)n * sizeof *x0);
  for (int i = 0; i < n; i++) x0[i] = x[i * k];
  tl_ens_prcc(n, 1, x0, y, &one);
  CHECK(fabs(one - tl_ens_spearman(x0, y, n)) < 1e-12, "prcc with one input");
  /* y = x0 exactly: 1 for x0; the others are undefined (nothing is left
   * of y once x0 is regressed out) */
  tl_ens_prcc(n, k, x, x0, out);
  CHECK(fabs(out[0] - 1) < 1e-12 && isnan(out[1]) && isnan(out[2]),
        "prcc of y = x0: %g %g %g", out[0], out[1], out[2]);
  /* too few members */
  tl_ens_prcc(4, k, x, y, out);
  CHECK(isnan(out[0]) && isnan(out[1]) && isnan(out[2]),
        "prcc with n <= k + 1");
  free(x);
  free(y);
  free(x0);
}

static void test_morris(void) {
  /* y = 2a + b^2 on the unit square, p = 4 levels {0, 1/3, 2/3, 1}, step
   * 2/3. By hand: every effect of a is (2(a+d) - 2a)/d = 2. An effect of
   * b spans b -> b + 2/3 from b = 0 ((4/9 - 0)/(2/3) = 2/3) or from
   * b = 1/3 ((1 - 1/9)/(2/3) = 4/3), downward steps the same: so each is
   * 2/3 or 4/3, equally likely; mu* -> 1 and sigma -> 1/3. */
  int k = 2, r = 2000, p = 4;
  int np = r * (k + 1);
  double *x = malloc((size_t)(np * k) * sizeof *x),
         *y = malloc((size_t)np * sizeof *y);
  double *step = malloc((size_t)(r * k) * sizeof *step);
  int *factor = malloc((size_t)(r * k) * sizeof *factor);
  char *ok = malloc((size_t)np);
  CHECK(tl_ens_morris_design(k, r, p, 17, x, factor, step) == 0,
        "morris design");
  int grid = 1, one_move = 1;
  for (int i = 0; i < np * k; i++) {
    double l = x[i] * (p - 1);
    grid &= fabs(l - floor(l + 0.5)) < 1e-12 && x[i] >= 0 && x[i] <= 1;
  }
  for (int t = 0; t < r; t++) {
    int moved[2] = {0, 0};
    for (int s = 0; s < k; s++) {
      moved[factor[t * k + s]]++;
      one_move &= fabs(fabs(step[t * k + s]) - 2.0 / 3) < 1e-15;
    }
    one_move &= moved[0] == 1 && moved[1] == 1;
  }
  CHECK(grid, "Morris points off the grid");
  CHECK(one_move, "each factor must move once per trajectory by 2/3");
  for (int i = 0; i < np; i++) {
    double a = x[i * k], b = x[i * k + 1];
    y[i] = 2 * a + b * b;
    ok[i] = 1;
  }
  double mu[2], mus[2], sig[2];
  int cnt[2];
  tl_ens_morris_effects(k, r, factor, step, y, ok, mu, mus, sig, cnt);
  CHECK(cnt[0] == r && cnt[1] == r, "effects counted %d %d", cnt[0], cnt[1]);
  CHECK(fabs(mus[0] - 2) < 1e-12 && fabs(mu[0] - 2) < 1e-12 && sig[0] < 1e-12,
        "effects of a: mu* %.15g mu %.15g sigma %g", mus[0], mu[0], sig[0]);
  CHECK(mus[1] >= 2.0 / 3 - 1e-12 && mus[1] <= 4.0 / 3 + 1e-12 &&
            fabs(mus[1] - 1) < 0.03 && fabs(sig[1] - 1.0 / 3) < 0.01,
        "effects of b: mu* %g sigma %g", mus[1], sig[1]);
  /* a missing point removes the two effects it ends */
  ok[1] = 0;
  tl_ens_morris_effects(k, r, factor, step, y, ok, mu, mus, sig, cnt);
  CHECK(cnt[0] + cnt[1] == 2 * r - 2, "a missing point: %d effects",
        cnt[0] + cnt[1]);
  free(x);
  free(y);
  free(step);
  free(factor);
  free(ok);
}

static void test_stats(void) {
  double s[4] = {1, 2, 3, 4};
  CHECK(tl_ens_percentile(s, 4, 0.5) == 2.5, "median of 1..4");
  CHECK(fabs(tl_ens_percentile(s, 4, 0.05) - 1.15) < 1e-15, "p5 of 1..4");
  CHECK(tl_ens_percentile(s, 4, 1) == 4 && tl_ens_percentile(s, 1, 0.3) == 1,
        "percentile ends");
  double x[4] = {3, 1, 3, 2}, r[4];
  tl_ens_ranks(x, 4, r);
  CHECK(r[0] == 3.5 && r[1] == 1 && r[2] == 3.5 && r[3] == 2,
        "ranks with ties");
}

/* ---- the spec ------------------------------------------------------------ */

static const char *SPEC =
    "parameters:\n"
    "  - name: capex_coal\n"
    "    parameter: CapitalCost\n"
    "    index: \"UTOPIA,E01,*\"\n"
    "    dist: {type: triangular, min: 0.8, mode: 1.0, max: 1.6}\n"
    "  - name: diesel\n"
    "    parameter: VariableCost\n"
    "    index: \"UTOPIA,IMPDSL1,*,*\"\n"
    "    dist: {type: lognormal, mu: 0, sigma: 0.2}\n"
    "  - name: heat\n"
    "    parameter: SpecifiedAnnualDemand\n"
    "    index: \"UTOPIA,RH,*\"\n"
    "    dist: {type: normal, mean: 1, sd: 0.05, min: 0.9, max: 1.1}\n"
    "correlations:\n"
    "  - [capex_coal, diesel, 0.5]\n"
    "targets:\n"
    "  - \"AnnualEmissions UTOPIA,CO2,2010 <= 15\"\n"
    "  - \"AnnualEmissions CO2 2010 <= 15\"\n"
    "  - \"objective < 30000\"\n";

static void test_spec_errors(void) {
  static const struct {
    const char *text;
    int line;
    const char *msg;
  } bad[] = {
      {"parameters:\n  - name: a\n    parameter: CapitalCost\n    index: "
       "\"*,*,*\"\n"
       "    dist: {type: uniform, min: 1, max: 0.5}\n",
       5, "min must be below max"},
      {"parameters:\n  - name: a\n    parameter: CapitalCost\n    index: "
       "\"*,*,*\"\n"
       "    dist: {type: gamma, k: 2}\n",
       5, "type must be"},
      {"parameters:\n  - name: a\n    parameter: CapitalCost\n    indx: "
       "\"*,*,*\"\n"
       "    dist: {type: uniform, min: 1, max: 2}\n",
       4, "unknown key (did you mean 'index'?)"},
      {"parameters:\n  - name: a\n    parameter: CapitalCost\n    index: "
       "\"*,*,*\"\n"
       "    op: multiply\n    dist: {type: uniform, min: 1, max: 2}\n",
       5, "op must be"},
      {"parameters:\n  - name: a\n    parameter: CapitalCost\n    index: "
       "\"*,*,*\"\n"
       "    dist: {type: uniform, min: 1, max: 2}\ncorrelations:\n  - [a, b, "
       "0.5]\n",
       7, "not the name of a parameter"},
      {"parameters:\n  - name: a\n    parameter: CapitalCost\n    index: "
       "\"*,*,*\"\n"
       "    dist: {type: uniform, min: 1, max: 2}\ntargets:\n  - \"objective "
       "about 3\"\n",
       7, "a target reads"},
      {"parameters: [\n", 2, "YAML"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    tl_ctx *ctx = tl_ctx_new();
    tl_ens_spec *s = NULL;
    const char *p = write_file("bad.yaml", bad[i].text);
    tl_status st = tl_ens_spec_read(ctx, p, &s);
    CHECK(st == TL_ERR_PARSE && !s, "bad spec %zu accepted (%d)", i, st);
    CHECK(has_error(ctx, bad[i].line, bad[i].msg),
          "bad spec %zu: no '%s' on line %d", i, bad[i].msg, bad[i].line);
    tl_ctx_free(ctx);
  }
  /* errors found against the model: a parameter, a set member, an output */
  static const struct {
    const char *text;
    int line;
    const char *msg;
  } bad_model[] = {
      {"parameters:\n  - name: a\n    parameter: CapitalCots\n    index: "
       "\"*,*,*\"\n"
       "    dist: {type: uniform, min: 1, max: 2}\n",
       3, "did you mean 'CapitalCost'"},
      {"parameters:\n  - name: a\n    parameter: CapitalCost\n    index: "
       "\"UTOPIA,E99,*\"\n"
       "    dist: {type: uniform, min: 1, max: 2}\n",
       4, "not a member of TECHNOLOGY"},
      {"parameters:\n  - name: a\n    parameter: CapitalCost\n    index: "
       "\"UTOPIA,E01\"\n"
       "    dist: {type: uniform, min: 1, max: 2}\n",
       4, "3 members needed"},
      {"parameters:\n  - name: a\n    parameter: CapitalCost\n    index: "
       "\"UTOPIA,E01,*\"\n"
       "    dist: {type: uniform, min: 1, max: 2}\noutputs: [Emissions]\n",
       6, "unknown output"},
      {"parameters:\n  - name: a\n    parameter: AnnualGHGLimit\n    index: "
       "\"*,*\"\n"
       "    dist: {type: uniform, min: 1, max: 2}\n",
       4, "matches nothing"},
      {"parameters:\n  - name: a\n    parameter: CapitalCost\n    index: "
       "\"UTOPIA,E01,2020:2030\"\n"
       "    dist: {type: uniform, min: 1, max: 2}\n",
       4, "the range holds no member of YEAR"},
      {"parameters:\n  - name: a\n    parameter: CapitalCost\n    index: "
       "\"UTOPIA,E01,2005:2000\"\n"
       "    dist: {type: uniform, min: 1, max: 2}\n",
       4, "a range is FIRST:LAST"},
  };
  for (size_t i = 0; i < sizeof bad_model / sizeof bad_model[0]; i++) {
    tl_ctx *ctx = tl_ctx_new();
    tl_model *m = NULL;
    tl_ens_spec *s = NULL;
    tl_ensemble *e = NULL;
    tl_model_read(ctx, UTOPIA, &m);
    const char *p = write_file("bad.yaml", bad_model[i].text);
    CHECK(tl_ens_spec_read(ctx, p, &s) == TL_OK, "model spec %zu does not read",
          i);
    tl_status st = s && m ? tl_ens_new(ctx, m, s, NULL, &e) : TL_ERR_ARG;
    CHECK(st == TL_ERR_INVALID && !e, "spec %zu accepted against the model", i);
    CHECK(has_error(ctx, bad_model[i].line, bad_model[i].msg),
          "spec %zu: no '%s' on line %d", i, bad_model[i].msg,
          bad_model[i].line);
    tl_ens_spec_free(s);
    tl_model_free(m);
    tl_ctx_free(ctx);
  }
}

/* Ranges of years and wildcards: the cells an index names. */
static void test_ranges(void) {
  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = NULL;
  tl_ens_spec *s = NULL;
  tl_ensemble *e = NULL;
  const char *p = write_file(
      "ranges.yaml",
      "parameters:\n"
      "  - {name: a, parameter: SpecifiedAnnualDemand, index: "
      "\"UTOPIA,RH,2000:\",\n"
      "     dist: {type: uniform, min: 1, max: 2}}\n"
      "  - {name: b, parameter: CapitalCost, index: \"UTOPIA,E01,1995:1999\", "
      "op: set,\n"
      "     dist: {type: uniform, min: 1, max: 2}}\n"
      "  - {name: c, parameter: DiscountRate, index: UTOPIA, op: shift,\n"
      "     dist: {type: uniform, min: 0, max: 0.01}}\n"
      "outputs: [\"NewCapacity UTOPIA,E01,:1991\", \"EmissionsCO2e 2010\"]\n"
      "targets: [\"AnnualEmissions CO2 2005:2010 <= 100\"]\n"
      "sensitivity: [objective]\n");
  tl_ens_options o;
  tl_ens_options_init(&o);
  o.members = 4;
  CHECK(tl_model_read(ctx, UTOPIA, &m) == TL_OK, "read");
  CHECK(tl_ens_spec_read(ctx, p, &s) == TL_OK, "ranges spec");
  CHECK(s && m && tl_ens_new(ctx, m, s, &o, &e) == TL_OK, "ranges ensemble");
  if (e) {
    /* 2000..2010: 11 years; 1995..1999: 5; one region */
    CHECK(e->ent_start[1] - e->ent_start[0] == 11, "a: %d cells",
          e->ent_start[1] - e->ent_start[0]);
    CHECK(e->ent_start[2] - e->ent_start[1] == 5, "b: %d cells",
          e->ent_start[2] - e->ent_start[1]);
    CHECK(e->ent_start[3] - e->ent_start[2] == 1, "c: %d cells",
          e->ent_start[3] - e->ent_start[2]);
    /* keys: NewCapacity 1990, 1991; CO2e 2010; the target's 6 years; the
     * objective */
    CHECK(e->nkeys == 2 + 1 + 6 + 1, "%d keys", e->nkeys);
    CHECK(e->ntkeys[0] == 6, "target over %d values", e->ntkeys[0]);
    /* member 0 written into the model, then the base back */
    double base = tl_pget3(m, TL_P_SpecifiedAnnualDemand, 0, 7, 10);
    double before = tl_pget3(m, TL_P_SpecifiedAnnualDemand, 0, 7, 9);
    tl_ens_apply(e, 0);
    double f = e->values[0];
    CHECK(fabs(tl_pget3(m, TL_P_SpecifiedAnnualDemand, 0, 7, 10) - base * f) <
              1e-12 * base,
          "scale applied");
    CHECK(tl_pget3(m, TL_P_SpecifiedAnnualDemand, 0, 7, 9) == before,
          "1999 untouched");
    CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 0, 5) == e->values[1],
          "set applied");
    CHECK(tl_pget1(m, TL_P_DiscountRate, 0) == 0.05 + e->values[2],
          "shift applied");
    tl_ens_apply(e, -1);
    CHECK(tl_pget3(m, TL_P_SpecifiedAnnualDemand, 0, 7, 10) == base,
          "base restored");
  }
  tl_ens_free(e);
  tl_ens_spec_free(s);
  tl_model_free(m);
  tl_ctx_free(ctx);
}

/* ---- UTOPIA -------------------------------------------------------------- */

/* Value of REGION,X,YEAR in an otoole reference table (NAN when absent). */
static double reference(const char *table, const char *x, const char *year) {
  char path[300], *text, *line;
  snprintf(path, sizeof path, "tests/reference/utopia/%s.csv", table);
  text = slurp(path, NULL);
  double v = NAN;
  char key[200];
  snprintf(key, sizeof key, "\"UTOPIA\",\"%s\",%s,", x, year);
  if ((line = strstr(text, key))) {
    char *s = line + strlen(key), *end = strchr(s, '\n');
    if (tl_parse_double(s, end ? (size_t)(end - s) : strlen(s), &v)) v = NAN;
  }
  free(text);
  return v;
}

/* The base solve's collected outputs against the reference tables that
 * glpsol wrote for UTOPIA. */
static void test_outputs(tl_ensemble *e) {
  double *v = malloc((size_t)e->nkeys * sizeof *v);
  tl_ctx *ctx = tl_ctx_new();
  CHECK(tl_ens_collect(ctx, e->m, e->base_lp, e->base_sol, e->keys, e->nkeys,
                       v) == 0,
        "collect");
  int checked = 0;
  for (int q = 0; q < e->nkeys; q++) {
    const tl_ens_key *k = &e->keys[q];
    const char *table = NULL, *x = NULL;
    const tl_model *m = e->m;
    if (k->out == TL_EO_EMISSIONS)
      table = "AnnualEmissions", x = m->sets[TL_EMISSION].name[k->ix[1]];
    if (k->out == TL_EO_NEWCAP)
      table = "NewCapacity", x = m->sets[TL_TECHNOLOGY].name[k->ix[1]];
    if (k->out == TL_EO_TOTCAP)
      table = "TotalCapacityAnnual", x = m->sets[TL_TECHNOLOGY].name[k->ix[1]];
    if (!table) continue;
    double want = reference(table, x, m->sets[TL_YEAR].name[k->ix[2]]);
    if (isnan(want)) want = 0; /* otoole leaves out zeros */
    CHECK(fabs(v[q] - want) <= 1e-6 * fmax(1, fabs(want)),
          "%s[%s,%s] = %.12g, glpsol %.12g", table, x,
          m->sets[TL_YEAR].name[k->ix[2]], v[q], want);
    checked++;
  }
  CHECK(checked > 500, "only %d outputs compared", checked);
  CHECK(fabs(v[0] - 29446.86269) < 1e-6 * 29446.86269, "objective %.10g", v[0]);
  free(v);
  tl_ctx_free(ctx);
}

/* The carbon price and CO2e of a model with annual CO2 limits
 * (gen-policy: limits 2020-2025, discount rate 0.1): the price of year y
 * is the marginal cost of one more unit of CO2 in y, found here by
 * relaxing that year's limit by 1e-5 and solving again, in money of year
 * y: -d(objective)/d(limit) * 1.1^(y - 2020 + 0.5) (OSeMOSYS' mid-year
 * discounting). CO2e: CO2 + 28 CH4 (AR5) + the exogenous 0.0359 of CO2. */
static double objective_of(tl_ctx *ctx, const tl_model *m) {
  tl_lp *lp = NULL;
  tl_solution *s = NULL;
  double v = NAN;
  if (tl_lp_build(ctx, m, NULL, &lp) == TL_OK &&
      tl_lp_solve(ctx, lp, NULL, &s) == TL_OK)
    v = tl_solution_objective(s);
  tl_solution_free(s);
  tl_lp_free(lp);
  return v;
}

static void test_carbon_price(void) {
  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = NULL;
  tl_lp *lp = NULL;
  tl_solution *s = NULL;
  CHECK(tl_model_read(ctx, "tests/models/gen-policy.txt", &m) == TL_OK, "read");
  if (!m) return;
  /* name CH4's gas, so that it counts in CO2e (an emission called CO2 is
   * CO2 without being named) */
  int32_t ch4_ix[1] = {1};
  CHECK(tl_param_set(m, TL_P_EmissionGas, ch4_ix, tl_model_intern(m, "CH4", 3),
                     NULL, NULL) == 0,
        "EmissionGas");
  CHECK(tl_lp_build(ctx, m, NULL, &lp) == TL_OK, "build");
  CHECK(lp && tl_lp_solve(ctx, lp, NULL, &s) == TL_OK, "solve");
  if (!s) return;
  int Y = m->sets[TL_YEAR].n, co2 = 0, ch4 = 1;
  tl_ens_key keys[4 * 6];
  for (int y = 0; y < Y && y < 6; y++) {
    keys[y] = (tl_ens_key){TL_EO_CARBON_PRICE, {0, co2, y}};
    keys[6 + y] = (tl_ens_key){TL_EO_CO2E, {0, y, 0}};
    keys[12 + y] = (tl_ens_key){TL_EO_EMISSIONS, {0, co2, y}};
    keys[18 + y] = (tl_ens_key){TL_EO_EMISSIONS, {0, ch4, y}};
  }
  double v[24];
  CHECK(tl_ens_collect(ctx, m, lp, s, keys, 24, v) == 0, "collect");
  double base = tl_solution_objective(s);
  tl_param *p = &m->params[TL_P_AnnualEmissionLimit];
  int priced = 0;
  for (int y = 0; y < Y && y < 6; y++) {
    int e = -1;
    for (int q = 0; q < p->n; q++)
      if (p->idx[q * 3 + 1] == co2 && p->idx[q * 3 + 2] == y) e = q;
    CHECK(e >= 0, "no CO2 limit in year %d", y);
    if (e < 0) continue;
    double lim = p->val[e], d = 1e-5;
    p->val[e] = lim + d;
    double up = objective_of(ctx, m);
    p->val[e] = lim;
    double fd = -(up - base) / d * pow(1.1, y + 0.5);
    CHECK(fabs(v[y] - fd) <= 1e-6 * fmax(1, fabs(fd)),
          "carbon price %d: %.10g, finite difference %.10g", 2020 + y, v[y],
          fd);
    priced += v[y] > 1;
    double co2e = v[12 + y] + 28 * v[18 + y] + 0.0359;
    CHECK(fabs(v[6 + y] - co2e) <= 1e-9 * fmax(1, fabs(co2e)),
          "CO2e %d: %.12g, by hand %.12g", 2020 + y, v[6 + y], co2e);
  }
  CHECK(priced >= 3, "only %d years with a carbon price", priced);
  tl_solution_free(s);
  tl_lp_free(lp);
  tl_model_free(m);
  tl_ctx_free(ctx);
}

/* Warm starts land on the cold objective (1e-9) in fewer iterations. */
static void test_warm_start(void) {
  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = NULL;
  tl_lp *base = NULL, *lp = NULL;
  tl_solution *s0 = NULL, *cold = NULL, *warm = NULL;
  CHECK(tl_model_read(ctx, UTOPIA, &m) == TL_OK, "read");
  CHECK(tl_lp_build(ctx, m, NULL, &base) == TL_OK, "build");
  CHECK(tl_lp_solve(ctx, base, NULL, &s0) == TL_OK, "base solve");
  /* more heat demand and dearer coal plant: bounds and costs both move */
  tl_param *d = &m->params[TL_P_SpecifiedAnnualDemand];
  for (int e = 0; e < d->n; e++) d->val[e] *= 1.1;
  tl_param *c = &m->params[TL_P_CapitalCost];
  for (int e = 0; e < c->n; e++) c->val[e] *= 1.3;
  CHECK(tl_lp_build(ctx, m, NULL, &lp) == TL_OK, "build 2");
  CHECK(tl_lp_solve(ctx, lp, NULL, &cold) == TL_OK, "cold");
  CHECK(tl_lp_solve_from(ctx, lp, NULL, s0, &warm) == TL_OK, "warm");
  if (cold && warm) {
    CHECK(tl_solution_status(warm) == TL_SOLVE_OPTIMAL, "warm not optimal");
    double a = tl_solution_objective(cold), b = tl_solution_objective(warm);
    CHECK(fabs(a - b) <= 1e-9 * fabs(a), "warm %.15g, cold %.15g", b, a);
    CHECK(tl_solution_iterations(warm) < tl_solution_iterations(cold) / 4,
          "warm start took %ld iterations, cold %ld",
          tl_solution_iterations(warm), tl_solution_iterations(cold));
  }
  /* a start of another shape: a cold solve and a notice */
  tl_solution *again = NULL;
  tl_lp *other = NULL;
  tl_model *m2 = NULL;
  tl_model_read(ctx, "tests/models/simplicity.txt", &m2);
  tl_lp_build(ctx, m2, NULL, &other);
  CHECK(
      tl_lp_solve_from(ctx, other, NULL, s0, &again) == TL_OK &&
          fabs(tl_solution_objective(again) - 4483.969322) < 1e-6 * 4483.969322,
      "a start of another shape");
  tl_solution_free(again);
  tl_lp_free(other);
  tl_model_free(m2);
  tl_solution_free(s0);
  tl_solution_free(cold);
  tl_solution_free(warm);
  tl_lp_free(base);
  tl_lp_free(lp);
  tl_model_free(m);
  tl_ctx_free(ctx);
}

static const char *const FILES[] = {"members.csv", "outputs_long.csv",
                                    "summary.csv", "targets.csv",
                                    "sensitivity.csv"};

/* One whole ensemble of UTOPIA into folder out; the ensemble is returned
 * when keep is not NULL. rank/nranks: solve only that share. */
static int ensemble(const char *spec, int n, uint64_t seed, int jobs, int warm,
                    int rank, int nranks, const char *out, tl_ensemble **keep,
                    tl_model **mkeep, tl_ens_spec **skeep) {
  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = NULL;
  tl_ens_spec *s = NULL;
  tl_ensemble *e = NULL;
  tl_ens_options o;
  tl_ens_options_init(&o);
  o.members = n, o.seed = seed, o.jobs = jobs, o.warm_start = warm;
  int ok = tl_model_read(ctx, UTOPIA, &m) == TL_OK &&
           tl_ens_spec_read(ctx, spec, &s) == TL_OK &&
           tl_ens_new(ctx, m, s, &o, &e) == TL_OK &&
           tl_ens_run(ctx, e, rank, nranks) == TL_OK &&
           (!out || tl_ens_write(ctx, e, out) == TL_OK);
  for (int i = 0; !ok && i < tl_ctx_diag_count(ctx); i++) {
    char line[600];
    tl_diag_format(tl_ctx_diag(ctx, i), line, sizeof line);
    fprintf(stderr, "  %s\n", line);
  }
  if (keep && ok) {
    *keep = e, *mkeep = m, *skeep = s;
  } else {
    tl_ens_free(e);
    tl_ens_spec_free(s);
    tl_model_free(m);
  }
  tl_ctx_free(ctx);
  return ok;
}

static void test_utopia(void) {
  const char *spec = write_file("spec.yaml", SPEC);
  char a[600], b[600], c[600], d[600];
  snprintf(a, sizeof a, "%s/j1", dir);
  snprintf(b, sizeof b, "%s/j2", dir);
  snprintf(c, sizeof c, "%s/j2again", dir);
  snprintf(d, sizeof d, "%s/ranks", dir);
  tl_ensemble *e = NULL;
  tl_model *m = NULL;
  tl_ens_spec *s = NULL;
  CHECK(ensemble(spec, 6, 42, 1, 1, 0, 1, a, &e, &m, &s), "ensemble -j 1");
  CHECK(ensemble(spec, 6, 42, 2, 1, 0, 1, b, NULL, NULL, NULL),
        "ensemble -j 2");
  CHECK(ensemble(spec, 6, 42, 2, 1, 0, 1, c, NULL, NULL, NULL),
        "ensemble again");
  for (int f = 0; f < 5; f++) {
    char x[700], y[700], z[700];
    snprintf(x, sizeof x, "%s/%s", a, FILES[f]);
    snprintf(y, sizeof y, "%s/%s", b, FILES[f]);
    snprintf(z, sizeof z, "%s/%s", c, FILES[f]);
    CHECK(same_file(x, y), "%s differs between -j 1 and -j 2", FILES[f]);
    CHECK(same_file(y, z), "%s differs between two runs", FILES[f]);
  }
  if (e) {
    tl_ens_counts n;
    tl_ens_counts_get(e, &n);
    CHECK(n.members == 6 && n.optimal == 6 && n.warm == 6,
          "members %d optimal %d warm %d", n.members, n.optimal, n.warm);
    CHECK(fabs(n.base_objective - 29446.86269) < 1e-6 * 29446.86269,
          "base objective");
    /* the two forms of the same target, and the sampled values */
    double p0, p1;
    tl_ens_target_get(e, 0, NULL, &p0);
    tl_ens_target_get(e, 1, NULL, &p1);
    CHECK(p0 == p1 && p0 >= 0 && p0 <= 1, "target forms differ: %g %g", p0, p1);
    int inside = 1;
    for (int i = 0; i < 6; i++) {
      double v0 = e->values[i * 3], v2 = e->values[i * 3 + 2];
      inside &= v0 >= 0.8 && v0 <= 1.6 && v2 >= 0.9 && v2 <= 1.1;
    }
    CHECK(inside, "sampled values outside their distributions");
    test_outputs(e);
    /* the model has its base values back */
    double cc = tl_pget3(m, TL_P_CapitalCost, 0, 0, 0);
    CHECK(cc == 1400, "CapitalCost[UTOPIA,E01,1990] = %g after the run", cc);
  }
  /* cold members: the same objectives to 1e-9 */
  tl_ensemble *e2 = NULL;
  tl_model *m2 = NULL;
  tl_ens_spec *s2 = NULL;
  CHECK(ensemble(spec, 6, 42, 1, 0, 0, 1, NULL, &e2, &m2, &s2),
        "cold ensemble");
  if (e && e2)
    for (int i = 0; i < 6; i++) {
      double w = tl_ens_rec_at(e, i)->objective,
             k = tl_ens_rec_at(e2, i)->objective;
      CHECK(fabs(w - k) <= 1e-9 * fabs(k), "member %d: warm %.15g cold %.15g",
            i, w, k);
      CHECK(!tl_ens_rec_at(e2, i)->warm, "member %d warm-started", i);
    }
  /* two "ranks": rank 1's results packed, unpacked into rank 0's */
  tl_ensemble *r0 = NULL, *r1 = NULL;
  tl_model *m0 = NULL, *m1 = NULL;
  tl_ens_spec *s0 = NULL, *s1 = NULL;
  CHECK(ensemble(spec, 6, 42, 1, 1, 0, 2, NULL, &r0, &m0, &s0), "rank 0");
  CHECK(ensemble(spec, 6, 42, 1, 1, 1, 2, NULL, &r1, &m1, &s1), "rank 1");
  if (r0 && r1) {
    tl_ctx *ctx = tl_ctx_new();
    void *buf = NULL;
    size_t len = 0;
    CHECK(tl_ens_results_pack(ctx, r1, &buf, &len) == TL_OK, "pack");
    CHECK(tl_ens_results_unpack(ctx, r0, buf, len) == TL_OK, "unpack");
    CHECK(tl_ens_results_unpack(ctx, r0, buf, len - 1) == TL_ERR_PARSE,
          "truncated");
    tl_ens_buffer_free(buf, len);
    CHECK(tl_ens_write(ctx, r0, d) == TL_OK, "write ranks");
    for (int f = 0; f < 5; f++) {
      char x[700], y[700];
      snprintf(x, sizeof x, "%s/%s", a, FILES[f]);
      snprintf(y, sizeof y, "%s/%s", d, FILES[f]);
      CHECK(same_file(x, y), "%s differs between one rank and two", FILES[f]);
    }
    tl_ctx_free(ctx);
  }
  /* another seed, another sample */
  CHECK(ensemble(spec, 6, 43, 1, 1, 0, 1, c, NULL, NULL, NULL), "seed 43");
  char x[700], y[700];
  snprintf(x, sizeof x, "%s/members.csv", a);
  snprintf(y, sizeof y, "%s/members.csv", c);
  CHECK(!same_file(x, y), "the seed changes nothing");
  tl_ens_free(e), tl_ens_free(e2), tl_ens_free(r0), tl_ens_free(r1);
  tl_model_free(m), tl_model_free(m2), tl_model_free(m0), tl_model_free(m1);
  tl_ens_spec_free(s), tl_ens_spec_free(s2), tl_ens_spec_free(s0),
      tl_ens_spec_free(s1);
}

int main(void) {
  if (!mkdtemp(dir)) return 1;
  test_rng();
  test_normal();
  test_distributions();
  test_lhs();
  test_iman_conover();
  test_prcc();
  test_morris();
  test_stats();
  test_spec_errors();
  test_ranges();
  test_carbon_price();
  test_warm_start();
  test_utopia();
  char cmd[700];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (failures == 0 && system(cmd) != 0)
    fprintf(stderr, "could not remove %s\n", dir);
  if (failures) fprintf(stderr, "%d failure(s); files in %s\n", failures, dir);
  return failures ? 1 : 0;
}
