/* fuzz_csv.c - fuzz target: the otoole CSV folder reader (tl_read_csv_mem)
 * on a folder packed into one input, `head`-style:
 *
 *   ==> REGION.csv <==
 *   VALUE
 *   R1
 *   ==> OperationalLife.csv <==
 *   REGION,TECHNOLOGY,VALUE
 *   ...
 *
 * A line "==> NAME <==" starts the file NAME (config.yaml included); bytes
 * before the first such line are ignored. A model that reads is used as in
 * fuzz_common.h. Seeds: the CSV folders of tests/models/csv/ and
 * tests/bad/ (tests/fuzz/seeds.sh packs them). */
#include "fuzz_common.h"
#include "io/read_csv.h"

#define FUZZ_MAX_FILES 64

static int fuzz_csv_one(const uint8_t *data, size_t size) {
  const char *s = (const char *)data, *end = s + size;
  static char names[FUZZ_MAX_FILES][72];
  tl_csv_memfile files[FUZZ_MAX_FILES];
  int n = 0;
  /* split at "==> NAME <==" lines */
  for (const char *p = s; p < end;) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    const char *le = nl ? nl : end;
    size_t ll = (size_t)(le - p);
    if (ll > 8 && memcmp(p, "==> ", 4) == 0 && memcmp(le - 4, " <==", 4) == 0 &&
        ll - 8 < sizeof names[0] && n < FUZZ_MAX_FILES) {
      if (n) files[n - 1].len = (size_t)(p - files[n - 1].data);
      memcpy(names[n], p + 4, ll - 8);
      names[n][ll - 8] = '\0';
      files[n].name = names[n];
      files[n].data = nl ? nl + 1 : end;
      files[n].len = 0;
      n++;
    }
    p = nl ? nl + 1 : end;
  }
  if (n) files[n - 1].len = (size_t)(end - files[n - 1].data);

  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = NULL;
  if (!ctx) return 0;
  tl_status st = tl_read_csv_mem(ctx, "fuzz", files, n, &m);
  if ((st == TL_OK) != (m != NULL)) fuzz_fail("tl_read_csv_mem: status and model disagree");
  if (st != TL_OK && tl_ctx_count(ctx, TL_ERROR) == 0 && st != TL_ERR_NOMEM)
    fuzz_fail("tl_read_csv_mem failed without an error message");
  if (m) fuzz_use_model(ctx, m);
  fuzz_format_diags(ctx);
  tl_model_free(m);
  tl_ctx_free(ctx);
  return 0;
}

#ifndef TL_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_csv_one(data, size);
}
#endif
