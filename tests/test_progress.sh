#!/usr/bin/env bash
# test_progress.sh - the progress line of `tanlu run` (docs/outputs.md,
# "Terminal"): drawn on stderr when it is a terminal, with the stages and
# the solver's iteration count; absent in pipes, with --quiet, --verbose,
# CI or TERM=dumb. The terminal is a pseudo-terminal from script(1)
# (util-linux); without it the test is skipped. Nothing here depends on
# timing: the library reports at the start and at the end of every solve,
# and the program draws each stage as it begins.
set -u
cd "$(dirname "$0")/.." || exit 1

. tests/lib.sh
tl_setup progress
if ! script -qefc true /dev/null </dev/null >/dev/null 2>&1; then
  echo "SKIP: script (util-linux) not found or not working: the progress line is not tested"
  exit 0
fi

model=tests/models/simplicity.txt # a few thousand simplex iterations
esc=$(printf '\033')
cr=$(printf '\r')

# tty NAME [ENV=VALUE...] -- ARGS...: run tanlu ARGS under a pseudo-terminal
# with TERM=xterm and CI unset (unless ENV says otherwise); the terminal's
# transcript (stdout and stderr) goes to $tmp/NAME.tty, the exit code to rc.
tty() {
  local name=$1 envs=(TERM=xterm)
  shift
  while [ "$1" != "--" ]; do
    envs+=("$1")
    shift
  done
  shift
  local cmd
  cmd=$(printf '%q ' env -u CI "${envs[@]}" "$TANLU" run "$model" --no-store \
    --no-report -o "$tmp/out-$name" "$@")
  script -qefc "$cmd" /dev/null </dev/null >"$tmp/$name.tty" 2>&1
  rc=$?
}

# has FILE PATTERN WHAT: FILE matches the extended regular expression.
has() {
  if grep -aqE -- "$2" "$1"; then pass "$3"; else
    fail "$3: /$2/ not in $(basename "$1"):"
    tr '\r' '\n' <"$1" | head -n 20 | cat -v | sed 's/^/      /'
  fi
}
# lacks FILE PATTERN WHAT: FILE does not match it.
lacks() {
  if grep -aqE -- "$2" "$1"; then
    fail "$3: /$2/ found in $(basename "$1"):"
    tr '\r' '\n' <"$1" | grep -aE -- "$2" | head -n 5 | cat -v | sed 's/^/      /'
  else pass "$3"; fi
}

# ---- a terminal: the line appears, with every stage -------------------------
tty clp --
[ "$rc" -eq 0 ] && pass "run under a terminal (exit 0)" || fail "run under a terminal: exit $rc"
t=$tmp/clp.tty
has "$t" "${cr}tanlu run: reading [^$cr]*simplicity\.txt" "the line names the file being read"
has "$t" "${cr}tanlu run: validating" "validating is shown"
has "$t" "${cr}tanlu run: building the LP" "building is shown"
has "$t" "${cr}tanlu run: built the LP: [0-9]+ rows, [0-9]+ columns" "the LP size is shown"
has "$t" "${cr}tanlu run: solving: starting" "the solve's start is shown"
has "$t" "${cr}tanlu run: solving: done, [1-9][0-9]* iterations, objective [0-9.e+-]+, [0-9.]+ s" \
  "the solve's end is shown with its iteration count and objective"
has "$t" "${cr}tanlu run: writing the results to " "writing the results is shown"
has "$t" "${cr}tanlu run: roadmap analyses" "the roadmap analyses are shown"
has "$t" "${cr}tanlu run: writing [^$cr]*iamc\.csv" "writing the outputs is shown"
# the iteration count drawn is the one the summary prints
drawn=$(tr '\r' '\n' <"$t" | sed -n 's/^tanlu run: solving: done, \([0-9]*\) iterations.*/\1/p' | head -n 1)
summary=$(tr -d '\r' <"$t" | awk '$1 == "iterations" { print $2; exit }')
if [ -n "$drawn" ] && [ "$drawn" = "$summary" ]; then
  pass "the final iteration count is the solution's ($drawn)"
