/* util.c - growable buffers, hash maps, checked number parsing and edit
 * distance. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

/* ---- buffer ---- */
void tl_buf_init(tl_buf *b) { memset(b, 0, sizeof *b); }
void tl_buf_free(tl_buf *b) {
  tl_free(b->s, b->cap);
  tl_buf_init(b);
}
void tl_buf_reset(tl_buf *b) {
  b->len = 0;
  if (b->s) b->s[0] = '\0';
}

int tl_buf_add(tl_buf *b, const char *s, size_t n) {
  if (b->oom) return -1;
  if (tl_grow((void **)&b->s, &b->cap, b->len + n + 1, 1)) {
    b->oom = 1;
    return -1;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
  return 0;
}

int tl_buf_adds(tl_buf *b, const char *s) { return tl_buf_add(b, s, strlen(s)); }
int tl_buf_addc(tl_buf *b, char c) { return tl_buf_add(b, &c, 1); }

int tl_buf_printf(tl_buf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return -1;
  if ((size_t)n < sizeof small) return tl_buf_add(b, small, (size_t)n);
  if (b->oom) return -1;
  if (tl_grow((void **)&b->s, &b->cap, b->len + (size_t)n + 1, 1)) {
    b->oom = 1;
    return -1;
  }
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

void tl_fmt_num(char *buf, double v) {
  if (v == 0) v = 0; /* no "-0" */
  if (v == floor(v) && fabs(v) < 1e15) {
    snprintf(buf, 32, "%.0f", v);
    return;
  }
  for (int prec = 15; prec <= 17; prec++) {
    snprintf(buf, 32, "%.*g", prec, v);
    if (strtod(buf, NULL) == v) return;
  }
}

int tl_buf_addnum(tl_buf *b, double v) {
  char tmp[32];
  tl_fmt_num(tmp, v);
  return tl_buf_adds(b, tmp);
}

const char *tl_buf_cstr(tl_buf *b) {
  return (b->s && !b->oom) ? b->s : "";
}

/* ---- hashing ---- */
static uint64_t hash_bytes(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211ull;
  }
  return h;
}

static uint64_t hash_u64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

void tl_strmap_init(tl_strmap *m) { memset(m, 0, sizeof *m); }

void tl_strmap_free(tl_strmap *m) {
  tl_free(m->keys, m->cap * sizeof *m->keys);
  tl_free(m->klen, m->cap * sizeof *m->klen);
  tl_free(m->vals, m->cap * sizeof *m->vals);
  tl_strmap_init(m);
}

int tl_strmap_get(const tl_strmap *m, const char *key, size_t len) {
  if (!m->cap) return -1;
  size_t mask = m->cap - 1, i = (size_t)hash_bytes(key, len) & mask;
  while (m->keys[i]) {
    if (m->klen[i] == len && memcmp(m->keys[i], key, len) == 0)
      return m->vals[i];
    i = (i + 1) & mask;
  }
  return -1;
}

static int strmap_rehash(tl_strmap *m, size_t ncap) {
  const char **keys = tl_calloc(ncap, sizeof *keys);
  size_t *klen = tl_calloc(ncap, sizeof *klen);
  int *vals = tl_calloc(ncap, sizeof *vals);
  if (!keys || !klen || !vals) {
    tl_free(keys, ncap * sizeof *keys);
    tl_free(klen, ncap * sizeof *klen);
    tl_free(vals, ncap * sizeof *vals);
    return -1;
  }
  for (size_t j = 0; j < m->cap; j++) {
    if (!m->keys[j]) continue;
    size_t i = (size_t)hash_bytes(m->keys[j], m->klen[j]) & (ncap - 1);
    while (keys[i]) i = (i + 1) & (ncap - 1);
    keys[i] = m->keys[j];
    klen[i] = m->klen[j];
    vals[i] = m->vals[j];
  }
  size_t n = m->n;
  tl_strmap_free(m);
  m->keys = keys;
  m->klen = klen;
  m->vals = vals;
  m->cap = ncap;
  m->n = n;
  return 0;
}

int tl_strmap_put(tl_strmap *m, const char *key, size_t len, int val) {
  if ((m->n + 1) * 2 > m->cap && strmap_rehash(m, m->cap ? m->cap * 2 : 16))
    return -1;
  size_t mask = m->cap - 1, i = (size_t)hash_bytes(key, len) & mask;
  while (m->keys[i]) {
    if (m->klen[i] == len && memcmp(m->keys[i], key, len) == 0) {
      m->vals[i] = val;
      return 0;
    }
    i = (i + 1) & mask;
  }
  m->keys[i] = key;
  m->klen[i] = len;
  m->vals[i] = val;
  m->n++;
  return 0;
}

void tl_u64map_init(tl_u64map *m) { memset(m, 0, sizeof *m); }

void tl_u64map_free(tl_u64map *m) {
  tl_free(m->keys, m->cap * sizeof *m->keys);
  tl_free(m->vals, m->cap * sizeof *m->vals);
  tl_u64map_init(m);
}

int tl_u64map_get(const tl_u64map *m, uint64_t key) {
  if (!m->cap) return -1;
  size_t mask = m->cap - 1, i = (size_t)hash_u64(key) & mask;
  uint64_t k = key + 1;
  while (m->keys[i]) {
    if (m->keys[i] == k) return m->vals[i];
    i = (i + 1) & mask;
  }
  return -1;
}

static int u64map_rehash(tl_u64map *m, size_t ncap) {
  uint64_t *keys = tl_calloc(ncap, sizeof *keys);
  int *vals = tl_calloc(ncap, sizeof *vals);
  if (!keys || !vals) {
    tl_free(keys, ncap * sizeof *keys);
    tl_free(vals, ncap * sizeof *vals);
    return -1;
  }
  for (size_t j = 0; j < m->cap; j++) {
    if (!m->keys[j]) continue;
    size_t i = (size_t)hash_u64(m->keys[j] - 1) & (ncap - 1);
    while (keys[i]) i = (i + 1) & (ncap - 1);
    keys[i] = m->keys[j];
    vals[i] = m->vals[j];
  }
  size_t n = m->n;
  tl_u64map_free(m);
  m->keys = keys;
  m->vals = vals;
  m->cap = ncap;
  m->n = n;
  return 0;
}

int tl_u64map_put(tl_u64map *m, uint64_t key, int val) {
  if ((m->n + 1) * 2 > m->cap && u64map_rehash(m, m->cap ? m->cap * 2 : 16))
    return -1;
  size_t mask = m->cap - 1, i = (size_t)hash_u64(key) & mask;
  uint64_t k = key + 1;
  while (m->keys[i]) {
    if (m->keys[i] == k) {
      m->vals[i] = val;
      return 0;
    }
    i = (i + 1) & mask;
  }
  m->keys[i] = k;
  m->vals[i] = val;
  m->n++;
  return 0;
}

/* ---- numbers ---- */
static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int tl_parse_double(const char *s, size_t len, double *out) {
  char tmp[128];
  while (len && is_blank(*s)) s++, len--;
  while (len && is_blank(s[len - 1])) len--;
  if (len == 0 || len >= sizeof tmp) return -1;
  memcpy(tmp, s, len);
  tmp[len] = '\0';
  /* strtod accepts hex floats and "nan"/"inf"; classify those ourselves. */
  for (size_t i = 0; i < len; i++) {
    char c = tmp[i];
    if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' ||
          c == '+' || c == '-')) {
      char low[8] = {0};
      size_t k = 0, j = (tmp[0] == '+' || tmp[0] == '-') ? 1 : 0;
      for (; j < len && k < 7; j++, k++)
        low[k] = (char)((tmp[j] >= 'A' && tmp[j] <= 'Z') ? tmp[j] + 32 : tmp[j]);
      if (!strcmp(low, "nan") || !strcmp(low, "inf") ||
          !strcmp(low, "infinit"))
        return -2;
      return -1;
    }
  }
  char *end;
  errno = 0;
  double v = strtod(tmp, &end);
  if (end != tmp + len) return -1;
  if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL)) return -3;
  if (!isfinite(v)) return -2;
  *out = v;
  return 0;
}

