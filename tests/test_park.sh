#!/usr/bin/env bash
# test_park.sh - `tanlu park`: the zero-carbon park scorecard checked
# against figures worked out by hand (tests/data/park) and recomputed here
# with awk from the shipped park model's own result CSVs; and its errors.
# Run from the repository root with TANLU set to the program.
set -u
cd "$(dirname "$0")/.." || exit 1

. tests/lib.sh
tl_setup park
# field FILE YEAR CRITERION COLUMN: a cell of a park.csv
field() {
  awk -F, -v y="$2" -v c="$3" -v col="$4" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) k = i; next }
    $2 == y && $3 == c { print $k; exit }' "$1"
}
# close_to GOT WANT: |GOT - WANT| <= 1e-9 max(1, |WANT|)
close_to() {
  awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b;
                                   if (m < 1) m = 1; exit !(a != "" && d <= 1e-9 * m) }'
}
expect_cell() { # FILE YEAR CRITERION COLUMN WANT WHAT
  local got
  got=$(field "$1" "$2" "$3" "$4")
  if [ "$5" = "" ]; then
    if [ "$got" = "" ]; then pass "$6"; else fail "$6: got '$got', expected empty"; fi
  elif close_to "$got" "$5"; then
    pass "$6 ($got)"
  else
    fail "$6: got '$got', expected $5"
  fi
}

# ---- 1. the hand-made result folder ----------------------------------------
# tests/data/park/results, year 2030, energy in TJ, CO2 in kt:
#   boundary technologies (make a fuel, use none): PV 100 and GRID 300 TJ of
#   ELC, GAS 50 TJ of GAS. BATT (uses 20, makes 18) and LOAD/BOIL use fuels.
#   ELC: supply S = 400, other production P = 18, use U = 20 + 380 = 400,
#        surplus = S + P - U = 18, boundary energy used = 400 - 18 = 382;
#        clean = (PV 100 x 1 + GRID 300 x 0.4) x 382/400 = 220 x 0.955 = 210.1
#   GAS: S = 50, U = 50, surplus 0, used 50; GAS emits CO2, so clean 0.
#   energy use = (382 + 50) TJ x 34.1208 tce/TJ = 14740.1856 tce
#   CO2 = 32.8 kt = 32800 t; CO2/tce = 32800 / 14740.1856 = 2.22520...
#   clean share = 210.1 / 432 = 48.6342592...%
#   size: 14740 tce is below the small class (200000): "below", scored at
#   the small threshold 0.20, gap = 2.22520... - 0.20; with --size large 0.30.
#   solid waste 85 >= 80 met (gap -5); waste heat 40 (a row without a year)
#   < 50 not met (gap 10); water reuse not stated: no value, not scored.
fx=tests/data/park
E=$(awk 'BEGIN { printf "%.10f", 432 * 34.1208 }')
I=$(awk -v e="$E" 'BEGIN { printf "%.12f", 32800 / e }')
S=$(awk 'BEGIN { printf "%.12f", 100 * 210.1 / 432 }')
t "$TANLU" park "$fx/results" --park "$fx/park.csv" -o "$tmp/fx.csv"
expect_rc 0 "park: scores the hand-made folder"
expect_text "$out" "criterion by criterion" "park: prints the criteria of the last year"
expect_cell "$tmp/fx.csv" 2030 energy_use VALUE "$E" "fixture: energy use in tce"
expect_cell "$tmp/fx.csv" 2030 co2_emissions VALUE 32800 "fixture: CO2 in t"
expect_cell "$tmp/fx.csv" 2030 co2_per_tce VALUE "$I" "fixture: CO2 per tce"
expect_cell "$tmp/fx.csv" 2030 co2_per_tce THRESHOLD 0.2 "fixture: small-class threshold"
expect_cell "$tmp/fx.csv" 2030 co2_per_tce MET 0 "fixture: CO2 per tce not met"
expect_cell "$tmp/fx.csv" 2030 co2_per_tce GAP "$(awk -v i="$I" 'BEGIN { printf "%.12f", i - 0.2 }')" "fixture: CO2 per tce gap"
expect_cell "$tmp/fx.csv" 2030 clean_energy_share VALUE "$S" "fixture: clean-energy share"
expect_cell "$tmp/fx.csv" 2030 clean_energy_share GAP "$(awk -v s="$S" 'BEGIN { printf "%.12f", 90 - s }')" "fixture: clean-share gap"
expect_cell "$tmp/fx.csv" 2030 solid_waste_reuse GAP -5 "fixture: solid waste met with margin 5"
expect_cell "$tmp/fx.csv" 2030 solid_waste_reuse MET 1 "fixture: solid waste met"
expect_cell "$tmp/fx.csv" 2030 waste_heat_use GAP 10 "fixture: waste heat missed by 10 (row without a year)"
expect_cell "$tmp/fx.csv" 2030 water_reuse VALUE "" "fixture: water reuse not stated"
expect_cell "$tmp/fx.csv" 2030 water_reuse MET "" "fixture: water reuse not scored"
if [ "$(field "$tmp/fx.csv" 2030 energy_use SIZE_CLASS)" = below ]; then
  pass "fixture: size class below 0.2 Mtce"
