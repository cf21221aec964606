#!/usr/bin/env bash
# seeds.sh TARGET DIR - fill DIR with the seed corpus of a fuzz target
# (dat, csv or overlay) from the shipped models, and write DIR.dict, a
# libFuzzer dictionary of the words the readers know. Existing files in DIR
# (what earlier runs found) are kept. Run from the repository root.
set -eu
target=$1
dir=$2
mkdir -p "$dir"

# The dictionary: keywords, punctuation and every set and parameter name.
{
  for w in set param default data end tr ':=' '(tr)' '[' ']' ':' ';' '*' "'" '"' '/*' '*/' \
    VALUE action parameter index value scale shift drop delay '==> ' ' <==' '.csv' \
    config.yaml 'type: param' 'type: result' 'default: ' 'dtype: float' 'indices: [' \
    NaN inf 1e308 -1 0.5 2020 2021 R1 PLANT ELC; do
    printf '"%s"\n' "$(printf '%s' "$w" | sed 's/\\/\\\\/g; s/"/\\"/g')"
  done
  sed -n 's/^ *X(\([A-Za-z]*\),.*/"\1"/p' src/model/model.h
  sed -n 's/^ *TL_\([A-Z_]*\) *[=,].*/"\1"/p' src/model/model.h | grep -v '"P_\|"PF_\|"NSETS\|"NPARAMS\|"MAXIDX\|"RM"'
} | sort -u >"$dir.dict"

# pack DIR: a CSV folder as one fuzz input (see fuzz_csv.c)
pack() {
  local f
  for f in "$1"/*; do
    [ -f "$f" ] || continue
    printf '==> %s <==\n' "$(basename "$f")"
    cat "$f"
  done
}

case $target in
  dat)
    for f in tests/models/*.txt tests/bad/_base/model.txt tests/bad/*/model.txt; do
      [ -f "$f" ] || continue
      [ "$(wc -c <"$f")" -le 65536 ] || continue
      cp "$f" "$dir/seed-$(echo "$f" | tr '/' '_')"
    done ;;
  csv)
    for d in tests/models/csv/* tests/bad/_base/csv; do
      [ -d "$d" ] && pack "$d" >"$dir/seed-$(echo "$d" | tr '/' '_')"
    done
    for c in tests/bad/*/; do
      grep -qx 'base csv' "$c/expect" 2>/dev/null || continue
      [ -d "$c/model" ] || continue
      tmp=$(mktemp -d)
      cp -R tests/bad/_base/csv/. "$tmp/"
      cp -R "$c/model/." "$tmp/"
      pack "$tmp" >"$dir/seed-$(basename "$c")"
      rm -rf "$tmp"
    done ;;
  overlay)
    printf 'action,parameter,index,value\n# a comment\nset,AnnualGHGLimit,"R1,2021",0\nscale,CapitalCost,"R1,PLANT,*",0.8\n' >"$dir/seed-set-scale"
    printf 'action,parameter,index,value\nshift,SpecifiedAnnualDemand,"R1,ELC,2022",-5\ndefault,DiscountRate,,0.06\n' >"$dir/seed-shift-default"
    printf 'action,parameter,index,value\ndrop,TECHNOLOGY,DACCS,\ndelay,TechnologyReadiness,DACCS,10\n' >"$dir/seed-drop-delay"
    printf 'action,parameter,index,value\nset,TechnologyCategory,PLANT,conventional\nset,EmissionGas,CH4,CH4\n' >"$dir/seed-text"
    printf 'action,parameter,index,value\nset,OutputActivityRatio,"*,MINE,COAL,*,*",2\nscale,VariableCost,"*,*,*,*",1.5\n' >"$dir/seed-wildcards"
    printf 'action,parameter,index,value\r\nset,"CapitalCost","R1,PLANT,2022","1e3"\r\n' >"$dir/seed-quoted-crlf" ;;
  *)
    echo "seeds.sh: unknown target '$target' (dat, csv, overlay)" >&2
    exit 2 ;;
esac
