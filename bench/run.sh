#!/usr/bin/env bash
# bench/run.sh - times tanlu against glpsol (model generation) and clp (solve)
# on the shipped models and on generated ones of 1e4 to 1e7 nonzeros.
#
# Usage: bench/run.sh [all|check|counts|build|run|methods]...  (default: all)
#   check    tanlu's objective against glpsol with osemosys.txt on small
#            generated models (a correctness check of the engine)
#   counts   rows and columns by equation family, tanlu vs glpsol with
#            osemosys_fast.txt, and why tanlu has fewer
#   build    tanlu build vs glpsol --check (osemosys_fast.txt): time, memory,
#            rows/columns/nonzeros
#   run      tanlu run vs clp on the MPS file that tanlu build writes
#   methods  tanlu run --method dual|primal|barrier, with and without
#            presolve, and clp with the same settings
#
# Run it from anywhere; it works in the repository that holds it. Every
# command is run one at a time (no parallel runs: they would disturb each
# other's timings). Times are wall-clock seconds and peak memory is the
# maximum resident set size, both from /usr/bin/time (wall times under a
# second from hyperfine); each figure is the median of RUNS runs.
#
# Environment (defaults in brackets):
#   OSEMOSYS_FAST  osemosys_fast.txt of OSeMOSYS_GNU_MathProg
#                  [/work/ref/osemosys_fast.txt if present]
#   OSEMOSYS_FULL  osemosys.txt of the same repository
#                  [/work/ref/osemosys.txt if present]
#   TANLU          the tanlu program [build/tanlu, built with make if missing]
#   RUNS           runs per measurement [5]
#   SLOW_RUNS      runs when the first run takes over a minute [1]
#   SIZES          generated model sizes [1e4 1e5 1e6 1e7]
#   MODELS         models for 'build' and 'run' [utopia simplicity, china
#                  when data/china exists, gen-SIZE for each of SIZES]
#   GLPSOL_SIZES   sizes at which glpsol runs [1e4 1e5 1e6 1e7]; at 1e7
#                  glpsol needs about 4-5 minutes and 2.3 GB
#   SOLVE_SIZES    sizes at which the LP is solved in 'run' [1e4 1e5 1e6];
#                  Clp needs about 2 minutes at 1e6 and far longer at 1e7
#   METHOD_MODELS  models for 'methods' [utopia simplicity gen-1e4 gen-1e5]
#                  (add gen-1e6 for about an hour more)
#   COUNT_MODELS   models for 'counts' [utopia simplicity gen-1e4 gen-1e5
#                  gen-1e6]
#   METHOD_LIMIT   time limit of each solve in 'methods', seconds [900]
#   METHOD_PEER    clp: also time clp with each setting; none: tanlu only [clp]
#   OUT            folder for models, MPS files, logs and reports [bench/out]
# The report (Markdown tables) goes to standard output and $OUT/report.md;
# every single measurement is appended to $OUT/log/measurements.txt with
# the load average at the time.
#
# The OSeMOSYS model files are not shipped with tanlu. To get them:
#   git clone https://github.com/OSeMOSYS/OSeMOSYS_GNU_MathProg
#   export OSEMOSYS_FAST=$PWD/OSeMOSYS_GNU_MathProg/src/osemosys_fast.txt
#   export OSEMOSYS_FULL=$PWD/OSeMOSYS_GNU_MathProg/src/osemosys.txt
# (the figures in RESULTS.md were taken with commit 9520268).
# Tools: glpsol (Debian glpk-utils), clp (coinor-clp), /usr/bin/time (time),
# python3.
set -u
export LC_NUMERIC=C # EPOCHREALTIME and awk with a decimal point

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=${OUT:-$HERE/out}
RUNS=${RUNS:-5}
SLOW_RUNS=${SLOW_RUNS:-1}
SIZES=${SIZES:-1e4 1e5 1e6 1e7}
GLPSOL_SIZES=${GLPSOL_SIZES:-1e4 1e5 1e6 1e7}
SOLVE_SIZES=${SOLVE_SIZES:-1e4 1e5 1e6}
METHOD_MODELS=${METHOD_MODELS:-utopia simplicity gen-1e4 gen-1e5}
METHOD_LIMIT=${METHOD_LIMIT:-900}
METHOD_PEER=${METHOD_PEER:-clp}
TANLU=${TANLU:-$ROOT/build/tanlu}
TIME=/usr/bin/time

