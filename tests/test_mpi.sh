#!/usr/bin/env bash
# test_mpi.sh - `tanlu ensemble` from outside: usage errors, the same files
# with -j 1 and -j 2 and for the same seed twice; then under Open MPI:
# `mpirun -np 2 tanlu ensemble ...` writes the files of the serial run,
# both ranks solve members (ranks.csv) and rank 0 prints
# "ensemble: N members on 2 ranks"; the run store holds each ensemble as
# one run whose tables are the files (rank 0 records, once; --no-store
# records nothing). The MPI part is skipped (SKIP, exit 0)
# only when mpirun is absent. Run from the repository root with TANLU set
# to the program.
set -u
cd "$(dirname "$0")/.." || exit 1

# every ensemble records into $tmp/tanlu.db (none into the working folder)
. tests/lib.sh
tl_setup mpi

model=tests/models/utopia.txt
spec=examples/ensemble-utopia.yaml
files="members.csv outputs_long.csv summary.csv targets.csv sensitivity.csv"

# same_files A B WHAT: the reproducible files of two runs are identical.
same_files() {
  local f ok=1
  for f in $files; do
    if ! cmp -s "$1/$f" "$2/$f"; then
      fail "$3: $f differs"
      ok=0
    fi
  done
  [ $ok -eq 1 ] && pass "$3: the files are identical"
}

# ---- the command on one machine ----------------------------------------------
"$TANLU" ensemble "$model" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 1 ] && grep -q -- "--spec" "$tmp/err"; then
  pass "a missing --spec is a usage error"
else
  fail "a missing --spec: exit $rc, $(cat "$tmp/err")"
fi
"$TANLU" ensemble "$model" --spec "$spec" -n 0 >/dev/null 2>&1
[ $? -eq 1 ] && pass "-n 0 is a usage error" || fail "-n 0 accepted"
printf 'parameters:\n  - name: a\n    parameter: CapitalCots\n    index: "*,*,*"\n    dist: {type: uniform, min: 1, max: 2}\n' >"$tmp/bad.yaml"
"$TANLU" ensemble "$model" --spec "$tmp/bad.yaml" >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ] && grep -q "bad.yaml:3:.*CapitalCost" "$tmp/err"; then
  pass "a bad spec names its file, line and a hint"
else
  fail "a bad spec: exit $rc, $(cat "$tmp/err")"
fi

"$TANLU" ensemble "$model" --spec "$spec" -n 12 --seed 5 -j 1 -o "$tmp/serial" >"$tmp/out" 2>&1 ||
  fail "serial run: $(cat "$tmp/out")"
grep -q "^ensemble: 12 members on 1 rank$" "$tmp/out" &&
  pass "serial run prints its size" || fail "serial run: $(head -1 "$tmp/out")"
"$TANLU" ensemble "$model" --spec "$spec" -n 12 --seed 5 -j 2 -o "$tmp/j2" -q ||
  fail "run with -j 2"
same_files "$tmp/serial" "$tmp/j2" "-j 1 and -j 2"
"$TANLU" ensemble "$model" --spec "$spec" -n 12 --seed 5 -j 2 -o "$tmp/j2b" -q ||
  fail "second run with -j 2"
same_files "$tmp/j2" "$tmp/j2b" "the same seed twice"
if grep -qE '[0-9]{2}:[0-9]{2}:[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}T' \
  $(for f in $files; do echo "$tmp/serial/$f"; done); then
  fail "a reproducible file holds a time"
else
  pass "no times in the reproducible files"
fi

# ---- the run store -------------------------------------------------------------
# nruns: the number of runs in the store.
nruns() { "$TANLU" runs --csv 2>/dev/null | tail -n +2 | grep -c .; }
[ "$(nruns)" -eq 3 ] && pass "each ensemble is one run of the store" ||
  fail "runs in the store after 3 ensembles: $(nruns)"
"$TANLU" ensemble "$model" --spec "$spec" -n 12 --seed 5 -j 1 -o "$tmp/nostore" \
  -q --no-store || fail "run with --no-store"
[ "$(nruns)" -eq 3 ] && pass "--no-store records nothing" ||
  fail "--no-store: $(nruns) runs"
"$TANLU" ensemble "$model" --spec "$spec" -n 12 --seed 5 -j 2 -o "$tmp/db2" -q \
  --db "$tmp/other.db" --scenario-name mc12 || fail "run with --db"
