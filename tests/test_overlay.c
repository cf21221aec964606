/* test_overlay.c - scenario overlays: each action on a small model, with
 * the expected values worked out by hand, and the error messages. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model.h"

static int failures = 0;
#define CHECK(cond, ...)                                                   \
  do {                                                                     \
    if (!(cond)) {                                                         \
      failures++;                                                          \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                 \
      fprintf(stderr, __VA_ARGS__);                                        \
      fputc('\n', stderr);                                                 \
    }                                                                      \
  } while (0)

static const char *MODEL =
    "set REGION := R;\nset YEAR := 2020 2021 2022;\nset TECHNOLOGY := A B;\n"
    "set TIMESLICE := X;\nset FUEL := F;\nset EMISSION := CO2;\n"
    "set MODE_OF_OPERATION := 1;\n"
    "param CapitalCost default 10 := R A 2020 100 R A 2021 90;\n"
    "param TechnologyReadiness default 9 := [B,*] 2020 7 2021 8 2022 9;\n"
    "end;\n";

static char dir[] = "/tmp/tanlu_overlay_XXXXXX";

static const char *write_file(const char *name, const char *text) {
  static char path[600];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  if (!f) return NULL;
  fputs(text, f);
  fclose(f);
  return path;
}

static tl_model *load(tl_ctx *ctx) {
  tl_model *m = NULL;
  const char *p = write_file("model.txt", MODEL);
  if (!p || tl_model_read(ctx, p, &m) != TL_OK) return NULL;
  return m;
}

static int has_error(tl_ctx *ctx, int line, const char *text) {
  for (int i = 0; i < tl_ctx_diag_count(ctx); i++) {
    const tl_diag *d = tl_ctx_diag(ctx, i);
    if (d->severity == TL_ERROR && d->line == line && d->message && strstr(d->message, text))
      return 1;
  }
  return 0;
}

int main(void) {
  if (!mkdtemp(dir)) return 1;
  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = load(ctx);
  CHECK(m != NULL, "base model does not read");
  if (!m) return 1;
  const char *ov = write_file("s1.csv",
      "action,parameter,index,value\n"
      "# comments are skipped\n"
      "scale,CapitalCost,\"R,A,*\",0.5\n"          /* 50, 45, default 10 -> 5 */
      "shift,CapitalCost,\"R,B,2022\",3\n"         /* default 10 + 3 */
      "set,AnnualGHGLimit,\"R,2022\",-5\n"
      "set,TechnologyCategory,B,ccus\n"
      "default,DiscountRate,,0.08\n"
      "delay,TechnologyReadiness,B,1\n"             /* 2020 <- pre (<=8) ... */
      "drop,TECHNOLOGY,A,\n");
  CHECK(tl_model_apply_overlay(ctx, m, ov) == TL_OK, "overlay s1 failed");
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 0, 0) == 50, "scale 2020");
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 0, 1) == 45, "scale 2021");
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 0, 2) == 5, "scale of a default value");
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 1, 2) == 13, "shift");
  CHECK(tl_pget3(m, TL_P_CapitalCost, 0, 1, 0) == 10, "untouched");
  CHECK(tl_pget2(m, TL_P_AnnualGHGLimit, 0, 2) == -5, "set");
  const char *cat = tl_model_string(m, tl_pget1(m, TL_P_TechnologyCategory, 1));
  CHECK(cat && !strcmp(cat, "ccus"), "symbolic set");
  CHECK(tl_pget1(m, TL_P_DiscountRate, 0) == 0.08, "default");
  /* delay by one year: 2020 has no source (pre-commercial, min(7,8)=7),
   * 2021 takes 2020's 7, 2022 takes 2021's 8 */
  CHECK(tl_pget2(m, TL_P_TechnologyReadiness, 1, 0) == 7, "delay 2020");
  CHECK(tl_pget2(m, TL_P_TechnologyReadiness, 1, 1) == 7, "delay 2021");
  CHECK(tl_pget2(m, TL_P_TechnologyReadiness, 1, 2) == 8, "delay 2022");
  /* a commercial technology delayed becomes pre-commercial at first */
  CHECK(tl_pget3(m, TL_P_TotalAnnualMaxCapacity, 0, 0, 1) == 0, "drop: max capacity");
  CHECK(tl_pget3(m, TL_P_TotalAnnualMaxCapacityInvestment, 0, 0, 2) == 0, "drop: investment");
  CHECK(tl_pget3(m, TL_P_TotalTechnologyAnnualActivityUpperLimit, 0, 0, 0) == 0, "drop: activity");
  CHECK(tl_pget3(m, TL_P_TotalAnnualMaxCapacity, 0, 1, 1) == -1, "drop leaves B");

  /* errors name the line and what is wrong */
  tl_ctx_clear(ctx);
  const char *bad = write_file("bad.csv",
      "action,parameter,index,value\n"
      "set,CapitalCosts,\"R,A,2020\",1\n"   /* line 2: unknown parameter */
      "set,CapitalCost,\"R,Z,2020\",1\n"    /* line 3: unknown member */
      "set,CapitalCost,\"R,A\",1\n"         /* line 4: too few members */
      "set,CapitalCost,\"R,A,2020\",abc\n"  /* line 5: not a number */
      "grow,CapitalCost,\"R,A,2020\",1\n"   /* line 6: unknown action */
      "drop,TECHNOLOGY,Q,\n");              /* line 7: unknown technology */
  CHECK(tl_model_apply_overlay(ctx, m, bad) == TL_ERR_PARSE, "bad overlay accepted");
  CHECK(has_error(ctx, 2, "did you mean 'CapitalCost'"), "unknown parameter message");
  CHECK(has_error(ctx, 3, "unknown TECHNOLOGY"), "unknown member message");
  CHECK(has_error(ctx, 4, "needs 3 index members"), "index count message");
  CHECK(has_error(ctx, 5, "not a number"), "number message");
  CHECK(has_error(ctx, 6, "unknown action"), "action message");
  CHECK(has_error(ctx, 7, "unknown TECHNOLOGY"), "drop message");
  tl_ctx_clear(ctx);
  CHECK(tl_model_apply_overlay(ctx, m, "/nonexistent/s.csv") == TL_ERR_IO, "missing file");
  const char *hdr = write_file("hdr.csv", "what,is,this\n");
  CHECK(tl_model_apply_overlay(ctx, m, hdr) == TL_ERR_PARSE, "bad header");

  tl_model_free(m);
  tl_ctx_free(ctx);
  char cmd[700];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd)) fprintf(stderr, "note: could not remove %s\n", dir);
  if (failures) {
    fprintf(stderr, "test_overlay: %d failure(s)\n", failures);
    return 1;
  }
  printf("test_overlay: ok\n");
  return 0;
}