if [ -z "${OSEMOSYS_FAST:-}" ] && [ -f /work/ref/osemosys_fast.txt ]; then
  OSEMOSYS_FAST=/work/ref/osemosys_fast.txt
fi
if [ -z "${OSEMOSYS_FULL:-}" ] && [ -f /work/ref/osemosys.txt ]; then
  OSEMOSYS_FULL=/work/ref/osemosys.txt
fi
OSEMOSYS_FAST=${OSEMOSYS_FAST:-}
OSEMOSYS_FULL=${OSEMOSYS_FULL:-}

say() { printf '%s\n' "$*" >&2; }
die() { say "run.sh: $*"; exit 1; }

# ---- prerequisites -------------------------------------------------------
[ -x "$TIME" ] || die "/usr/bin/time is missing (Debian package 'time')"
command -v python3 >/dev/null || die "python3 is missing"
if [ ! -x "$TANLU" ]; then
  say "building tanlu (make) ..."
  make -C "$ROOT" -s >/dev/null || die "make failed; see README.md (scripts/bootstrap.sh)"
fi
HAVE_GLPSOL=1
command -v glpsol >/dev/null || { HAVE_GLPSOL=0; say "note: no glpsol (apt-get install glpk-utils): glpsol columns skipped"; }
HAVE_CLP=1
HAVE_HYPERFINE=1
command -v hyperfine >/dev/null || { HAVE_HYPERFINE=0; say "note: no hyperfine (apt-get install hyperfine): times under a second are to 10 ms only"; }
command -v clp >/dev/null || { HAVE_CLP=0; say "note: no clp (apt-get install coinor-clp): clp columns skipped"; }
for v in OSEMOSYS_FAST OSEMOSYS_FULL; do
  f=${!v}
  if [ -z "$f" ] || [ ! -f "$f" ]; then
    say "note: $v is not set or not a file: the steps that need it are skipped."
    say "  git clone https://github.com/OSeMOSYS/OSeMOSYS_GNU_MathProg"
    say "  export OSEMOSYS_FAST=\$PWD/OSeMOSYS_GNU_MathProg/src/osemosys_fast.txt"
    say "  export OSEMOSYS_FULL=\$PWD/OSeMOSYS_GNU_MathProg/src/osemosys.txt"
    eval "$v="
  fi
done
mkdir -p "$OUT/log" "$OUT/mps" "$OUT/res" || die "cannot create $OUT"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/tanlu-bench.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT

