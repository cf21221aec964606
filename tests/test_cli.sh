#!/usr/bin/env bash
# test_cli.sh - the tanlu program seen from outside: help texts, argument
# errors, exit codes, and whole runs checked against the reference
# objectives of tests/models/REFERENCE.tsv (computed with glpsol, not by
# Tanlu). Run from the repository root with TANLU set to the program.
set -u
cd "$(dirname "$0")/.." || exit 1

. tests/lib.sh
tl_setup cli
# expect WHAT CMD...: pass when CMD succeeds.
expect() {
  local what=$1
  shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

# reference NAME: objective of a reference model.
reference() { awk -F'\t' -v n="$1" '$1 == n { print $3 }' tests/models/REFERENCE.tsv; }

# csv_sum FILE: sum of the VALUE column of an otoole result CSV.
csv_sum() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { sub(/\r$/, "", $i); if ($i == "VALUE") c = i }; next }
           c { s += $c } END { if (!c) exit 1; printf "%.12g\n", s }' "$1"
}

# close_to GOT WANT: |GOT - WANT| <= 1e-6 |WANT|
close_to() {
  awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b;
                                   exit !(a != "" && d <= 1e-6 * m) }'
}

# expect_objective DIR WANT WHAT: TotalDiscountedCost in DIR sums to WANT.
expect_objective() {
  local f=$1/TotalDiscountedCost.csv got
  if [ ! -s "$f" ]; then
    fail "$3: $f missing"
    return
  fi
  got=$(csv_sum "$f")
  if close_to "$got" "$2"; then
    pass "$3: TotalDiscountedCost sums to $got (reference $2)"
  else
    fail "$3: TotalDiscountedCost sums to '$got', reference $2"
  fi
}

utopia=tests/models/utopia.txt
ref_utopia=$(reference utopia)
[ -n "$ref_utopia" ] || fail "no utopia objective in tests/models/REFERENCE.tsv"

# ---- help and version --------------------------------------------------------
t "$TANLU" --help
expect_rc 0 "tanlu --help"
for c in run check build convert help; do
  expect_text "$out" "  $c " "--help lists the command '$c'"
done
expect_text "$out" "exit codes" "--help shows the exit codes"

t "$TANLU" help run
expect_rc 0 "tanlu help run"
for o in --output --solver --method --no-presolve --threads --time-limit \
  --write-mps --write-lp --quiet --verbose --help; do
  expect_text "$out" "$o" "help run lists $o"
done
help_run=$out
expect_text "$help_run" "exit codes" "help run has an exit code section"
for code in 0 1 2 3 4 5 6 7 8 9; do
  if printf '%s\n' "$help_run" | grep -qE "^ +$code +[a-z]"; then
    pass "help run documents exit code $code"
  else
    fail "help run does not document exit code $code"
  fi
done

# The exit code table is the same in the help, the manual page and the README.
for code in 0 1 2 3 4 5 6 7 8 9; do
  h=$(printf '%s\n' "$help_run" | sed -n "s/^ *$code  *//p")
  m=$(awk -v c=".B $code" '/^\.SH EXIT STATUS/ { f = 1 } f && prev == c { print; exit } { prev = $0 }' doc/tanlu.1)
  r=$(sed -n "s/^| $code | \(.*\) |\$/\1/p" README.md)
  if [ -n "$h" ] && [ "$h" = "$m" ] && [ "$h" = "$r" ]; then
    pass "exit code $code reads the same in help, man page and README"
  else
    fail "exit code $code: help '$h', man page '$m', README '$r'"
  fi
done

t "$TANLU" run --help
expect_rc 0 "tanlu run --help"
expect "run --help prints the same as help run" test "$out" = "$help_run"

for c in check build convert help; do
  t "$TANLU" help "$c"
  expect_rc 0 "tanlu help $c"
  expect_text "$out" "usage: tanlu $c" "help $c starts with its usage"
  t "$TANLU" "$c" --help
  expect_rc 0 "tanlu $c --help"
done

t "$TANLU" --version
expect_rc 0 "tanlu --version"
expect_text "$out" "tanlu " "--version names the program"

# ---- usage errors: exit 1, naming the problem ----------------------------------
t "$TANLU"
expect_rc 1 "tanlu without a command"

t "$TANLU" frobnicate
expect_rc 1 "unknown command"
expect_text "$err" "frobnicate" "unknown command is named"

t "$TANLU" run "$utopia" --bogus
expect_rc 1 "unknown option"
expect_text "$err" "--bogus" "unknown option is named"
expect_text "$err" "--help" "unknown option points to --help"

t "$TANLU" run "$utopia" --solve clp
expect_rc 1 "misspelt option"
expect_text "$err" "did you mean '--solver'" "misspelt option gets a suggestion"

t "$TANLU" run
expect_rc 1 "run without a model"

t "$TANLU" run "$utopia" "$utopia"
expect_rc 1 "run with two models"

t "$TANLU" run "$utopia" -o
expect_rc 1 "-o without its value"
expect_text "$err" "-o" "missing value names the option"

