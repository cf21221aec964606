#!/usr/bin/env bash
# test_example.sh - the programs in examples/ build against the public
# header alone (make does that) and give UTOPIA's reference objective.
set -u
cd "$(dirname "$0")/.." || exit 1

BUILD=${BUILD:-build}
ex=$BUILD/examples/solve_model
if [ ! -x "$ex" ]; then
  echo "no example program at '$ex' (make builds it)"
  exit 1
fi
want=$(awk -F'\t' '$1 == "utopia" { print $3 }' tests/models/REFERENCE.tsv)

failures=0
out=$("$ex" tests/models/utopia.txt)
rc=$?
if [ "$rc" -ne 0 ]; then
  echo "FAIL: $ex tests/models/utopia.txt exited $rc"
  failures=$((failures + 1))
fi
got=$(printf '%s\n' "$out" | awk '$1 == "objective" { print $2 }')
if awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d;
                                         exit !(a != "" && d <= 1e-6 * b) }'; then
  echo "ok:   objective $got (reference $want)"
else
  echo "FAIL: objective '$got', reference $want"
  failures=$((failures + 1))
fi

"$ex" >/dev/null 2>&1
rc=$?
if [ "$rc" -eq 2 ]; then
  echo "ok:   usage error without a model (exit 2)"
else
  echo "FAIL: without a model the example exited $rc, expected 2"
  failures=$((failures + 1))
fi

[ "$failures" -eq 0 ] || exit 1
echo "all checks passed"