# ---- helpers -------------------------------------------------------------
median() { sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# measure NAME CMD...: run CMD RUNS times under /usr/bin/time (SLOW_RUNS
# times when the first run takes over a minute). The output of the last run
# is kept in $OUT/log/NAME.log, that of all runs in $TMP/runs.log. Sets
# M_SEC (median wall seconds), M_CPU (median user + system seconds), M_KB
# (median peak RSS, KB), M_RC (exit code of the last run).
# /usr/bin/time counts in hundredths of a second: for commands under a
# second the wall time is taken from hyperfine instead (median of
# max(RUNS, 10) runs after a warm-up), when hyperfine is installed.
measure() {
  local name=$1; shift
  : >"$TMP/t"
  : >"$TMP/runs.log"
  local i n=$RUNS
  for ((i = 0; i < n; i++)); do
    "$TIME" -f '%e %M %U %S' -o "$TMP/t1" "$@" >"$OUT/log/$name.log" 2>&1
    M_RC=$?
    tail -n 1 "$TMP/t1" >>"$TMP/t"
    cat "$OUT/log/$name.log" >>"$TMP/runs.log"
    if [ $i = 0 ] && awk '{exit !($1 > 60)}' "$TMP/t"; then n=$SLOW_RUNS; fi
  done
  M_SEC=$(awk '{print $1}' "$TMP/t" | median)
  M_KB=$(awk '{print $2}' "$TMP/t" | median)
  M_CPU=$(awk '{print $3 + $4}' "$TMP/t" | median)
  local how=time
  if [ $HAVE_HYPERFINE = 1 ] && [ "$M_RC" = 0 ] && awk -v s="$M_SEC" 'BEGIN {exit !(s < 1)}'; then
    local hn=$((RUNS > 10 ? RUNS : 10)) cmd
    cmd=$(printf '%q ' "$@")
    if hyperfine -N -w 1 -r "$hn" --style none --export-json "$TMP/h.json" -- "$cmd" >/dev/null 2>&1; then
      M_SEC=$(python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$TMP/h.json")
      how="hyperfine x$hn"
    fi
  fi
  echo "$name load=$(cut -d' ' -f1-3 /proc/loadavg) runs=$n wall=$M_SEC ($how) cpu=$M_CPU kb=$M_KB rc=$M_RC" >>"$OUT/log/measurements.txt"
}

# pair NAME CMD_A... -- CMD_B...: time A and B alternately (A B A B ...),
# max(RUNS, 10) pairs after one warm-up pair, wall clock from bash's
# EPOCHREALTIME (microseconds). A drift of the machine's speed during the
# runs then moves both alike, and the ratio is taken pair by pair. Sets P_A
# and P_B (median wall seconds) and P_RATIO (median of the pairs' A/B).
pair() {
  local name=$1; shift
  local a=() b=() x sep=0
  for x in "$@"; do
    if [ $sep = 0 ] && [ "$x" = "--" ]; then sep=1
    elif [ $sep = 0 ]; then a+=("$x")
    else b+=("$x"); fi
  done
  local n=$((RUNS > 10 ? RUNS : 10)) i t0 t1 t2
  : >"$TMP/pairs"
  for ((i = -1; i < n; i++)); do
    t0=$EPOCHREALTIME
    "${a[@]}" >/dev/null 2>&1
    t1=$EPOCHREALTIME
    "${b[@]}" >/dev/null 2>&1
    t2=$EPOCHREALTIME
    [ $i -ge 0 ] && echo "$t0 $t1 $t2" >>"$TMP/pairs"
  done
  P_A=$(awk '{printf "%.6f\n", $2 - $1}' "$TMP/pairs" | median)
  P_B=$(awk '{printf "%.6f\n", $3 - $2}' "$TMP/pairs" | median)
  P_RATIO=$(awk '$3 > $2 {printf "%.6f\n", ($2 - $1) / ($3 - $2)}' "$TMP/pairs" | median)
  echo "$name load=$(cut -d' ' -f1-3 /proc/loadavg) pairs=$n a=$P_A b=$P_B ratio=$P_RATIO" >>"$OUT/log/measurements.txt"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.3g", a / b}'; }
mb() { awk -v k="$1" 'BEGIN {if (k == "" || k == "-") print "-"; else printf "%.0f", k / 1024}'; }

model_path() {
  case $1 in
    utopia) echo "$ROOT/tests/models/utopia.txt" ;;
    simplicity) echo "$ROOT/tests/models/simplicity.txt" ;;
    china) echo "$ROOT/data/china" ;;
    gen-*) echo "$OUT/${1}.txt" ;;
  esac
}
size_of() { case $1 in gen-*) echo "${1#gen-}" ;; *) echo "" ;; esac; }
in_list() { local x=$1 y; shift; for y in "$@"; do [ "$x" = "$y" ] && return 0; done; return 1; }

if [ -z "${MODELS:-}" ]; then
  MODELS="utopia simplicity"
  [ -e "$ROOT/data/china" ] && MODELS="$MODELS china"
  for s in $SIZES; do MODELS="$MODELS gen-$s"; done
fi

generate() {
  local s
  for s in $SIZES; do
    local f="$OUT/gen-$s.txt"
    if [ ! -s "$f" ] || [ "$HERE/gen_model.py" -nt "$f" ]; then
      say "generating $f ..."
      python3 "$HERE/gen_model.py" --size "$s" -o "$f" || die "gen_model.py failed"
    fi
  done
}

