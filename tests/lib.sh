# tests/lib.sh - what the shell tests share. Source it from a test that
# has changed to the repository root:
#   tl_setup NAME   checks $TANLU (default build/tanlu), makes $tmp (removed
#                   at exit) and points TANLU_DB into it, so that no run
#                   records into the tree; failures=0
#   tl_need CMD WHY fails the test (exit 1) when CMD is not installed
#   pass / fail     report one check (fail counts it)
#   t CMD...        run CMD; sets rc, out (stdout) and err (stderr)
#   expect_rc N WHAT  the last t exited with N
#   expect_text TEXT NEEDLE WHAT  TEXT contains NEEDLE (case-insensitive)
# Not a test itself: run_tests.sh runs tests/test_*.sh only.

tl_setup() {
  TANLU=${TANLU:-build/tanlu}
  if [ ! -x "$TANLU" ]; then
    echo "no tanlu program at '$TANLU' (build it with make)"
    exit 1
  fi
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/tanlu-$1.XXXXXX") || exit 1
  # shellcheck disable=SC2064 # $tmp is fixed now
  trap "rm -rf '$tmp'" EXIT
  export TANLU_DB="$tmp/tanlu.db"
  failures=0
}

tl_need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "FAIL: $1 is needed for $2"
    exit 1
  fi
}

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
pass() { echo "ok:   $*"; }

t() {
  "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  out=$(cat "$tmp/stdout")
  err=$(cat "$tmp/stderr")
}

expect_rc() {
  if [ "$rc" -eq "$1" ]; then
    pass "$2 (exit $rc)"
  else
    fail "$2: exit $rc, expected $1"
    head -n 20 "$tmp/stderr" | sed 's/^/      stderr: /'
  fi
}

expect_text() {
  if printf '%s\n' "$1" | grep -qiF -- "$2"; then
    pass "$3"
  else
    fail "$3: '$2' not found in:"
    printf '%s\n' "$1" | head -n 10 | sed 's/^/      /'
  fi
}