int tl_parse_long(const char *s, size_t len, long lo, long hi, long *out) {
  char tmp[32];
  while (len && is_blank(*s)) s++, len--;
  while (len && is_blank(s[len - 1])) len--;
  if (len == 0 || len >= sizeof tmp) return -1;
  memcpy(tmp, s, len);
  tmp[len] = '\0';
  char *end;
  errno = 0;
  long v = strtol(tmp, &end, 10);
  if (end != tmp + len || errno == ERANGE || v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

int tl_edit_distance(const char *a, const char *b, int cap) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 200 || lb > 200) return cap + 1;
  int row[201];
  for (size_t j = 0; j <= lb; j++) row[j] = (int)j;
  for (size_t i = 1; i <= la; i++) {
    int prev = row[0], best = (int)i;
    row[0] = (int)i;
    for (size_t j = 1; j <= lb; j++) {
      int ca = (unsigned char)a[i - 1], cb = (unsigned char)b[j - 1];
      if (ca >= 'A' && ca <= 'Z') ca += 32;
      if (cb >= 'A' && cb <= 'Z') cb += 32;
      int cur = prev + (ca != cb);
      if (row[j] + 1 < cur) cur = row[j] + 1;
      if (row[j - 1] + 1 < cur) cur = row[j - 1] + 1;
      prev = row[j];
      row[j] = cur;
      if (cur < best) best = cur;
    }
    if (best > cap) return cap + 1;
  }
  return row[lb] > cap ? cap + 1 : row[lb];
}