# tanlu's numbers from its output
tl_lp() { sed -n 's/^LP *\([0-9]*\) rows, \([0-9]*\) columns, \([0-9]*\) nonzeros.*/\1 \2 \3/p' "$1"; }
# tl_stage STAGE: median over the runs in $TMP/runs.log of a stage's time
tl_stage() { awk -v st="$1" '($1 == "time" && $2 == st) || $1 == st {for (i = 1; i <= NF; i++) if ($i == "s") {print $(i-1); break}}' "$TMP/runs.log" | median; }
tl_obj() { sed -n 's/^objective *\([-0-9.eE+]*\).*/\1/p' "$1"; }
glp_counts() {
  awk '/^Number of rows/ {r = $NF} /^Number of columns/ {c = $NF}
       /^Number of non-zeros \(matrix\)/ {n = $NF} END {if (r != "") print r - 1, c, n}' "$1"
}
clp_obj() { sed -n 's/^Optimal objective \([-0-9.eE+]*\) .*/\1/p' "$1" | tail -n 1; }
clp_iter() { sed -n 's/^Optimal objective .* - \([0-9]*\) iterations.*/\1/p' "$1" | tail -n 1; }

# ---- check: objective against osemosys.txt ---------------------------------
CHECKS=(
  "--regions 2 --technologies 14 --fuels 6 --seasons 2 --daytypes 2 --brackets 2 --years 6 --seed 11"
  "--regions 1 --technologies 12 --fuels 6 --seasons 3 --brackets 2 --years 10 --seed 12"
  "--regions 3 --technologies 16 --fuels 7 --seasons 2 --brackets 3 --years 5 --modes 3 --seed 13"
  "--regions 2 --technologies 12 --fuels 5 --seasons 2 --brackets 2 --years 6 --modes 1 --seed 14"
  "--regions 2 --technologies 12 --fuels 6 --seasons 2 --brackets 2 --years 6 --no-storage --no-emission-limit --no-reserve-margin --no-re-target --seed 15"
)
step_check() {
  if [ -z "$OSEMOSYS_FULL" ] || [ $HAVE_GLPSOL = 0 ]; then
    say "check: skipped (needs glpsol and OSEMOSYS_FULL)"
    return 0
  fi
  echo "## Objective check: tanlu run vs glpsol -m osemosys.txt (tolerance 1e-6 relative)"
  echo
  echo "| model | generator options | rows x cols (tanlu) | tanlu | glpsol osemosys.txt | relative difference |"
  echo "| --- | --- | --- | --- | --- | --- |"
  local k=0 bad=0 opts
  for opts in "${CHECKS[@]}"; do
    k=$((k + 1))
    local f="$OUT/check-$k.txt"
    # shellcheck disable=SC2086
    python3 "$HERE/gen_model.py" $opts -o "$f" 2>/dev/null || die "gen_model.py failed"
    "$TANLU" run "$f" -o "$OUT/res/check-$k" >"$OUT/log/check-$k.tanlu.log" 2>&1
    local tobj lp
    tobj=$(tl_obj "$OUT/log/check-$k.tanlu.log")
    lp=$(tl_lp "$OUT/log/check-$k.tanlu.log" | awk '{print $1 " x " $2}')
    mkdir -p "$TMP/g$k/results"
    (cd "$TMP/g$k" && glpsol -m "$OSEMOSYS_FULL" -d "$f" -o sol.txt >"$OUT/log/check-$k.glpsol.log" 2>&1)
    local gobj
    gobj=$(sed -n 's/^Objective: *cost = \([-0-9.eE+]*\).*/\1/p' "$TMP/g$k/sol.txt" 2>/dev/null)
    local rel
    rel=$(awk -v a="$tobj" -v b="$gobj" 'BEGIN {if (a == "" || b == "") print "n/a"; else {d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; printf "%.1e", d / (m > 1 ? m : 1)}}')
    if [ "$rel" = "n/a" ] || awk -v r="$rel" 'BEGIN {exit !(r > 1e-6)}'; then
      bad=$((bad + 1))
      rel="$rel **MISMATCH**"
    fi
    echo "| check-$k | \`$opts\` | $lp | ${tobj:-none} | ${gobj:-none} | $rel |"
  done
  echo
  [ $bad = 0 ] && echo "All $k objectives agree." || echo "$bad of $k objectives differ (models in $OUT)."
  echo
}

