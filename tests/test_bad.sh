#!/usr/bin/env bash
# test_bad.sh - the bad-input corpus (tests/bad/NN-name/): every malformed
# or inconsistent model must be refused with the documented exit code and a
# message naming file, line, column, parameter and value; `tanlu run` on it
# must neither create nor touch the output folder. Run from the repository
# root with TANLU set to the program (make test does both).
#
# A case is a folder tests/bad/NN-name/ holding the model (model.txt, a
# folder model/, or files its setup.sh makes) and a file `expect`:
#   # comment                  what the case is about (the first one is shown)
#   input PATH                 what to check (default: model.txt or model)
#   base csv                   model/ starts as a copy of the hand-sized CSV
#                              folder tests/bad/_base/csv; the case's own
#                              model/ files replace or add files in it
#   remove FILE                delete model/FILE after that copy
#   exit N                     exit code of `tanlu check` (and `tanlu run`)
#   has TEXT                   stderr has a line containing TEXT (fixed string)
#   match REGEX                stderr has a line matching REGEX (grep -E)
#   lacks TEXT                 no stderr line contains TEXT
#   stdout TEXT                stdout contains TEXT
#   norun                      skip the `tanlu run` half
#   unprivileged               run without the capabilities that let root
#                              read unreadable files (skipped if impossible)
# setup.sh, when present, runs (bash, in a copy of the case folder) before
# the checks, to make inputs a repository cannot hold: unreadable files,
# special files, binary junk, very long lines. It sees TANLU.
# Paths in messages are relative: the program runs inside the copy.
# After the corpus: output faults and signals on a real run (an unwritable
# output folder, a full disk, SIGINT and SIGTERM during a solve).
# BAD_ONLY=PATTERN runs only the cases whose folder name matches (a glob);
# BAD_VERBOSE=1 prints a line per case.
set -u
cd "$(dirname "$0")/.." || exit 1

TANLU=${TANLU:-build/tanlu}
if [ ! -x "$TANLU" ]; then
  echo "no tanlu program at '$TANLU' (build it with make)"
  exit 1
