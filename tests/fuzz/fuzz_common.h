/* fuzz_common.h - what the fuzz targets do with a model that reads: check
 * it, build its LP when it is small, solve tiny ones, and write it as a
 * data file and read that back, which must give the same model. A broken
 * property calls abort(), which libFuzzer reports like a crash.
 *
 * Included by each fuzz_*.c target (and by tests/test_fuzz_replay.c, which
 * runs the saved inputs of tests/fuzz/regress/ without libFuzzer). */
#ifndef TL_FUZZ_COMMON_H
#define TL_FUZZ_COMMON_H

#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/read_dat.h"
#include "lp/lp.h"

/* LP builds above this many (region x technology x timeslice x year)
 * cells, and solves above this many columns, are skipped: a fuzzer wants
 * many small runs. */
#define FUZZ_MAX_CELLS 4000
#define FUZZ_MAX_SOLVE_COLS 400

static void fuzz_fail(const char *what) {
  fprintf(stderr, "fuzz property broken: %s\n", what);
  abort();
}

/* Format every diagnostic (exercises tl_diag_format on odd texts). */
static void fuzz_format_diags(const tl_ctx *ctx) {
  char line[256];
  for (int i = 0; i < tl_ctx_diag_count(ctx); i++) {
    const tl_diag *d = tl_ctx_diag(ctx, i);
    size_t n = tl_diag_format(d, line, sizeof line);
    if (strlen(line) >= sizeof line || (n < sizeof line && strlen(line) != n))
      fuzz_fail("tl_diag_format length");
  }
}

/* Same value of parameter p at idx in a and b (texts for symbolic ones). */
static int fuzz_same_value(const tl_model *a, const tl_model *b,
                           tl_param_id p, const int32_t *idx) {
  double x = tl_param_get(a, p, idx), y = tl_param_get(b, p, idx);
  if (tl_param_defs[p].flags & TL_PF_SYMBOLIC) {
    const char *s = tl_model_string(a, x), *t = tl_model_string(b, y);
    return (!s && !t) || (s && t && strcmp(s, t) == 0);
  }
  return x == y;
}

/* a and b hold the same sets (names, order) and parameter values. */
static void fuzz_compare(const tl_model *a, const tl_model *b) {
  for (int s = 0; s < TL_NSETS; s++) {
    if (a->sets[s].n != b->sets[s].n) fuzz_fail("round trip: set size");
    for (int i = 0; i < a->sets[s].n; i++)
      if (strcmp(a->sets[s].name[i], b->sets[s].name[i]))
        fuzz_fail("round trip: set member");
  }
  for (int p = 0; p < TL_NPARAMS; p++) {
    const tl_model *both[2] = {a, b};
    for (int w = 0; w < 2; w++) {
      const tl_param *q = &both[w]->params[p];
      for (int e = 0; e < q->n; e++)
        if (!fuzz_same_value(a, b, (tl_param_id)p,
                             q->idx + (size_t)e * (size_t)q->def->nidx))
          fuzz_fail("round trip: parameter value");
    }
  }
}

/* Write m as a data file and read it back. */
static void fuzz_round_trip(const tl_model *m) {
  char path[128];
  const char *dir = getenv("TMPDIR");
  snprintf(path, sizeof path, "%s/tanlu-fuzz-%ld.txt",
           dir && strlen(dir) < 80 ? dir : "/tmp", (long)getpid());
  tl_ctx *ctx = tl_ctx_new();
  tl_model *back = NULL;
  if (!ctx) return;
  tl_status st = tl_model_write_datafile(ctx, m, path);
  if (st == TL_OK) {
    tl_ctx_clear(ctx);
    st = tl_read_datafile(ctx, path, &back);
    if (st != TL_OK) {
      for (int i = 0; i < tl_ctx_diag_count(ctx); i++) {
        char line[600];
        tl_diag_format(tl_ctx_diag(ctx, i), line, sizeof line);
        fprintf(stderr, "  %s\n", line);
      }
      fuzz_fail("round trip: the data file written does not read back");
    }
    fuzz_compare(m, back);
    remove(path);
  } else if (st != TL_ERR_INVALID) {
    fuzz_fail("round trip: the writer failed");
  }
  tl_model_free(back);
  tl_ctx_free(ctx);
}

/* Validate, build and solve a model that read. */
static void fuzz_use_model(tl_ctx *ctx, const tl_model *m) {
  fuzz_round_trip(m);
  if (tl_model_validate(ctx, m) != TL_OK) return;
  double cells = 1;
  static const tl_set_id big[] = {TL_REGION, TL_TECHNOLOGY, TL_TIMESLICE,
                                  TL_YEAR, TL_FUEL};
  for (int k = 0; k < 5; k++) cells *= m->sets[big[k]].n + 1;
  if (cells > FUZZ_MAX_CELLS) return;
  tl_build_options bo;
  tl_build_options_init(&bo);
  tl_lp *lp = NULL;
  if (tl_lp_build(ctx, m, &bo, &lp) == TL_OK && lp->ncols <= FUZZ_MAX_SOLVE_COLS &&
      lp->nint == 0) {
    tl_solve_options so;
    tl_solve_options_init(&so);
    so.time_limit = 2;
    tl_solution *sol = NULL;
    tl_lp_solve(ctx, lp, &so, &sol);
    tl_solution_free(sol);
  }
  tl_lp_free(lp);
}

#endif /* TL_FUZZ_COMMON_H */