# ---- build: tanlu build vs glpsol --check -----------------------------------
step_build() {
  echo "## Model generation: tanlu build vs glpsol --check (osemosys_fast.txt)"
  echo
  echo "Medians of $RUNS runs (of $SLOW_RUNS when a run takes over a minute). Time: wall seconds,"
  echo "with user + system CPU seconds in brackets. Memory: peak RSS in MiB. Rows exclude the"
  echo "objective row (glpsol counts it; one is subtracted from its figure)."
  echo
  echo "| model | tanlu rows / cols / nonzeros | glpsol rows / cols / nonzeros | tanlu build s | build stage s | Mnz/s | glpsol --check s | speed-up wall (cpu) | tanlu MiB | glpsol MiB | memory ratio |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  local name
  for name in $MODELS; do
    local f; f=$(model_path "$name")
    measure "$name.build" "$TANLU" build "$f"
    if [ "$M_RC" != 0 ]; then
      echo "| $name | tanlu build failed (exit $M_RC, see $OUT/log/$name.build.log) |"
      continue
    fi
    local tsec=$M_SEC tcpu=$M_CPU tkb=$M_KB
    local lp; lp=$(tl_lp "$OUT/log/$name.build.log")
    local bst; bst=$(tl_stage build)
    local nnz; nnz=$(echo "$lp" | awk '{print $3}')
    local rate; rate=$(awk -v n="$nnz" -v s="$bst" 'BEGIN {if (s + 0 > 0) printf "%.1f", n / s / 1e6; else print "-"}')
    local gsec="-" gcpu="-" gkb="-" gcnt="- / - / -"
    local sz; sz=$(size_of "$name")
    if [ -d "$f" ]; then
      gsec="n/a (CSV folder)"
    elif [ $HAVE_GLPSOL = 1 ] && [ -n "$OSEMOSYS_FAST" ] && { [ -z "$sz" ] || in_list "$sz" $GLPSOL_SIZES; }; then
      measure "$name.glpsol" glpsol -m "$OSEMOSYS_FAST" -d "$f" --check
      if [ "$M_RC" = 0 ]; then
        gsec=$M_SEC; gcpu=$M_CPU; gkb=$M_KB
        gcnt=$(glp_counts "$OUT/log/$name.glpsol.log" | awk '{print $1 " / " $2 " / " $3}')
      else
        gsec="failed ($M_RC)"
      fi
    elif [ -n "$sz" ]; then
      gsec="not run"
    fi
    echo "| $name | $(echo "$lp" | awk '{print $1 " / " $2 " / " $3}') | $gcnt | $tsec ($tcpu) | $bst | $rate | $gsec ($gcpu) | $(ratio "$gsec" "$tsec") ($(ratio "$gcpu" "$tcpu")) | $(mb "$tkb") | $(mb "$gkb") | $(ratio "$tkb" "$gkb") |"
  done
  echo
  echo "speed-up = glpsol --check time / tanlu build time (target >= 50);"
  echo "memory ratio = tanlu peak RSS / glpsol peak RSS (target <= 0.33);"
  echo "build stage = the 'build' line of tanlu's own timings (median); Mnz/s = nonzeros / build stage (target >= 20)."
  echo
}

