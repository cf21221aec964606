/* rng.c - the ensemble's random numbers: xoshiro256** (Blackman and
 * Vigna, 2018) seeded through splitmix64, one stream per (seed, kind,
 * index), so a design never depends on the order draws are made in, nor
 * on how many processes or ranks solve the members. */
#include "ensemble/ensemble.h"

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void tl_rng_seed(tl_rng *r, uint64_t seed, uint64_t stream, uint64_t index) {
  /* mix the three numbers through splitmix64 one after the other, so that
   * nearby seeds, kinds and indices give unrelated states */
  uint64_t x = seed;
  uint64_t h = splitmix64(&x);
  x = h ^ stream;
  h = splitmix64(&x);
  x = h ^ index;
  for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
  if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3])) r->s[0] = 1; /* never all 0 */
}

uint64_t tl_rng_next(tl_rng *r) {
  uint64_t *s = r->s;
  uint64_t out = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return out;
}

double tl_rng_uniform(tl_rng *r) {
  return (double)(tl_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t tl_rng_below(tl_rng *r, uint64_t n) {
  /* reject the top values that would make some results more likely */
  uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t v;
  do v = tl_rng_next(r);
  while (v >= limit);
  return v % n;
}

void tl_rng_shuffle(tl_rng *r, int *a, int n) {
  for (int i = n - 1; i > 0; i--) {
    int j = (int)tl_rng_below(r, (uint64_t)i + 1);
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
