#!/usr/bin/env bash
# bootstrap.sh - install the Debian 12 packages Tanlu needs to build, test
# and benchmark, if any is missing. Runs apt only when something is missing;
# as root directly, otherwise through sudo.
set -euo pipefail

packages=(
  build-essential pkg-config               # compiler, make, pkg-config
  coinor-libclp-dev coinor-libcbc-dev      # Clp/Cbc: the default solver
  coinor-clp coinor-cbc                    # their command-line programs
  libglpk-dev glpk-utils                   # GLPK: second back end, glpsol
  libyaml-dev                              # config.yaml of CSV models
  libsqlite3-dev                           # run store
  clang libclang-rt-14-dev                 # second compiler, sanitizers
  hyperfine                                # benchmarks
  nodejs                                   # npm fetches ECharts for the report
                                           # (NodeSource's nodejs carries npm;
                                           # Debian's own npm package would
                                           # conflict with it)
  chromium                                 # report test in a headless browser
  libopenmpi-dev openmpi-bin               # ensembles across machines (MPI)
  cppcheck clang-tidy valgrind             # static checks and leak checks
)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "bootstrap.sh: this is not a Debian system (no dpkg-query)." >&2
  echo "Install the equivalents of: ${packages[*]}" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done

# npm: part of NodeSource's nodejs; Debian's nodejs needs its npm package.
if ! command -v npm >/dev/null 2>&1; then
  nodever=$(dpkg-query -W -f='${Version}' nodejs 2>/dev/null || true)
  case "$nodever" in
    *nodesource*) ;;
    *) missing+=(npm) ;;
  esac
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap.sh: all ${#packages[@]} packages are installed."
  exit 0
fi

echo "bootstrap.sh: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "bootstrap.sh: not root and no sudo; as root run:" >&2
  echo "  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi

"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
