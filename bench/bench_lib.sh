# shellcheck shell=bash
# Sourced first by the end-to-end benchmark scripts (bench/*/run.sh): where
# things are, the check that the binaries are built, and the clock helpers.
#   here, root                  the script's folder and the repository root
#   bench_require BUILD BINARY...  exits 2 naming the ninja targets (the
#                               binaries' names) when one of them is not built
#   bench_load_average          prints the load before the timed steps
#   now                         seconds since the epoch, with nanoseconds
#   elapsed T0 T1, rate N SECS  T1 - T0; N / SECS as a whole number
#   ratio A B                   A / B with two decimals

# shellcheck disable=SC2034  # set for the sourcing script
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck disable=SC2034
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bench_require() {
  local build="$1" b targets=()
  shift
  for b in "$@"; do targets+=("$(basename "$b")"); done
  for b in "$@"; do
    [[ -x "$b" ]] || { echo "build it first: $b (ninja -C $build ${targets[*]})" >&2; exit 2; }
  done
}

bench_load_average() {
  echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores; other load skews the figures)"
}

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }
rate() { echo "scale=0; $1 / $2" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }
