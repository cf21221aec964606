/* alloc.c - the one allocation path of the library, replaceable so that tests
 * can fail the n-th allocation. */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

static void *default_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  (void)ud;
  (void)osize;
  if (nsize == 0) {
    free(ptr);
    return NULL;
  }
  return realloc(ptr, nsize);
}

static tl_alloc_fn alloc_fn = default_alloc;
static void *alloc_ud = NULL;

void tl_set_allocator(tl_alloc_fn fn, void *ud) {
  alloc_fn = fn ? fn : default_alloc;
  alloc_ud = fn ? ud : NULL;
}

void *tl_malloc(size_t n) { return alloc_fn(alloc_ud, NULL, 0, n ? n : 1); }

void *tl_calloc(size_t count, size_t size) {
  if (size && count > (size_t)-1 / size) return NULL;
  size_t n = count * size;
  void *p = tl_malloc(n);
  if (p) memset(p, 0, n ? n : 1);
  return p;
}

void *tl_realloc(void *p, size_t osize, size_t n) {
  return alloc_fn(alloc_ud, p, p ? (osize ? osize : 1) : 0, n ? n : 1);
}

void tl_free(void *p, size_t size) {
  if (p) alloc_fn(alloc_ud, p, size ? size : 1, 0);
}

char *tl_strndup(const char *s, size_t n) {
  char *d = tl_malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

char *tl_strdup(const char *s) { return tl_strndup(s, strlen(s)); }

void tl_strfree(char *s) {
  if (s) tl_free(s, strlen(s) + 1);
}

int tl_grow(void **arr, size_t *cap, size_t need, size_t elem) {
  if (need <= *cap) return 0;
  size_t ncap = *cap ? *cap : 8;
  while (ncap < need) {
    if (ncap > ((size_t)-1 / 2) / elem) return -1;
    ncap *= 2;
  }
  void *p = tl_realloc(*arr, *cap * elem, ncap * elem);
  if (!p) return -1;
  *arr = p;
  *cap = ncap;
  return 0;
}