# ---- counts: row and column families, tanlu vs osemosys_fast.txt ----------
# Why tanlu's LP has fewer rows or columns than glpsol's, family by family.
REASONS='CAb1_PlannedMaintenance|only where AvailabilityFactor < 1: otherwise implied by the CAa4 rows weighted by YearSplit
E5_DiscountedEmissionsPenaltyByTechnology|substituted: DiscountedTechnologyEmissionsPenalty is replaced by its definition in the objective
SV1_SalvageValueAtEndOfPeriod1|substituted: SalvageValue and DiscountedSalvageValue are replaced by their definitions in the objective
SV2_SalvageValueAtEndOfPeriod2|substituted (as SV1)
SV3_SalvageValueAtEndOfPeriod3|substituted (as SV1): SalvageValue = 0
SV4_SalvageValueDiscountedToStartYear|substituted (as SV1)
EBa10_EnergyBalanceEachTS4|substituted: Trade[r,rr] = -Trade[rr,r], one Trade column per pair of regions
EBb4_EnergyBalanceEachYear4|only for fuels with AccumulatedAnnualDemand: otherwise implied by the EBa11 rows summed over timeslices (demand >= 0)
RE4_EnergyConstraint|left out where REMinProductionTarget = 0 (0 <= production, always true)
SC2_LowerLimit_EndOfDailyTimeBracketOfLastInstanceOfDayTypeInFirstWeekConstraint|for the first day type the row is 0 <= 0 (no variable)
SC2_UpperLimit_EndOfDailyTimeBracketOfLastInstanceOfDayTypeInFirstWeekConstraint|as SC2 lower
SC4_LowerLimit_BeginningOfDailyTimeBracketOfFirstInstanceOfDayTypeInLastWeekConstraint|for the first day type the row is 0 <= 0 (no variable)
SC4_UpperLimit_BeginningOfDailyTimeBracketOfFirstInstanceOfDayTypeInLastWeekConstraint|as SC4 lower
CAa4_Constraint_Capacity|left out for technologies without activity (no mode with a ratio): 0 <= capacity
RM3_ReserveMargin_Constraint|left out without a fuel tagged for the reserve margin
SalvageValue|column substituted (see SV1)
DiscountedSalvageValue|column substituted (see SV1)
DiscountedTechnologyEmissionsPenalty|column substituted (see E5)
SalvageValueStorage|column substituted into the objective
Trade|one column per pair of regions (see EBa10)'
COUNT_MODELS=${COUNT_MODELS:-utopia simplicity gen-1e4 gen-1e5 gen-1e6}
mps_families() { # FILE rows|cols: "family count" lines
  if [ "$2" = rows ]; then
    awk '/^ROWS/ {f = 1; next} /^COLUMNS/ {exit} f && $1 != "N" {n = $2; sub(/\[.*/, "", n); c[n]++} END {for (k in c) print k, c[k]}' "$1"
  else
    awk '/^COLUMNS/ {f = 1; next} /^(RHS|BOUNDS|RANGES|ENDATA)/ {f = 0} f && $1 != last && $1 !~ /^MARKER/ {last = $1; n = $1; sub(/\[.*/, "", n); c[n]++} END {for (k in c) print k, c[k]}' "$1"
  fi | sort
}
step_counts() {
  if [ -z "$OSEMOSYS_FAST" ] || [ $HAVE_GLPSOL = 0 ]; then
    say "counts: skipped (needs glpsol and OSEMOSYS_FAST)"
    return 0
  fi
  echo "## Rows and columns by family: glpsol (osemosys_fast.txt) vs tanlu"
  echo
  echo "Families whose counts differ; the objective row is left out. From \`glpsol --check --wfreemps\`"
  echo "and \`tanlu build --write-mps\`."
  echo
  echo "$REASONS" >"$TMP/reasons"
  local name
  for name in $COUNT_MODELS; do
    local f; f=$(model_path "$name")
    [ -f "$f" ] || continue
    glpsol -m "$OSEMOSYS_FAST" -d "$f" --check --wfreemps "$TMP/g.mps" >"$OUT/log/$name.counts.log" 2>&1 || { echo "$name: glpsol failed"; continue; }
    "$TANLU" build "$f" --write-mps "$TMP/t.mps" -q >/dev/null 2>&1 || { echo "$name: tanlu failed"; continue; }
    echo "### $name"
    echo
    echo "| family | glpsol | tanlu | why tanlu has fewer |"
    echo "| --- | --- | --- | --- |"
    local kind
    for kind in rows cols; do
      mps_families "$TMP/g.mps" $kind >"$TMP/a"
      mps_families "$TMP/t.mps" $kind >"$TMP/b"
      join -a1 -a2 -e0 -o 0,1.2,2.2 "$TMP/a" "$TMP/b" |
        awk -v kind=$kind 'NR == FNR {i = index($0, "|"); why[substr($0, 1, i - 1)] = substr($0, i + 1); next}
             {ga += $2; ta += $3}
             $2 != $3 {w = ($1 in why) ? why[$1] : (($3 > $2) ? "**tanlu has more**" : "**unexplained**");
                       print "| " $1 " (" (kind == "rows" ? "rows" : "columns") ") | " $2 " | " $3 " | " w " |"}
             END {print "| all " kind " | " ga " | " ta " | |"}' "$TMP/reasons" -
    done
    echo
  done
}

