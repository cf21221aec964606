#!/usr/bin/env bash
# test_install.sh - an installed libtanlu works: the examples, built by
# `make installcheck` from a staged `make install` with pkg-config (shared
# and static), give UTOPIA's reference objective.
set -u
cd "$(dirname "$0")/.." || exit 1

dir=${BUILD:-build}/installcheck
if [ ! -s "$dir/libdir" ]; then
  echo "no staged install in '$dir' (make installcheck makes it)"
  exit 1
fi
libdir=$(cat "$dir/libdir")
want=$(awk -F'\t' '$1 == "utopia" { print $3 }' tests/models/REFERENCE.tsv)

failures=0
n=0
for bin in "$dir"/*-shared "$dir"/*-static; do
  [ -x "$bin" ] || continue
  n=$((n + 1))
  out=$(LD_LIBRARY_PATH=$libdir "$bin" tests/models/utopia.txt)
  rc=$?
  got=$(printf '%s\n' "$out" | awk '$1 == "objective" { print $2 }')
  if [ "$rc" -eq 0 ] && awk -v a="$got" -v b="$want" \
    'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= 1e-6 * b) }'; then
    echo "ok:   $(basename "$bin"): objective $got (reference $want)"
  else
    echo "FAIL: $(basename "$bin"): exit $rc, objective '$got', reference $want"
    failures=$((failures + 1))
  fi
done
if [ "$n" -lt 2 ]; then
  echo "FAIL: expected a shared and a static build in $dir, found $n programs"
  exit 1
fi
# The shared build really uses the installed shared library.
for shared in "$dir"/*-shared; do break; done
if LD_LIBRARY_PATH=$libdir ldd "$shared" | grep -q "$libdir/libtanlu.so"; then
  echo "ok:   $(basename "$shared") loads $libdir/libtanlu.so.*"
else
  echo "FAIL: $(basename "$shared") does not load libtanlu from $libdir"
  failures=$((failures + 1))
fi
[ "$failures" -eq 0 ] || exit 1
echo "all checks passed"