else
  fail "iterations drawn '$drawn', in the summary '$summary'"
fi
# erased before the summary goes to the same terminal
has "$t" "${cr}${esc}\[Kmodel " "the line is erased before the summary"

tty glpk -- --solver glpk
has "$tmp/glpk.tty" "${cr}tanlu run: solving: done, [1-9][0-9]* iterations" \
  "GLPK: the solve's end is shown with its iteration count"

# ---- no line: pipes, --quiet, --verbose, CI, TERM=dumb ----------------------
"$TANLU" run "$model" --no-store --no-report -o "$tmp/out-pipe" \
  >"$tmp/pipe.out" 2>"$tmp/pipe.err"
rc=$?
[ "$rc" -eq 0 ] && pass "run with stderr in a pipe (exit 0)" || fail "run in a pipe: exit $rc"
lacks "$tmp/pipe.err" "$cr|$esc|solving" "no progress text when stderr is not a terminal"
lacks "$tmp/pipe.out" "$cr|$esc" "no control characters on a piped stdout"

# stderr to a file, stdout still on the terminal
cmd=$(printf '%q ' env -u CI TERM=xterm "$TANLU" run "$model" --no-store \
  --no-report -o "$tmp/out-file")
script -qefc "$cmd 2>$(printf '%q' "$tmp/file.err")" /dev/null </dev/null \
  >"$tmp/file.tty" 2>&1
lacks "$tmp/file.err" "$cr|$esc|solving" "no progress text when stderr is a file"
lacks "$tmp/file.tty" "$esc|solving:" "nothing drawn on the terminal stdout"

tty quiet -- --quiet
[ "$rc" -eq 0 ] && pass "--quiet under a terminal (exit 0)" || fail "--quiet: exit $rc"
lacks "$tmp/quiet.tty" "$esc|tanlu run: " "--quiet: no progress line"

tty verbose -- --verbose
lacks "$tmp/verbose.tty" "$esc\[K|tanlu run: solving" "--verbose: the solver's log, no progress line"

tty ci CI=true --
lacks "$tmp/ci.tty" "$esc|tanlu run: " "CI set: no progress line"

tty dumb TERM=dumb --
lacks "$tmp/dumb.tty" "$esc|tanlu run: " "TERM=dumb: no progress line"

# tanlu build and tanlu ensemble draw the same line
cmd=$(printf '%q ' env -u CI TERM=xterm "$TANLU" build "$model")
script -qefc "$cmd" /dev/null </dev/null >"$tmp/build.tty" 2>&1
has "$tmp/build.tty" "tanlu build: building the LP" "tanlu build: the building stage"
has "$tmp/build.tty" "^LP +8343 rows" "tanlu build: its summary"
cmd=$(printf '%q ' env -u CI TERM=xterm "$TANLU" ensemble data/utopia/utopia.txt \
  --spec examples/ensemble-utopia.yaml -n 8 --seed 1 -j 1 --no-store -o "$tmp/ens")
script -qefc "$cmd" /dev/null </dev/null >"$tmp/ens.tty" 2>&1
has "$tmp/ens.tty" "tanlu ensemble: solving base \\+ 8 members: done, [0-9]+ iterations" \
  "tanlu ensemble: the base and the members' solves"
has "$tmp/ens.tty" "tanlu ensemble: writing " "tanlu ensemble: the writing stage"
"$TANLU" ensemble data/utopia/utopia.txt --spec examples/ensemble-utopia.yaml -n 8 \
  --seed 1 -j 1 --no-store -o "$tmp/ens2" >"$tmp/ens.out" 2>"$tmp/ens.err"
lacks "$tmp/ens.err" "$esc|tanlu ensemble: solving" "tanlu ensemble in a pipe: no progress line"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