# ---- run: tanlu run vs clp on the MPS file ----------------------------------
step_run() {
  echo "## End to end: tanlu run vs clp on the MPS file (dual simplex, presolve on)"
  echo
  echo "tanlu run --no-reference = read + validate + build + solve + write the result CSVs, the"
  echo "roadmap tables, iamc.csv, report.html and the run store (without the reference re-solve that"
  echo "the roadmap's phase decomposition asks for); clp = read the MPS file + solve."
  echo "\`clp F.mps -dualsimplex\` is what tanlu's default (\`--method auto\`) asks of Clp: dual"
  echo "simplex after presolve. Wall seconds (CPU seconds in brackets), medians."
  echo
  echo "| model | tanlu run s | its solve stage s | its other stages s | clp s | ratio wall (cpu) | tanlu MiB | clp MiB | tanlu iterations | clp iterations | objective tanlu / clp |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  local name
  for name in $MODELS; do
    local sz; sz=$(size_of "$name")
    [ -n "$sz" ] && ! in_list "$sz" $SOLVE_SIZES && continue
    local f; f=$(model_path "$name")
    local mps="$OUT/mps/$name.mps"
    if ! "$TANLU" build "$f" --write-mps "$mps" -q >"$OUT/log/$name.mps.log" 2>&1; then
      echo "| $name | --write-mps failed |"
      continue
    fi
    measure "$name.run" "$TANLU" run "$f" -o "$OUT/res/$name" --no-reference --db "$OUT/tanlu.db"
    local rsec=$M_SEC rcpu=$M_CPU rkb=$M_KB
    local log="$OUT/log/$name.run.log"
    local sst tot tobj tit
    sst=$(tl_stage solve)
    tot=$(tl_stage total)
    tobj=$(tl_obj "$log")
    tit=$(sed -n 's/^iterations *\([0-9]*\).*/\1/p' "$log")
    local other; other=$(awk -v t="$tot" -v s="$sst" 'BEGIN {printf "%.3f", t - s}')
    local csec="-" ccpu="-" ckb="-" cobj="-" cit="-" wr
    if [ $HAVE_CLP = 1 ]; then
      measure "$name.clp" clp "$mps" -dualsimplex
      csec=$M_SEC; ccpu=$M_CPU; ckb=$M_KB
      cobj=$(clp_obj "$OUT/log/$name.clp.log"); cit=$(clp_iter "$OUT/log/$name.clp.log")
    fi
    wr=$(ratio "$rsec" "$csec")
    if [ $HAVE_CLP = 1 ] && awk -v a="$rsec" -v b="$csec" 'BEGIN {exit !(a < 10 && b < 10)}'; then
      pair "$name.pair" "$TANLU" run "$f" -o "$OUT/res/$name" --no-reference --db "$OUT/tanlu.db" \
        -- clp "$mps" -dualsimplex
      rsec=$(printf '%.4f' "$P_A"); csec=$(printf '%.4f' "$P_B")
      wr=$(printf '%.3g' "$P_RATIO")
    fi
    echo "| $name | $rsec ($rcpu) | $sst | $other | $csec ($ccpu) | $wr ($(ratio "$rcpu" "$ccpu")) | $(mb "$rkb") | $(mb "$ckb") | $tit | $cit | $tobj / $cobj |"
  done
  echo
  echo "ratio = tanlu run time / clp time (target <= 1.2): for runs under 10 s the wall times and the ratio"
  echo "are from the two commands run alternately (the median of the pairs' ratios; CPU times from /usr/bin/time);"
  echo "other stages = tanlu's total minus its solve stage."
  echo
}

