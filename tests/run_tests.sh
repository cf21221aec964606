#!/usr/bin/env bash
# run_tests.sh - run test programs and test scripts from the repository
# root; print PASS/FAIL per test and a summary; exit 1 if any failed.
#
# Usage: tests/run_tests.sh TEST...
#   TEST is an executable (a unit test) or a .sh file (run with bash).
# Environment:
#   TANLU         the tanlu program the scripts test (default build/tanlu)
#   BUILD         the build tree (default build), for scripts that need it
#   TEST_LOG_DIR  where each test's output goes (default $BUILD/tests/logs)
#   TEST_TIMEOUT  seconds before a test is stopped (default 900)
set -u
cd "$(dirname "$0")/.." || exit 2

export BUILD=${BUILD:-build}
export TANLU=${TANLU:-$BUILD/tanlu}
export TANLU_DB=${TANLU_DB:-$BUILD/tests/tanlu.db}  # runs record here, not in the tree
log_dir=${TEST_LOG_DIR:-$BUILD/tests/logs}
limit=${TEST_TIMEOUT:-900}
mkdir -p "$log_dir" || exit 2

if [ $# -eq 0 ]; then
  echo "run_tests.sh: no tests given" >&2
  exit 2
fi

pass=0
failed=()
for t in "$@"; do
  name=$(basename "$t")
  name=${name%.sh}
  log=$log_dir/$name.log
  case $t in
    *.sh) cmd=(bash "$t") ;;
    *) cmd=("$t") ;;
  esac
  start=$(date +%s%N)
  timeout --kill-after=10 "$limit" "${cmd[@]}" >"$log" 2>&1 </dev/null
  rc=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  secs=$(printf '%d.%02d' $((ms / 1000)) $((ms % 1000 / 10)))
  if [ "$rc" -eq 0 ]; then
    printf 'PASS  %-32s %7ss\n' "$name" "$secs"
    pass=$((pass + 1))
  else
    why="exit $rc"
    [ "$rc" -eq 124 ] && why="timed out after ${limit}s"
    [ "$rc" -gt 128 ] && [ "$rc" -ne 124 ] && why="killed by signal $((rc - 128))"
    printf 'FAIL  %-32s %7ss  (%s; log: %s)\n' "$name" "$secs" "$why" "$log"
    tail -n 30 "$log" | sed 's/^/      /'
    failed+=("$name")
  fi
done

total=$#
if [ ${#failed[@]} -eq 0 ]; then
  echo "All $total tests passed."
  exit 0
fi
echo "${#failed[@]} of $total tests FAILED: ${failed[*]}"
exit 1