line=$("$TANLU" runs --db "$tmp/other.db" --csv | tail -n +2)
case "$line" in
  1,*,mc12,optimal,*) pass "--db and --scenario-name: $(echo "$line" | cut -d, -f4-6)" ;;
  *) fail "--db store: '$line'" ;;
esac
"$TANLU" runs | grep -q " ensemble " && pass "tanlu runs lists ensembles as such" ||
  fail "tanlu runs: $("$TANLU" runs)"
"$TANLU" export last --format csv -o "$tmp/export" 2>/dev/null ||
  fail "tanlu export of an ensemble"
for f in $files ranks.csv; do
  if cmp -s "$tmp/j2b/$f" "$tmp/export/ensemble/$f"; then
    pass "exported ensemble/$f is the ensemble's file"
  else
    fail "exported ensemble/$f differs from the ensemble's"
  fi
done
# the members' values in the store are those of members.csv (SQL by hand:
# the store's long form, as docs/outputs.md describes)
if command -v sqlite3 >/dev/null 2>&1; then
  got=$(sqlite3 "$TANLU_DB" "SELECT count(*) FROM results_long l JOIN runs r
    ON r.id = l.run_id WHERE r.id = 3 AND l.tbl = 'ensemble/members'
    AND l.col = 'objective' AND l.value IS NOT NULL")
  [ "$got" = 12 ] && pass "SQL finds the 12 members' objectives" ||
    fail "SQL: $got members with an objective"
fi

# ---- under MPI ------------------------------------------------------------------
if ! command -v mpirun >/dev/null 2>&1; then
  echo "SKIP: mpirun not found: the MPI part is not tested (Debian: openmpi-bin libopenmpi-dev)"
  [ $failures -eq 0 ] && exit 0 || exit 1
fi
if ! "$TANLU" ensemble --help | grep -qE "built with MPI|hands the ensemble to tanlu-mpi"; then
  fail "mpirun is here but $TANLU is built without MPI (install libopenmpi-dev, then make MPI=1)"
  exit 1
fi
# Open MPI keeps memory until the process ends: no leak check under ASan.
# The vader setting lets it run in containers without ptrace.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
OMPI_MCA_btl_vader_single_copy_mechanism=none \
  mpirun --allow-run-as-root --oversubscribe -np 2 \
  "$TANLU" ensemble "$model" --spec "$spec" -n 12 --seed 5 -o "$tmp/mpi" \
  >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ]; then
  fail "mpirun -np 2: exit $rc"
  sed 's/^/      /' "$tmp/err" | tail -20
else
  pass "mpirun -np 2 tanlu ensemble"
fi
n=$(grep -c "^ensemble: " "$tmp/out")
if grep -q "^ensemble: 12 members on 2 ranks$" "$tmp/out" && [ "$n" -eq 1 ]; then
  pass "rank 0 (only) prints 'ensemble: 12 members on 2 ranks'"
else
  fail "the size line: $(grep '^ensemble' "$tmp/out")"
fi
same_files "$tmp/serial" "$tmp/mpi" "serial and mpirun -np 2"
ranks=$(tail -n +2 "$tmp/mpi/ranks.csv" 2>/dev/null | cut -d, -f2 | sort -u | tr '\n' ' ')
if [ "$ranks" = "0 1 " ]; then
  pass "both ranks solved members"
else
  fail "ranks that solved members: '$ranks'"
fi
warm=$(tail -n +2 "$tmp/mpi/ranks.csv" | cut -d, -f3 | grep -c warm)
[ "$warm" -eq 12 ] && pass "every member warm-started" || fail "$warm of 12 warm-started"
[ "$(nruns)" -eq 4 ] && pass "rank 0 (only) records the ensemble, once" ||
  fail "runs in the store after mpirun -np 2: $(nruns), want 4"
rm -rf "$tmp/export"
"$TANLU" export last --format csv -o "$tmp/export" 2>/dev/null
cmp -s "$tmp/serial/members.csv" "$tmp/export/ensemble/members.csv" &&
  pass "the store holds the members of the MPI run" ||
  fail "the MPI run's members in the store differ"

if [ $failures -eq 0 ]; then
  echo "all MPI and ensemble command checks passed"
  exit 0
fi
echo "$failures check(s) failed"
exit 1
