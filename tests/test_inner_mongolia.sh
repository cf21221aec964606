#!/usr/bin/env bash
# test_inner_mongolia.sh - the shipped provincial model of Inner Mongolia
# (data/inner-mongolia): it solves to optimality; its 2021 figures and the
# imposed 2022-2024 history match the published values
# (scripts/inner_mongolia/check_calibration.py: generation 600 TWh, 246.7 TWh
# sent out, 154 GW installed, 1.06 Gt coal (W1), wind generation (W7), GDP
# (W2), wind+solar 61.82 GW in 2022 (W3) and 92.6 GW in 2023 (S13), thermal
# 117 GW in 2024 (W5), each within 2%); new-energy capacity in 2024 exceeds
# 100 GW (S13, recomputed here with awk); the generator is re-runnable with
# byte-identical output; and scripts/inner_mongolia/savings.py finds the
# 2021-2025 energy saving, CO2 avoided and industrial energy intensity
# within a factor of 3 of the published 12 Mtce, 30 Mt CO2 and -13%.
set -u
cd "$(dirname "$0")/.." || exit 1

. tests/lib.sh
tl_setup im
tl_need python3 "scripts/inner_mongolia/*.py"

out=$tmp/out
if "$TANLU" run data/inner-mongolia -o "$out" --no-report >"$tmp/run.out" 2>"$tmp/run.err"; then
  pass "tanlu run data/inner-mongolia: optimal"
else
  fail "tanlu run data/inner-mongolia: exit $? ($(tail -n 3 "$tmp/run.err"))"
  echo "$failures failures"
  exit 1
fi
grep -E '^(LP|objective|solver) ' "$tmp/run.out"

if python3 scripts/inner_mongolia/check_calibration.py "$out" >"$tmp/cal.out" 2>&1; then
  pass "calibration: $(tail -n 1 "$tmp/cal.out")"
else
  fail "calibration:"
  cat "$tmp/cal.out"
fi

# new energy (wind + solar) in 2024 > 100 GW (S13), from TotalCapacityAnnual
ne=$(awk -F, '$3 == 2024 && ($2 == "PP_WIND" || $2 == "PP_SOLAR") { s += $4 } END { printf "%.2f", s }' \
  "$out/TotalCapacityAnnual.csv")
if awk -v v="$ne" 'BEGIN { exit !(v > 100) }'; then
  pass "wind+solar capacity 2024 = $ne GW (S13: over 100 GW)"
else
  fail "wind+solar capacity 2024 = '$ne' GW, S13 says over 100 GW"
fi

# the targets: CO2 peak by 2030, net zero in 2060
if grep -q '^  net zero  2060 (target 2060: met)' "$tmp/run.out" &&
  grep -q 'peak .*(target 2030: met)' "$tmp/run.out"; then
  pass "peak and net-zero targets met"
else
  fail "targets: $(grep -E 'peak|net zero' "$tmp/run.out")"
fi

# the generator writes the same files again
gen=$tmp/gen
if python3 scripts/inner_mongolia/build_im.py --out "$gen" >/dev/null 2>&1; then
  diffs=0
  for f in "$gen"/*.csv; do
    cmp -s "$f" "data/inner-mongolia/$(basename "$f")" || diffs=$((diffs + 1))
  done
  [ "$diffs" -eq 0 ] && pass "build_im.py reproduces data/inner-mongolia byte for byte" ||
    fail "build_im.py output differs from data/inner-mongolia in $diffs files"
else
  fail "build_im.py --out failed"
fi

if python3 scripts/inner_mongolia/savings.py "$out" >"$tmp/sav.out" 2>&1; then
  pass "savings: $(tail -n 1 "$tmp/sav.out")"
  sed -n '/^figure/,$p' "$tmp/sav.out"
else
  fail "savings.py:"
  cat "$tmp/sav.out"
fi

if [ "$failures" -eq 0 ]; then
  echo "test_inner_mongolia: all checks passed"
  exit 0
fi
echo "test_inner_mongolia: $failures failures"
exit 1
