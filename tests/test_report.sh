#!/usr/bin/env bash
# test_report.sh - the HTML report seen in a browser: `tanlu report` on a
# plain OSeMOSYS run (UTOPIA), on a roadmap run (tests/data/roadmap/
# lmdi.txt) in English and Chinese, and on two runs compared; each page is
# rendered in headless Chromium (Debian's chromium, no network: a dead
# proxy) and read back with --dump-dom: every chart must have drawn
# (data-rendered="1": ECharts finished and its SVG holds shapes) or, where
# the folder lacks the data, show a note; no script error (#tanlu-errors
# empty); the page loads nothing from outside. Then the run-store commands
# (runs, diff, export) when `tanlu run` records into the store.
# Run from the repository root with TANLU set to the program.
set -u
cd "$(dirname "$0")/.." || exit 1

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
# runs record into a store of their own ($tmp/tanlu.db), not into ./tanlu.db
. tests/lib.sh
tl_setup report
TANLU=$(realpath "$TANLU")
repo=$(pwd)
if [ -z "$CHROMIUM" ]; then
  echo "FAIL: no chromium: install Debian's (apt-get install -y chromium); the"
  echo "report test renders every chart in it"
  exit 1
fi

# render HTML DOMFILE: the page's DOM after scripts ran (no network).
render() {
  local profile
  profile=$(mktemp -d "$tmp/chrome.XXXXXX")
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --proxy-server=http://127.0.0.1:9 --user-data-dir="$profile" \
    --window-size=1200,900 --virtual-time-budget=10000 --dump-dom \
    "file://$(realpath "$1")" >"$2" 2>"$tmp/chrome.err"
  local r=$?
  rm -rf "$profile"
  return $r
}

# chart_states DOMFILE: "id=state" per chart, one a line ("none" when the
# chart recorded no outcome).
chart_states() {
  grep -o '<div class="chart[^>]*>' "$1" | while IFS= read -r tag; do
    id=$(printf '%s' "$tag" | sed -n 's/.*data-chart="\([^"]*\)".*/\1/p')
    st=$(printf '%s' "$tag" | sed -n 's/.*data-rendered="\([^"]*\)".*/\1/p')
    echo "$id=${st:-none}"
  done
}

# check_page NAME HTML EXPECT...: EXPECT are "id=state" lines that must
# hold; every other chart must be drawn or a note.
check_page() {
  local name=$1 html=$2 dom="$tmp/$1.dom"
  shift 2
  if ! render "$html" "$dom"; then
    fail "$name: chromium did not render the page ($(tail -n 3 "$tmp/chrome.err"))"
    return
  fi
  local states
  states=$(chart_states "$dom")
  local n
  n=$(printf '%s\n' "$states" | grep -c '=')
  if [ "$n" -lt 12 ]; then
    fail "$name: $n charts in the page, expected at least 12"
  fi
  local bad
  bad=$(printf '%s\n' "$states" | grep -Ev '=(1|note)$' || true)
  if [ -n "$bad" ]; then fail "$name: charts not drawn: $(echo $bad)"; else pass "$name: $n charts drawn or noted"; fi
  for want in "$@"; do
    if printf '%s\n' "$states" | grep -qx "$want"; then :; else
      fail "$name: expected $want, got $(printf '%s\n' "$states" | grep "^${want%%=*}=" || echo none)"
    fi
  done
  if grep -q 'data-report-done="1"' "$dom"; then pass "$name: page done"; else fail "$name: page never finished"; fi
  local errs
  errs=$(sed -n 's/.*<div id="tanlu-errors"[^>]*>\(.*\)<\/div>.*/\1/p' "$dom" | head -c 2000)
  if [ -z "$errs" ] && grep -q '<div id="tanlu-errors"' "$dom"; then pass "$name: no script errors"; else
    fail "$name: script errors: $errs"
  fi
  # the drawn charts are SVG with shapes inside
  local svgs
  svgs=$(grep -o '<svg' "$dom" | wc -l)
  local drawn
  drawn=$(printf '%s\n' "$states" | grep -c '=1$')
  if [ "$svgs" -ge "$drawn" ]; then pass "$name: $drawn SVG charts"; else fail "$name: $svgs SVGs for $drawn charts"; fi
}

