/* dist.c - the distributions an ensemble samples from (uniform,
 * triangular, normal, lognormal; the last two optionally truncated), by
 * their quantile functions: a Latin hypercube draws probabilities, and
 * each is turned into a value here. */
#include <math.h>

#include "ensemble/ensemble.h"

double tl_norm_cdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

/* Acklam's rational approximation of the inverse normal CDF (relative
 * error below 1.15e-9), refined by one step of Halley's method on the
 * exact CDF, which brings it to near machine precision. */
double tl_norm_quantile(double p) {
  static const double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02,
                              -2.759285104469687e+02, 1.383577518672690e+02,
                              -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02,
                              -1.556989798598866e+02, 6.680131188771972e+01,
                              -1.328068155288572e+01};
  static const double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01,
                              -2.400758277161838e+00, -2.549732539343734e+00,
                              4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[4] = {7.784695709041462e-03, 3.224671290700398e-01,
                              2.445134137142996e+00, 3.754408661907416e+00};
  const double plow = 0.02425;
  double x;
  if (!(p > 0)) return -HUGE_VAL;
  if (!(p < 1)) return HUGE_VAL;
  if (p < plow) {
    double q = sqrt(-2 * log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - plow) {
    double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) *
        q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    double q = sqrt(-2 * log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  /* Halley step on Phi(x) - p = 0; sqrt(2 pi) = 2.5066... */
  double e = tl_norm_cdf(x) - p;
  double u = e * 2.5066282746310002 * exp(x * x / 2); /* e / phi(x) */
  return x - u / (1 + x * u / 2);
}

int tl_dist_bounded(const tl_dist *d) {
  if (d->type == TL_DIST_UNIFORM || d->type == TL_DIST_TRIANGULAR) return 1;
  return isfinite(d->lo) && isfinite(d->hi);
}

const char *tl_dist_name(tl_dist_type t) {
  switch (t) {
    case TL_DIST_UNIFORM: return "uniform";
    case TL_DIST_TRIANGULAR: return "triangular";
    case TL_DIST_NORMAL: return "normal";
    case TL_DIST_LOGNORMAL: return "lognormal";
  }
  return "?";
}

/* The truncation bounds as standard normal values. */
static void trunc_z(const tl_dist *d, double *zlo, double *zhi) {
  double lo = d->lo, hi = d->hi;
  if (d->type == TL_DIST_LOGNORMAL) {
    lo = lo > 0 ? log(lo) : -HUGE_VAL;
    hi = hi > 0 ? log(hi) : -HUGE_VAL;
  }
  *zlo = isfinite(lo) ? (lo - d->a) / d->b : -HUGE_VAL;
  *zhi = isfinite(hi) ? (hi - d->a) / d->b : HUGE_VAL;
}

const char *tl_dist_check(const tl_dist *d) {
  switch (d->type) {
    case TL_DIST_UNIFORM: return d->a < d->b ? NULL : "min must be below max";
    case TL_DIST_TRIANGULAR:
      if (!(d->a < d->b)) return "min must be below max";
      return d->a <= d->c && d->c <= d->b ? NULL
                                          : "mode must lie between min and max";
    case TL_DIST_NORMAL:
    case TL_DIST_LOGNORMAL: {
      if (!(d->b > 0))
        return d->type == TL_DIST_NORMAL ? "sd must be above 0"
                                         : "sigma must be above 0";
      if (!(d->lo < d->hi)) return "min must be below max";
      double zlo, zhi;
      trunc_z(d, &zlo, &zhi);
      if (!(tl_norm_cdf(zhi) - tl_norm_cdf(zlo) > 1e-12))
        return "min and max leave (almost) no probability";
      return NULL;
    }
  }
  return "unknown distribution";
}

double tl_dist_quantile(const tl_dist *d, double u) {
  switch (d->type) {
    case TL_DIST_UNIFORM: return d->a + u * (d->b - d->a);
    case TL_DIST_TRIANGULAR: {
      double a = d->a, b = d->b, c = d->c, w = b - a;
      if (u <= (c - a) / w) return a + sqrt(u * w * (c - a));
      return b - sqrt((1 - u) * w * (b - c));
    }
    case TL_DIST_NORMAL:
    case TL_DIST_LOGNORMAL: {
      double zlo, zhi, z, v;
      trunc_z(d, &zlo, &zhi);
      if (isfinite(zlo) || isfinite(zhi)) {
        double flo = tl_norm_cdf(zlo), fhi = tl_norm_cdf(zhi);
        u = flo + u * (fhi - flo);
      }
      z = tl_norm_quantile(u);
      if (z < zlo) z = zlo; /* rounding at the ends of a truncation */
      if (z > zhi) z = zhi;
      v = d->a + d->b * z;
      return d->type == TL_DIST_NORMAL ? v : exp(v);
    }
  }
  return NAN;
}
