#!/usr/bin/env bash
# test_china.sh - the shipped national China model (data/china), run as the
# README's first command runs it, against published figures: the 2021
# inventory of China's BTR1 (S1: net GHG 12,998.8 Mt CO2e incl. LULUCF,
# CO2 without LULUCF 11,628 Mt, each gas and sector) and the NBS/CEC energy
# statistics (S3, S4), as listed in ../shared/reference/facts-china.csv and
# data/china/assumptions/calibration_targets.csv. Nothing here is computed
# by Tanlu: the expected values are the published ones.
#
# Checks: the run is optimal; scripts/china/check_calibration.py finds all
# 37 base-year figures within tolerance (0.5% net GHG, 2% gases and
# sectors, 3% energy); iamc.csv carries Emissions|Kyoto Gases (net, incl.
# LULUCF) and Emissions|CO2 (without LULUCF) for scenario dual-carbon,
# region China, within 0.5% and 2% of S1; the dual-carbon targets hold
# (net GHG <= 0 in 2060, CO2 in 2060 below 2030); the reference scenario
# (no climate targets) emits more in 2060 than the dual-carbon pathway.
set -u
cd "$(dirname "$0")/.." || exit 1

. tests/lib.sh
tl_setup china
tl_need python3 "scripts/china/check_calibration.py"

# iamc VARIABLE YEAR FILE: the value of VARIABLE in YEAR for scenario
# dual-carbon, region China (empty when absent)
iamc() {
  awk -F, -v var="$1" -v year="$2" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $2 == "dual-carbon" && $3 == "China" && $4 == var { print $(col[year]) }
  ' "$3"
}
# within A B REL: |A - B| <= REL * |B|
within() {
  awk -v a="$1" -v b="$2" -v r="$3" \
    'BEGIN { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; exit !(a != "" && d <= r * m) }'
}

out=$tmp/china
if "$TANLU" run data/china -o "$out" --no-report >"$tmp/run.out" 2>"$tmp/run.err"; then
  pass "tanlu run data/china: optimal"
else
  fail "tanlu run data/china: exit $? ($(tail -n 3 "$tmp/run.err"))"
  echo "$failures failures"
  exit 1
fi
grep -E '^(LP|objective|iterations) ' "$tmp/run.out"

if python3 scripts/china/check_calibration.py "$out" >"$tmp/cal.out" 2>&1 &&
  grep -q '^37 of 37 figures within tolerance' "$tmp/cal.out"; then
  pass "2021 calibration: 37 of 37 published figures within tolerance"
else
  fail "2021 calibration:"
  cat "$tmp/cal.out"
fi

f=$out/iamc.csv
v=$(iamc "Emissions|Kyoto Gases" 2021 "$f")
if within "$v" 12998.8 0.005; then
  pass "iamc.csv Emissions|Kyoto Gases 2021 = $v (S1: 12998.8 Mt CO2e, +-0.5%)"
else
  fail "iamc.csv Emissions|Kyoto Gases 2021 = '$v', S1 12998.8 Mt CO2e"
fi
v=$(iamc "Emissions|CO2" 2021 "$f")
if within "$v" 11628.0 0.02; then
  pass "iamc.csv Emissions|CO2 2021 = $v (S1 without LULUCF: 11628 Mt, +-2%)"
else
  fail "iamc.csv Emissions|CO2 2021 = '$v', S1 11628 Mt"
fi
unit=$(awk -F, '$2 == "dual-carbon" && $4 == "Emissions|Kyoto Gases" { print $5 }' "$f")
[ "$unit" = "Mt CO2-equiv/yr" ] && pass "unit $unit" || fail "unit of Emissions|Kyoto Gases: '$unit'"

net60=$(iamc "Emissions|Kyoto Gases" 2060 "$f")
co2_30=$(iamc "Emissions|CO2" 2030 "$f")
co2_60=$(iamc "Emissions|CO2" 2060 "$f")
if awk -v n="$net60" 'BEGIN { exit !(n != "" && n <= 1e-3) }'; then
  pass "net zero in 2060: Kyoto Gases $net60"
else
  fail "net GHG in 2060 is '$net60', the target is <= 0"
fi
if awk -v a="$co2_30" -v b="$co2_60" 'BEGIN { exit !(a != "" && b != "" && b < a) }'; then
  pass "CO2 falls after the peak: $co2_30 (2030) -> $co2_60 (2060)"
else
  fail "CO2 2030 '$co2_30', 2060 '$co2_60'"
fi

# the reference scenario (no climate targets) emits more by 2060
ref=$tmp/ref
if "$TANLU" run data/china --scenario data/china/scenarios/reference.csv \
  -o "$ref" --no-report --no-reference -q >/dev/null 2>"$tmp/ref.err"; then
  r60=$(awk -F, -v var="Emissions|Kyoto Gases" '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $2 == "reference" && $4 == var { print $(col["2060"]) }' "$ref/iamc.csv")
  if awk -v r="$r60" -v d="$net60" 'BEGIN { exit !(r != "" && r > d + 1000) }'; then
    pass "reference 2060 Kyoto Gases $r60 > dual-carbon $net60 (scenario named from its file)"
  else
    fail "reference 2060 Kyoto Gases '$r60' vs dual-carbon '$net60'"
  fi
else
  fail "reference scenario run: $(tail -n 3 "$tmp/ref.err")"
fi

if [ "$failures" -eq 0 ]; then
  echo "test_china: all checks passed"
  exit 0
fi
echo "test_china: $failures failures"
exit 1