# self_contained HTML: nothing loaded from elsewhere.
self_contained() {
  if grep -Eiq '<script[^>]+src=|<link[^>]+href=|<img[^>]+src="?https?:|@import|url\(https?:' "$1"; then
    fail "$1 loads something from outside"
  else
    pass "$(basename "$1") is self-contained"
  fi
}

# ---- a plain OSeMOSYS run: UTOPIA ----------------------------------------------
t "$TANLU" run tests/models/utopia.txt -o "$tmp/utopia" -q
[ "$rc" -eq 0 ] && pass "run UTOPIA" || fail "run UTOPIA: rc $rc: $err"
t "$TANLU" report "$tmp/utopia" --model tests/models/utopia.txt
if [ "$rc" -eq 0 ] && [ -s "$tmp/utopia/report.html" ]; then pass "report UTOPIA"; else fail "report UTOPIA: rc $rc: $err"; fi
case $out in *"$tmp/utopia/report.html"*) pass "report names its file" ;; *) fail "report output: $out" ;; esac
case $out in
  *"tables only"*)
    echo "skip: built without the chart library (make NO_ECHARTS=1): no charts to check"
    exit 0
    ;;
esac
self_contained "$tmp/utopia/report.html"
grep -q 'Apache ECharts' "$tmp/utopia/report.html" && pass "ECharts inlined" || fail "ECharts is not in the report"
check_page utopia "$tmp/utopia/report.html" emissions-gas=1 emissions-sector=1 generation=1 capacity=1 \
  wedges=note phases=note mac=note maturity=note innovation-gap=note co-benefits=note

# ---- a roadmap run --------------------------------------------------------------------
t "$TANLU" run tests/data/roadmap/lmdi.txt -o "$tmp/lmdi" -q
[ "$rc" -eq 0 ] && pass "run lmdi" || fail "run lmdi: rc $rc: $err"
if [ -d "$tmp/lmdi/roadmap" ]; then pass "lmdi has roadmap tables"; else fail "tanlu run wrote no roadmap/ tables"; fi
t "$TANLU" report "$tmp/lmdi" --model tests/data/roadmap/lmdi.txt --title "LMDI test"
[ "$rc" -eq 0 ] && pass "report lmdi" || fail "report lmdi: rc $rc: $err"
all_drawn="emissions-gas=1 emissions-sector=1 wedges=1 phases=1 generation=1 capacity=1 carbon-price=1 mac=1 maturity=1 maturity-stats=1 innovation-gap=1 co-benefits=1"
# shellcheck disable=SC2086
check_page lmdi "$tmp/lmdi/report.html" $all_drawn
grep -q '<title>LMDI test</title>' "$tmp/lmdi/report.html" && pass "title" || fail "no title"

# Chinese labels
t "$TANLU" report "$tmp/lmdi" --model tests/data/roadmap/lmdi.txt --lang zh -o "$tmp/lmdi-zh.html"
[ "$rc" -eq 0 ] && pass "report lmdi --lang zh" || fail "report --lang zh: rc $rc: $err"
# shellcheck disable=SC2086
check_page lmdi-zh "$tmp/lmdi-zh.html" $all_drawn
if grep -q '分气体排放' "$tmp/lmdi-zh.dom" && grep -q '<html lang="zh-CN"' "$tmp/lmdi-zh.dom"; then
  pass "Chinese labels"
else
  fail "no Chinese labels in the zh report"
fi

# two runs compared: the same model with half its CO2 penalty
sed 's/^R CO2 2030 100  R CO2 2035 100 ;$/R CO2 2030 50  R CO2 2035 50 ;/' \
  tests/data/roadmap/lmdi.txt >"$tmp/lmdi-half.txt"
if cmp -s tests/data/roadmap/lmdi.txt "$tmp/lmdi-half.txt"; then fail "could not halve the penalty"; fi
t "$TANLU" run "$tmp/lmdi-half.txt" -o "$tmp/lmdi-half" -q
[ "$rc" -eq 0 ] && pass "run lmdi with half the penalty" || fail "run lmdi-half: rc $rc: $err"
t "$TANLU" report "$tmp/lmdi" "$tmp/lmdi-half" --model tests/data/roadmap/lmdi.txt --label full --label half
if [ "$rc" -eq 0 ] && [ -s "$tmp/lmdi/compare-lmdi-half.html" ]; then pass "comparison report"; else fail "comparison: rc $rc: $err"; fi
# shellcheck disable=SC2086
check_page compare "$tmp/lmdi/compare-lmdi-half.html" $all_drawn compare-emissions=1 compare-cost=1 \
  compare-generation=1 compare-price=1