fi
TANLU=$(cd "$(dirname "$TANLU")" && pwd)/$(basename "$TANLU")
export TANLU
limit=${BAD_CASE_TIMEOUT:-60}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tanlu-bad.XXXXXX") || exit 1
cleanup() {
  chmod -R u+rwX "$tmp" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
# `tanlu run` records every run in a run store: keep it out of the tree
export TANLU_DB=$tmp/tanlu.db

# How to run without the right to read unreadable files: as root, drop
# CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH; otherwise permissions apply.
unpriv=()
unpriv_ok=1
if [ "$(id -u)" -eq 0 ]; then
  if command -v capsh >/dev/null 2>&1 &&
    capsh --drop=cap_dac_override,cap_dac_read_search -- -c true 2>/dev/null; then
    unpriv=(capsh --drop=cap_dac_override,cap_dac_read_search --)
  else
    unpriv_ok=0
  fi
fi

cases=0
failures=0
skipped=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# run_tanlu OUT ERR ARGS...: run the program in the case copy ($work).
run_tanlu() {
  local out=$1 err=$2
  shift 2
  if [ "$needs_unpriv" = 1 ] && [ ${#unpriv[@]} -gt 0 ]; then
    local q
    q=$(printf '%q ' "$TANLU" "$@")
    (cd "$work" && timeout -k 5 "$limit" "${unpriv[@]}" -c "exec $q") \
      >"$out" 2>"$err" </dev/null
  else
    (cd "$work" && timeout -k 5 "$limit" "$TANLU" "$@") \
      >"$out" 2>"$err" </dev/null
  fi
}

# snapshot DIR: a listing of every file under DIR with its checksum and
# modification time (what "untouched" means).
snapshot() {
  (cd "$1" && find . -print0 | sort -z | xargs -0 stat -c '%n %s %Y %a' &&
    find . -type f -print0 | sort -z | xargs -0 -r md5sum)
}

# check_messages NAME FILE: the has/match/lacks lines of the case.
check_messages() {
  local name=$1 err=$2 kind text
  while IFS= read -r line; do
    kind=${line%% *}
    text=${line#* }
    case $kind in
      has)
        grep -qF -- "$text" "$err" || fail "$name: stderr lacks: $text" ;;
      match)
        grep -qE -- "$text" "$err" || fail "$name: stderr does not match: $text" ;;
      lacks)
        if grep -qF -- "$text" "$err"; then fail "$name: stderr has: $text"; fi ;;
    esac
  done < <(grep -E '^(has|match|lacks) ' "$case/expect")
}

for case in tests/bad/[0-9]*/; do
  case=${case%/}
  name=$(basename "$case")
  case $name in ${BAD_ONLY:-*}) ;; *) continue ;; esac
  if [ ! -f "$case/expect" ]; then
    fail "$name: no expect file"
    continue
  fi
  cases=$((cases + 1))
  work=$tmp/$name
  if grep -qx 'base csv' "$case/expect"; then
    mkdir -p "$work/model"
    cp -R tests/bad/_base/csv/. "$work/model/"
    [ -d "$case/model" ] && cp -R "$case/model/." "$work/model/"
    for f in $(sed -n 's/^remove //p' "$case/expect"); do rm -rf "${work:?}/model/$f"; done
    for f in "$case"/*; do
      [ "$(basename "$f")" = model ] || cp -R "$f" "$work/"
    done
  else
    cp -R "$case" "$work"
  fi
  rm -f "$work/expect"

  input=$(sed -n 's/^input //p' "$case/expect" | head -n 1)
  want=$(sed -n 's/^exit //p' "$case/expect" | head -n 1)
  needs_unpriv=0
  grep -qx 'unprivileged' "$case/expect" && needs_unpriv=1
  if [ "$needs_unpriv" = 1 ] && [ "$unpriv_ok" = 0 ]; then
    echo "skip: $name (root without capsh: cannot make a file unreadable)"
    skipped=$((skipped + 1))
    continue
  fi
  if [ -z "$want" ]; then
    fail "$name: expect has no exit line"
    continue
  fi
  if [ -f "$work/setup.sh" ]; then
    if ! (cd "$work" && bash ./setup.sh) >"$tmp/setup.log" 2>&1; then
      fail "$name: setup.sh failed"
      sed 's/^/      /' "$tmp/setup.log"
      continue
    fi
    rm -f "$work/setup.sh"
  fi
  if [ -z "$input" ]; then
    if [ -e "$work/model.txt" ] || [ -L "$work/model.txt" ]; then input=model.txt; else input=model; fi
  fi

  # tanlu check
  before=$(snapshot "$work")
  run_tanlu "$tmp/out" "$tmp/err" check "$input"
  rc=$?
  if [ "$rc" -ne "$want" ]; then
    fail "$name: check exited $rc, expected $want"
    head -n 8 "$tmp/err" | sed 's/^/      stderr: /'
  fi
  if grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then
    fail "$name: sanitizer report"
    head -n 20 "$tmp/err" | sed 's/^/      /'
  fi
  check_messages "$name" "$tmp/err"
  while IFS= read -r text; do
    grep -qF -- "$text" "$tmp/out" || fail "$name: stdout lacks: $text"
  done < <(sed -n 's/^stdout //p' "$case/expect")
  [ "$(snapshot "$work")" = "$before" ] || fail "$name: check changed the case folder"

  # tanlu run: same refusal, the old output folder untouched, a new one
  # not created, no stray file in the case folder
  if ! grep -qx 'norun' "$case/expect"; then
    old=$tmp/$name.old-results
    mkdir -p "$old"
    printf 'REGION,YEAR,VALUE\nR1,2020,1.5\n' >"$old/TotalDiscountedCost.csv"
    oldsnap=$(snapshot "$old")
    run_tanlu "$tmp/out" "$tmp/err" run "$input" -o "$old"
    rc=$?
    [ "$rc" -eq "$want" ] || fail "$name: run exited $rc, expected $want"
    check_messages "$name (run)" "$tmp/err"
    [ "$(snapshot "$old")" = "$oldsnap" ] || fail "$name: run touched the output folder"
    run_tanlu "$tmp/out" "$tmp/err" run "$input" -o "$tmp/$name.new-results"
    [ -e "$tmp/$name.new-results" ] && fail "$name: run created an output folder"
    [ "$(snapshot "$work")" = "$before" ] || fail "$name: run left files in the case folder"
  fi
  [ "$failures" -eq 0 ] && [ -n "${BAD_VERBOSE:-}" ] && echo "ok:   $name"
done

echo "$cases cases, $failures failures, $skipped skipped"
[ -n "${BAD_ONLY:-}" ] || [ "$cases" -ge 60 ] || fail "the corpus has $cases cases; the issue asks for at least 60"

# ---- output faults and signals, seen from the command line ---------------
# Earlier results must survive a run that cannot write (unwritable folder,
# full disk) or is stopped by SIGINT/SIGTERM while solving; the exit code
# says which (9 output error, 6 interrupted). Skipped with BAD_ONLY.
if [ -z "${BAD_ONLY:-}" ] || [ "${BAD_ONLY}" = faults ]; then
  model=$PWD/tests/bad/_base/model.txt
  out=$tmp/faults-out
  # recursive snapshot with contents
  rsnap() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r md5sum && find . | sort); }

  if "$TANLU" run "$model" -o "$out" -q >/dev/null 2>"$tmp/err"; then
    before=$(rsnap "$out")
    needs_unpriv=1
    work=$tmp

    # an output folder that cannot be written
    if [ "$unpriv_ok" = 1 ]; then
      chmod 555 "$out"
      run_tanlu "$tmp/o" "$tmp/err" run "$model" -o "$out"
      rc=$?
      chmod 755 "$out"
      [ "$rc" -eq 9 ] || fail "unwritable output folder: exit $rc, expected 9"
      grep -q "Permission denied" "$tmp/err" || fail "unwritable output folder: no 'Permission denied'"
      [ "$(rsnap "$out")" = "$before" ] || fail "unwritable output folder: earlier results changed"
    else
      echo "skip: unwritable output folder (root without capsh)"
    fi
    needs_unpriv=0

    # a full disk: files may not grow at all (SIGXFSZ ignored, so writes
    # fail with EFBIG as they would with ENOSPC)
    # (the messages go through a pipe: a file would be refused too)
    (trap '' XFSZ; ulimit -f 0; exec "$TANLU" run "$model" -o "$out" 2>&1 >/dev/null) |
      cat >"$tmp/err"
    rc=${PIPESTATUS[0]}
    [ "$rc" -eq 9 ] || fail "full disk: exit $rc, expected 9"
    grep -q "cannot write result file" "$tmp/err" || fail "full disk: no 'cannot write result file'"
    [ "$(rsnap "$out")" = "$before" ] || fail "full disk: earlier results changed"

    # SIGINT and SIGTERM while GLPK solves SIMPLICITY (some seconds): the
    # signal is sent once the solver's progress lines appear. A background
    # job of a script starts with SIGINT ignored (and tanlu keeps an ignored
    # signal ignored): env --default-signal gives it the default back.
    dflt=()
    env --default-signal=INT true 2>/dev/null && dflt=(env --default-signal=INT)
    for sig in INT TERM; do
      if [ "$sig" = INT ] && [ ${#dflt[@]} -eq 0 ]; then
        echo "skip: SIGINT (no env --default-signal to un-ignore it)"
        continue
      fi
      "${dflt[@]}" "$TANLU" run tests/models/simplicity.txt --solver glpk -v -o "$out" \
        >"$tmp/o" 2>"$tmp/err" </dev/null &
      pid=$!
      for _ in $(seq 1 600); do
        grep -qE '^# +[0-9]+: obj' "$tmp/err" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
      done
      kill -"$sig" "$pid" 2>/dev/null
      wait "$pid"
      rc=$?
      if [ "$rc" -eq 0 ]; then
        echo "skip: SIG$sig came after the solve ended"
        before=$(rsnap "$out") # the run wrote new results
        continue
      fi
      [ "$rc" -eq 6 ] || fail "SIG$sig during the solve: exit $rc, expected 6"
      grep -q "interrupted" "$tmp/err" || fail "SIG$sig during the solve: no 'interrupted'"
      [ "$(rsnap "$out")" = "$before" ] || fail "SIG$sig during the solve: earlier results changed"
      # the run store has the run, as stopped (not as solved)
      last=$("$TANLU" runs --csv -n 1 2>/dev/null | tail -n 1)
      case $last in
        *interrupted* | *"limit reached"*) ;;
        *) fail "SIG$sig during the solve: the run store's last run is '$last'" ;;
      esac
    done
    ls -A "$out" | grep -q '^\.' && fail "a temporary file was left in the output folder"
    echo "output faults and signals checked"
  else
    fail "the hand-sized model does not run: $(head -n 3 "$tmp/err")"
  fi
fi
[ "$failures" -eq 0 ]