else
  fail "fixture: size class: $(field "$tmp/fx.csv" 2030 energy_use SIZE_CLASS)"
fi
t "$TANLU" park "$fx/results" --park "$fx/park.csv" --size large -o "$tmp/fxl.csv"
expect_rc 0 "park --size large"
expect_cell "$tmp/fxl.csv" 2030 co2_per_tce THRESHOLD 0.3 "fixture: large-class threshold 0.30"
printf 'CRITERION,SIZE,THRESHOLD,SENSE,UNIT,SOURCE\nco2_per_tce,,2.5,max,tCO2/tce,test\n' >"$tmp/crit.csv"
t "$TANLU" park "$fx/results" --park "$fx/park.csv" --criteria "$tmp/crit.csv" -o "$tmp/fxc.csv"
expect_rc 0 "park --criteria FILE"
expect_cell "$tmp/fxc.csv" 2030 co2_per_tce MET 1 "fixture: a criteria file's threshold is used"
t "$TANLU" park "$fx/results" --park "$fx/park.csv" -o -
expect_rc 0 "park -o - (CSV on standard output)"
expect_text "$out" "REGION,YEAR,CRITERION,VALUE,UNIT,THRESHOLD,SENSE,MET,GAP" "park -o -: the CSV header"

# ---- 2. the shipped park model, recomputed with awk ------------------------
t "$TANLU" run data/park -o "$tmp/run" --no-store --no-report
expect_rc 0 "run data/park"
t "$TANLU" park "$tmp/run" --model data/park
expect_rc 0 "park on the data/park run"
expect_text "$out" "clean-energy share of supply" "park: the criteria table"
# Independent recomputation, per year: boundary technologies make a fuel and
# use none; used boundary energy per fuel = S - max(0, S + P - U - demand);
# its clean part pro rata; GRID_BUY's clean fraction from park.csv, every
# other boundary supply clean when it emits no CO2. 34.1208 tce/TJ, kt -> t.
awk -F, -v OFS=, '
  FILENAME ~ /park\.csv$/ { if ($1 == "clean_fraction") cf[$2 SUBSEP $3] = $4; next }
  FNR == 1 { next }
  FILENAME ~ /UseByTechnologyAnnual/ { if ($5 > 0) { uses[$2 SUBSEP $4] = 1; U[$3 SUBSEP $4] += $5 }; next }
  FILENAME ~ /Demand\.csv$/ { U[$3 SUBSEP $4] += $5; next }
  FILENAME ~ /AnnualTechnologyEmission/ { if ($3 == "CO2" && $5 > 1e-12) emits[$2 SUBSEP $4] = 1; next }
  FILENAME ~ /AnnualEmissions/ { if ($2 == "CO2") co2[$3] += $4; next }
  FILENAME ~ /ProductionByTechnologyAnnual/ { n++; pt[n] = $2; pf[n] = $3; py[n] = $4; pv[n] = $5; next }
  END {
    for (i = 1; i <= n; i++) {
      k = pf[i] SUBSEP py[i]
      if (pv[i] > 0 && !((pt[i] SUBSEP py[i]) in uses)) {
        S[k] += pv[i]
        c = ((pt[i] SUBSEP py[i]) in cf) ? cf[pt[i] SUBSEP py[i]] : (((pt[i] SUBSEP py[i]) in emits) ? 0 : 1)
        C[k] += pv[i] * c
        bf[k] = 1
      } else P[k] += pv[i]
    }
    for (k in bf) {
      split(k, a, SUBSEP)
      sur = S[k] + P[k] - U[k]; if (sur < 0) sur = 0
      used = S[k] - sur; if (used < 0) used = 0
      E[a[2]] += used; CL[a[2]] += C[k] * used / S[k]
    }
    for (y in E) printf "%s,%.12g,%.12g,%.12g\n", y, E[y] * 34.1208, co2[y] * 1000 / (E[y] * 34.1208), 100 * CL[y] / E[y]
  }' data/park/park/park.csv "$tmp/run/UseByTechnologyAnnual.csv" "$tmp/run/Demand.csv" \
  "$tmp/run/AnnualTechnologyEmission.csv" "$tmp/run/AnnualEmissions.csv" \
  "$tmp/run/ProductionByTechnologyAnnual.csv" | sort >"$tmp/awk.csv"