# ---- errors ------------------------------------------------------------------------------
t "$TANLU" report "$tmp/no-such-folder"
[ "$rc" -eq 2 ] && pass "missing folder: exit 2" || fail "missing folder: rc $rc"
case $err in *no-such-folder*) pass "names the folder" ;; *) fail "message: $err" ;; esac
t "$TANLU" report "$tmp/utopia" --lang fr
[ "$rc" -eq 1 ] && pass "bad --lang: exit 1" || fail "bad --lang: rc $rc"
t "$TANLU" report
[ "$rc" -eq 1 ] && pass "no folder: exit 1" || fail "no folder: rc $rc"
t "$TANLU" report "$tmp/utopia" --label a --label b
[ "$rc" -eq 1 ] && pass "labels must match folders" || fail "labels: rc $rc"
t "$TANLU" help report
[ "$rc" -eq 0 ] && case $out in *"Usage: tanlu report"*) true ;; *) false ;; esac && pass "help report" || fail "help report"

# ---- the run store through the program ------------------------------------------------------
db="$tmp/store.db"
t env TANLU_DB="$db" "$TANLU" runs
[ "$rc" -eq 2 ] && pass "runs without a store: exit 2" || fail "runs without a store: rc $rc"
(cd "$tmp" && TANLU_DB="$db" "$TANLU" run "$repo/tests/models/utopia.txt" -o u1 -q) >/dev/null 2>&1
if [ ! -f "$db" ]; then
  echo "skip: tanlu run does not record into the run store yet (runs, diff, export not tested)"
else
  (cd "$tmp" && TANLU_DB="$db" "$TANLU" run "$repo/tests/data/roadmap/lmdi.txt" -o l1 -q) >/dev/null 2>&1
  t env TANLU_DB="$db" "$TANLU" runs
  [ "$rc" -eq 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 3 ] && pass "runs lists 2 runs" || fail "runs: rc $rc: $out"
  t "$TANLU" runs --db "$db" --csv -n 1
  case $out in *lmdi*) pass "runs --csv -n 1" ;; *) fail "runs --csv: $out" ;; esac
  t "$TANLU" diff 1 2 --db "$db"
  [ "$rc" -eq 0 ] && case $out in *objective*results*) true ;; *) false ;; esac && pass "diff 1 2" || fail "diff: rc $rc: $out $err"
  t "$TANLU" export last --db "$db" --format csv -o "$tmp/exported"
  [ "$rc" -eq 0 ] && diff -r "$tmp/l1" "$tmp/exported" -x '*.html' -x '*.db' >/dev/null && pass "export csv = the run's files" || fail "export csv: rc $rc $err"
  t "$TANLU" export 1 --db "$db" --format iamc -o -
  [ "$rc" -eq 0 ] && case $out in Model,Scenario,Region,Variable,Unit,1990*) true ;; *) false ;; esac && pass "export iamc to stdout" || fail "export iamc: rc $rc: ${out:0:200} $err"
  # a scenario overlay is one of the run's inputs (hashed, named by diff)
  printf 'action,parameter,index,value\nscale,SpecifiedAnnualDemand,"UTOPIA,*,2000",1.1\n' \
    >"$tmp/more-demand.csv"
  (cd "$tmp" && TANLU_DB="$db" "$TANLU" run "$repo/tests/models/utopia.txt" -o u3 -q \
    --scenario "$tmp/more-demand.csv") >/dev/null 2>&1
  t "$TANLU" diff 1 3 --db "$db"
  if [ "$rc" -eq 0 ] && printf '%s\n' "$out" | grep -q "overlay:$tmp/more-demand.csv *only in B"; then
    pass "the overlay is an input of the run"
  else
    fail "overlay not among run 3's inputs: rc $rc: $out"
  fi
  t "$TANLU" diff 1 9 --db "$db"
  [ "$rc" -eq 2 ] && pass "diff with no run 9: exit 2" || fail "diff 1 9: rc $rc"
fi

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "test_report: all checks passed"
