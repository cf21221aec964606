/* fuzz_dat.c - fuzz target: the GNU MathProg data file reader
 * (tl_read_databuf) on arbitrary bytes; a model that reads is used as in
 * fuzz_common.h. Seeds: the .txt models of tests/models/ and the data files of
 * tests/bad/ (tests/fuzz/seeds.sh). */
#include "fuzz_common.h"

static int fuzz_dat_one(const uint8_t *data, size_t size) {
  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = NULL;
  if (!ctx) return 0;
  tl_status st = tl_read_databuf(ctx, "fuzz.txt", (const char *)data, size, &m);
  if ((st == TL_OK) != (m != NULL)) fuzz_fail("tl_read_databuf: status and model disagree");
  if (st != TL_OK && tl_ctx_count(ctx, TL_ERROR) == 0 && st != TL_ERR_NOMEM)
    fuzz_fail("tl_read_databuf failed without an error message");
  if (m) fuzz_use_model(ctx, m);
  fuzz_format_diags(ctx);
  tl_model_free(m);
  tl_ctx_free(ctx);
  return 0;
}

#ifndef TL_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_dat_one(data, size);
}
#endif
