/* core.h - internal foundations shared by every module: allocation,
 * diagnostics, hash maps, growable buffers and checked number parsing. */
#ifndef TL_CORE_H
#define TL_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "tanlu.h"

/* ---- allocation: every allocation of the library goes through these ----
 * A size of 0 is taken as 1 everywhere, so callers pass the same size to
 * tl_free that they passed when allocating, zero or not. */
void *tl_malloc(size_t n);                         /* NULL on failure */
void *tl_calloc(size_t count, size_t size);        /* zeroed; NULL on failure */
void *tl_realloc(void *p, size_t osize, size_t n); /* osize: old size */
void tl_free(void *p, size_t size);                /* accepts NULL */
char *tl_strdup(const char *s);                    /* NULL on failure */
char *tl_strndup(const char *s, size_t n);
void tl_strfree(char *s); /* frees a string from tl_strdup/tl_strndup */

/* Grow *arr (of element size elem) so it can hold at least need elements;
 * *cap is updated (doubling). Returns 0 on success, -1 when out of memory
 * (then *arr and *cap are unchanged). */
int tl_grow(void **arr, size_t *cap, size_t need, size_t elem);

/* ---- context ------------------------------------------------------------ */
struct tl_ctx {
  tl_diag *diags; /* [ndiag], owned strings inside */
  size_t ndiag, capdiag;
  tl_diag_fn fn;
  void *ud;
  int counts[3];     /* per severity, including ones not stored */
  int max_stored;    /* diagnostics beyond this are counted, not stored */
};

/* Source location of a value: file name (borrowed, must outlive the diag
 * call), 1-based line and column (0 when unknown). */
typedef struct tl_loc {
  const char *file;
  int line;
  int col;
} tl_loc;

/* Record a diagnostic. loc, param, index, value may be NULL. Returns -1
 * if it could not be stored for lack of memory (it is still counted). */
int tl_diagf(tl_ctx *ctx, tl_severity sev, const tl_loc *loc,
             const char *param, const char *index, const char *value,
             const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* Set by tl_interrupt(); polled by long loops. */
int tl_interrupted(void);

/* The IAMC output's map of a model (docs/outputs.md): it lives in a CSV
 * model folder but is no model data, so the CSV reader passes it over. */
#define TL_IAMC_MAP_FILE "IamcMap.csv"

/* ---- growable string buffer ---------------------------------------------- */
typedef struct tl_buf {
  char *s;    /* NUL-terminated when len > 0 or after tl_buf_cstr */
  size_t len; /* bytes used, excluding the NUL */
  size_t cap; /* bytes allocated */
  int oom;    /* set once an append failed; later appends do nothing */
} tl_buf;

void tl_buf_init(tl_buf *b);
void tl_buf_free(tl_buf *b);
void tl_buf_reset(tl_buf *b); /* len = 0, keeps memory */
int tl_buf_add(tl_buf *b, const char *s, size_t n); /* 0 ok, -1 oom */
int tl_buf_adds(tl_buf *b, const char *s);
int tl_buf_addc(tl_buf *b, char c);
int tl_buf_printf(tl_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Append a double in shortest round-trip form ("%.17g" trimmed). */
int tl_buf_addnum(tl_buf *b, double v);
const char *tl_buf_cstr(tl_buf *b); /* "" when empty or oom */

/* Shortest text of v that reads back exactly; buf needs 32 bytes. */
void tl_fmt_num(char *buf, double v);

/* Files written in one folder under temporary names and put in place
 * together: their data flushed once before the first rename (no final name
 * points to a partly written file after a crash), the folder's entries
 * once after the last (fsync of the folder: other writers' data, a run
 * store's, is not waited for). All of them or none. */
typedef struct tl_renames {
  tl_buf pairs; /* "tmp\0final\0" ... */
} tl_renames;

void tl_renames_init(tl_renames *g);
/* Add a complete file. 0, or -1 when out of memory (nothing reported). */
int tl_renames_add(tl_renames *g, const char *tmp, const char *fin);
/* commit: flush, rename each file into place, flush dir's entries; not
 * commit, or after an error: remove the temporary files. noun names a file
 * ("result file"), folder the folder ("result") in messages. Frees g's
 * memory. 0, or -1 after an error (reported). */
int tl_renames_finish(tl_ctx *ctx, tl_renames *g, const char *dir,
                      const char *noun, const char *folder, int commit);

/* ---- string -> int map (open addressing; keys are borrowed) ----------- */
typedef struct tl_strmap {
  const char **keys; /* [cap], NULL = empty slot; borrowed pointers */
  size_t *klen;      /* [cap] key lengths */
  int *vals;         /* [cap] */
  size_t cap, n;
} tl_strmap;

void tl_strmap_init(tl_strmap *m);
void tl_strmap_free(tl_strmap *m);
/* Returns the value for key[0..len) or -1 when absent. */
int tl_strmap_get(const tl_strmap *m, const char *key, size_t len);
/* Insert (key must stay valid while the map lives). Returns 0, or -1 when
 * out of memory. Overwrites an existing key's value. */
int tl_strmap_put(tl_strmap *m, const char *key, size_t len, int val);

/* ---- uint64 -> int map ----------------------------------------------------- */
typedef struct tl_u64map {
  uint64_t *keys; /* [cap] stored as key+1, 0 = empty */
  int *vals;      /* [cap] */
  size_t cap, n;
} tl_u64map;

void tl_u64map_init(tl_u64map *m);
void tl_u64map_free(tl_u64map *m);
int tl_u64map_get(const tl_u64map *m, uint64_t key); /* -1 when absent */
int tl_u64map_put(tl_u64map *m, uint64_t key, int val); /* 0, or -1 oom */

/* ---- checked number parsing -------------------------------------------------- */
/* Parse the whole of s[0..len) as a finite double (C locale, leading and
 * trailing blanks allowed). Returns 0 on success, -1 if not a number,
 * -2 if NaN or infinite, -3 if out of range. */
int tl_parse_double(const char *s, size_t len, double *out);
/* Parse s[0..len) as an integer in [lo, hi]. Returns 0 or -1. */
int tl_parse_long(const char *s, size_t len, long lo, long hi, long *out);

/* Levenshtein distance, capped at cap+1 (for "did you mean" hints). */
int tl_edit_distance(const char *a, const char *b, int cap);

#endif /* TL_CORE_H */