# ---- methods: solver choices ----------------------------------------------
step_methods() {
  echo "## Solver choices: tanlu run --method M [--no-presolve], and clp alike"
  echo
  echo "Medians of $RUNS runs (1 when a run takes over a minute); wall seconds with CPU seconds"
  echo "in brackets; tanlu = the whole run, clp = reading the MPS file and solving. A solve is"
  echo "stopped after $METHOD_LIMIT s (tanlu --time-limit, clp -seconds)."
  echo
  echo "| model | setting | tanlu s | tanlu iterations | clp s | clp iterations | clp status |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  local settings=("dual|-dualsimplex" "primal|-primalsimplex" "barrier|-barrier"
                  "dual --no-presolve|-presolve off -dualsimplex"
                  "primal --no-presolve|-presolve off -primalsimplex"
                  "barrier --no-presolve|-presolve off -barrier")
  local name s
  for name in $METHOD_MODELS; do
    local f; f=$(model_path "$name")
    [ -e "$f" ] || continue
    local mps="$OUT/mps/$name.mps"
    [ -s "$mps" ] || "$TANLU" build "$f" --write-mps "$mps" -q >/dev/null 2>&1
    for s in "${settings[@]}"; do
      local topt=${s%%|*} copt=${s#*|} tag
      tag=$(echo "$topt" | tr -d ' -')
      # shellcheck disable=SC2086
      measure "$name.m-$tag" "$TANLU" run "$f" -o "$OUT/res/$name-$tag" --time-limit "$METHOD_LIMIT" --method $topt
      local tsec="$M_SEC ($M_CPU)"
      [ "$M_RC" = 0 ] || tsec="$tsec exit $M_RC"
      local it; it=$(sed -n 's/^iterations *\([0-9]*\).*/\1/p' "$OUT/log/$name.m-$tag.log")
      local csec="-" cit="-" cst="-"
      if [ $HAVE_CLP = 1 ] && [ "$METHOD_PEER" = clp ] && [ -s "$mps" ]; then
        # shellcheck disable=SC2086
        measure "$name.c-$tag" clp "$mps" -seconds "$METHOD_LIMIT" $copt
        csec="$M_SEC ($M_CPU)"
        cit=$(sed -n 's/^[A-Za-z]* objective .* - \([0-9]*\) iterations.*/\1/p' "$OUT/log/$name.c-$tag.log" | tail -n 1)
        cst=$(sed -n 's/^\([A-Za-z]*\) objective .* iterations.*/\1/p' "$OUT/log/$name.c-$tag.log" | tail -n 1)
      fi
      echo "| $name | $topt | $tsec | ${it:-?} | $csec | ${cit:-?} | ${cst:-?} |"
    done
  done
  echo
}

machine() {
  echo "## Machine"
  echo
  echo "- CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores online"
  echo "- RAM: $(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "- $(uname -sr); $(glpsol --version 2>/dev/null | head -n 1); $(clp -quit 2>/dev/null | sed -n 's/^\(Coin LP version [^,]*\).*/\1/p' | head -n 1)"
  local head="" dirty=""
  if command -v git >/dev/null && git -C "$ROOT" rev-parse --short HEAD >/dev/null 2>&1; then
    head=$(git -C "$ROOT" rev-parse --short HEAD)
    [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ] && dirty=" (working tree modified)"
  fi
  echo "- tanlu: $TANLU, $("$TANLU" --version 2>/dev/null | head -n 1); repository $ROOT at ${head:-?}$dirty"
  echo "- OSEMOSYS_FAST=${OSEMOSYS_FAST:-none}, OSEMOSYS_FULL=${OSEMOSYS_FULL:-none}"
  echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other processes disturb the wall times; CPU times less so)"
  echo
}

# ---- main ---------------------------------------------------------------
STEPS=${*:-all}
[ "$STEPS" = all ] && STEPS="check counts build run methods"
REPORT="$OUT/report.md"
{
  echo "# tanlu benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  machine
} >"$REPORT"
generate
for st in $STEPS; do
  case $st in
    check) step_check ;;
    counts) step_counts ;;
    build) step_build ;;
    run) step_run ;;
    methods) step_methods ;;
    *) die "unknown step '$st' (all, check, counts, build, run, methods)" ;;
  esac | tee -a "$REPORT"
done
say "report: $REPORT"