for bad in "--threads 2x" "--threads -1" "--time-limit abc" "--time-limit -5" \
  "--time-limit=inf" "--solver cplex" "--method simplex" "--no-presolve=1"; do
  # shellcheck disable=SC2086
  t "$TANLU" run "$utopia" $bad
  expect_rc 1 "bad option value: $bad"
done

t "$TANLU" check
expect_rc 1 "check without a model"
t "$TANLU" convert "$utopia"
expect_rc 1 "convert without OUT"

# ---- input errors: exit 2 with the path; nothing written ------------------------
t "$TANLU" run "$tmp/no-such-model.txt" -o "$tmp/out-missing"
expect_rc 2 "run on a nonexistent model"
expect_text "$err" "$tmp/no-such-model.txt" "the missing model's path is named"
expect "nothing written for a missing model" test ! -e "$tmp/out-missing"

t "$TANLU" check "$tmp/no-such-folder"
expect_rc 2 "check on a nonexistent model"

# ---- model errors: exit 3; nothing written ----------------------------------------
mkdir -p "$tmp/broken"
sed 's/^\(param[[:space:]]*OperationalLife[[:space:]]*default[[:space:]]*\)1/\1abc/' \
  "$utopia" >"$tmp/broken/utopia.txt"
if cmp -s "$utopia" "$tmp/broken/utopia.txt"; then
  fail "could not make a broken copy of $utopia"
fi
t "$TANLU" check "$tmp/broken/utopia.txt"
expect_rc 3 "check on a broken model"
expect_text "$err" "OperationalLife" "the broken parameter is named"
t "$TANLU" run "$tmp/broken/utopia.txt" -o "$tmp/broken/out"
expect_rc 3 "run on a broken model"
expect "nothing written for a broken model" test ! -e "$tmp/broken/out"

# ---- the whole run on UTOPIA ---------------------------------------------------------
t "$TANLU" check "$utopia"
expect_rc 0 "check utopia"
expect_text "$out" "$utopia: ok" "check utopia says ok"

t "$TANLU" run "$utopia" -o "$tmp/utopia"
expect_rc 0 "run utopia"
expect_objective "$tmp/utopia" "$ref_utopia" "run utopia"
for w in model sets LP solver objective iterations time total results; do
  expect_text "$out" "$w" "run summary shows '$w'"
done
expect_text "$out" "optimal" "run summary shows the solver status"

t "$TANLU" run "$utopia" -o "$tmp/utopia-quiet" --quiet
expect_rc 0 "run --quiet"
expect "run --quiet prints nothing on stdout" test -z "$out"

t "$TANLU" build "$utopia" --write-mps "$tmp/utopia.mps" --write-lp "$tmp/utopia.lp"
expect_rc 0 "build utopia with MPS and LP export"
expect_text "$out" "rows" "build shows the LP size"
expect "build wrote the MPS file" test -s "$tmp/utopia.mps"
expect "build wrote the LP file" test -s "$tmp/utopia.lp"

# ---- output errors: exit 9 ------------------------------------------------------------
: >"$tmp/a-file"
t "$TANLU" run "$utopia" -o "$tmp/a-file/results"
expect_rc 9 "run with an output folder that cannot be made"
t "$TANLU" build "$utopia" --write-mps "$tmp/a-file/x.mps"
expect_rc 9 "build with an MPS path that cannot be written"

# ---- convert, both ways, and solve what came out ----------------------------------------
t "$TANLU" convert "$utopia" "$tmp/utopia-csv"
expect_rc 0 "convert utopia to a CSV folder"
expect "the CSV folder has REGION.csv" test -s "$tmp/utopia-csv/REGION.csv"
t "$TANLU" convert "$tmp/utopia-csv" "$tmp/utopia-back.txt"
expect_rc 0 "convert the CSV folder back to a data file"
t "$TANLU" run "$tmp/utopia-back.txt" -o "$tmp/utopia-back"
expect_rc 0 "run the round-tripped data file"
expect_objective "$tmp/utopia-back" "$ref_utopia" "round-tripped utopia"

# ---- infeasible: exit 4, nothing written -------------------------------------------------
# Every technology's activity capped at zero: no demand can be met.
inf=$tmp/infeasible
cp -r "$tmp/utopia-csv" "$inf"
{
  echo "REGION,TECHNOLOGY,YEAR,VALUE"
  tail -n +2 "$inf/REGION.csv" | tr -d '\r' | while read -r r; do
    tail -n +2 "$inf/TECHNOLOGY.csv" | tr -d '\r' | while read -r tech; do
      tail -n +2 "$inf/YEAR.csv" | tr -d '\r' | while read -r y; do
        echo "$r,$tech,$y,0"
      done
    done
  done
} >"$inf/TotalTechnologyAnnualActivityUpperLimit.csv"
t "$TANLU" run "$inf" -o "$tmp/infeasible-out"
expect_rc 4 "run an infeasible model"
expect_text "$err" "infeasible" "the infeasibility is reported"
expect "no results for an infeasible model" \
  test ! -e "$tmp/infeasible-out/TotalDiscountedCost.csv"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
