/* fuzz_overlay.c - fuzz target: scenario overlays
 * (tl_model_apply_overlay_buf) on arbitrary bytes, applied to a small
 * model with every kind of set and a text parameter; the changed model is
 * then used as in fuzz_common.h. Seeds: the overlays of docs/scenarios.md
 * and tests/fuzz/seeds.sh. */
#include "fuzz_common.h"
#include "io/overlay.h"

static const char fuzz_overlay_base[] =
    "set REGION := R1 R2;\n"
    "set TECHNOLOGY := MINE PLANT BACKSTOP DACCS;\n"
    "set FUEL := COAL ELC;\n"
    "set EMISSION := CO2 CH4;\n"
    "set MODE_OF_OPERATION := 1 2;\n"
    "set TIMESLICE := DAY NIGHT;\n"
    "set YEAR := 2020 2021 2022;\n"
    "set STORAGE := DAM;\n"
    "set SEASON := 1;\nset DAYTYPE := 1;\nset DAILYTIMEBRACKET := 1 2;\n"
    "param YearSplit default 0.5 := ;\n"
    "param SpecifiedAnnualDemand default 0 := [R1,ELC,*] 2020 10 2021 11 2022 12;\n"
    "param SpecifiedDemandProfile default 0.5 := ;\n"
    "param OutputActivityRatio default 0 := [R1,*,*,1,2020] \n"
    "   (tr) MINE PLANT BACKSTOP := \n"
    "   COAL 1 . . \n   ELC . 1 1 ;\n"
    "param CapitalCost default 10 := R1 PLANT 2020 1000 R1 PLANT 2021 900;\n"
    "param VariableCost default 0 := [R1,BACKSTOP,1,*] 2020 999 2021 999 2022 999;\n"
    "param EmissionGas := CO2 CO2 CH4 CH4;\n"
    "param TechnologyCategory := DACCS removal;\n"
    "param TechnologyReadiness default 9 := [DACCS,*] 2020 6 2021 7 2022 8;\n"
    "param AnnualGHGLimit := R1 2022 5;\n"
    "end;\n";

static int fuzz_overlay_one(const uint8_t *data, size_t size) {
  tl_ctx *ctx = tl_ctx_new();
  tl_model *m = NULL;
  if (!ctx) return 0;
  if (tl_read_databuf(ctx, "base.txt", fuzz_overlay_base,
                      sizeof fuzz_overlay_base - 1, &m) != TL_OK)
    fuzz_fail("the base model of the overlay target does not read");
  tl_ctx_clear(ctx);
  tl_status st = tl_model_apply_overlay_buf(ctx, m, "fuzz.csv", (const char *)data, size);
  if (st != TL_OK && tl_ctx_count(ctx, TL_ERROR) == 0 && st != TL_ERR_NOMEM)
    fuzz_fail("tl_model_apply_overlay_buf failed without an error message");
  if (st == TL_OK) fuzz_use_model(ctx, m);
  fuzz_format_diags(ctx);
  tl_model_free(m);
  tl_ctx_free(ctx);
  return 0;
}

#ifndef TL_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz_overlay_one(data, size);
}
#endif