nyears=$(wc -l <"$tmp/awk.csv")
if [ "$nyears" -eq 11 ]; then pass "awk: 11 years recomputed"; else fail "awk: $nyears years recomputed"; fi
while IFS=, read -r y e i s; do
  expect_cell "$tmp/run/park.csv" "$y" energy_use VALUE "$e" "run $y: energy use = awk"
  expect_cell "$tmp/run/park.csv" "$y" co2_per_tce VALUE "$i" "run $y: CO2 per tce = awk"
  expect_cell "$tmp/run/park.csv" "$y" clean_energy_share VALUE "$s" "run $y: clean share = awk"
done <"$tmp/awk.csv"
# the park is in the small class (0.2-1 Mtce) every year, and its plan
# meets the CO2 criterion from 2030 on but not in 2025
for y in 2025 2030 2035; do
  c=$(field "$tmp/run/park.csv" $y energy_use SIZE_CLASS)
  if [ "$c" = small ]; then pass "run $y: size class small"; else fail "run $y: size class '$c'"; fi
done
expect_cell "$tmp/run/park.csv" 2025 co2_per_tce MET 0 "run 2025: CO2 per tce not met"
expect_cell "$tmp/run/park.csv" 2030 co2_per_tce MET 1 "run 2030: CO2 per tce met"
t "$TANLU" park "$tmp/run" --model data/park --year 2030 -o "$tmp/y.csv"
expect_rc 0 "park --year 2030"
if [ "$(awk -F, 'NR > 1 && $2 != 2030' "$tmp/y.csv" | wc -l)" -eq 0 ] && [ "$(wc -l <"$tmp/y.csv")" -eq 8 ]; then
  pass "park --year: seven rows of 2030 only"
else
  fail "park --year: $(wc -l <"$tmp/y.csv") lines"
fi

# ---- 3. errors --------------------------------------------------------------
t "$TANLU" park
expect_rc 1 "park without a folder"
expect_text "$err" "which result folder" "park without a folder: says what is missing"
t "$TANLU" park "$tmp/run"
expect_rc 1 "park without --model or --park"
expect_text "$err" "--model" "park without park data: names --model"
t "$TANLU" park "$tmp/run" --model data/park --size medium
expect_rc 1 "park --size medium"
t "$TANLU" park "$tmp/nonexistent" --model data/park
expect_rc 2 "park on a missing folder"
expect_text "$err" "cannot open result folder" "missing folder: says so"
expect_text "$err" "nonexistent" "missing folder: names it"
mkdir -p "$tmp/empty"
t "$TANLU" park "$tmp/empty" --model data/park
expect_rc 2 "park on a folder without result tables"
expect_text "$err" "ProductionByTechnologyAnnual.csv" "no tables: names the missing table"
mkdir -p "$tmp/partial" && cp "$fx"/results/ProductionByTechnologyAnnual.csv "$fx"/results/UseByTechnologyAnnual.csv "$tmp/partial/"
t "$TANLU" park "$tmp/partial" --park "$fx/park.csv"
expect_rc 2 "park on a folder without AnnualEmissions"
expect_text "$err" "AnnualEmissions.csv" "partial folder: names the missing table"
mkdir -p "$tmp/bad" && cp "$fx"/results/*.csv "$tmp/bad/"
sed -i 's/^P,GRID,ELC,2030,300$/P,GRID,ELC,2030,3x0/' "$tmp/bad/ProductionByTechnologyAnnual.csv"
t "$TANLU" park "$tmp/bad" --park "$fx/park.csv"
expect_rc 3 "park on a bad number"
expect_text "$err" "ProductionByTechnologyAnnual.csv:3" "bad number: names file and line"
expect_text "$err" "3x0" "bad number: names the value"
expect_text "$err" "column 5" "bad number: names the column"
printf 'ITEM,KEY,YEAR,VALUE\ntce_per_unit,,,34.1208\nco2_t_per_unit,,,1000\nrecycling,,2030,5\n' >"$tmp/badpark.csv"
t "$TANLU" park "$fx/results" --park "$tmp/badpark.csv"
expect_rc 3 "park data with an unknown item"
expect_text "$err" "recycling" "unknown item: names it"
expect_text "$err" "badpark.csv:4" "unknown item: names file and line"
t "$TANLU" park "$fx/results" --park "$tmp/none.csv"
expect_rc 2 "park data file missing"
expect_text "$err" "none.csv" "missing park data: names the file"
t "$TANLU" help park
expect_rc 0 "help park"
expect_text "$out" "Exit codes" "help park: exit codes"
expect_text "$out" "tce" "help park: defines energy use"

echo
if [ "$failures" -ne 0 ]; then
  echo "test_park: $failures failure(s)"
  exit 1
fi
echo "test_park: all passed"
