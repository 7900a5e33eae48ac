#!/usr/bin/env bash
# Times opmon-datagen at the end-to-end benchmark's size (1M pings from 100k
# clients in one day) into a throwaway PostgreSQL on a unix socket, and prints
# rows/s per table. Also runs the generation-only micro-benchmark.
#
#   bench/datagen/run.sh [BUILD_DIR]        (default: build)
#   WAREHOUSE_URL=... bench/datagen/run.sh  (use an existing server instead)
#
# The throwaway server runs with fsync=off (a benchmark, not a warehouse);
# the server's jsonb parsing of the eight histogram columns is the floor.
set -euo pipefail
source "$(dirname "$0")/../bench_lib.sh"
build="${1:-$root/build}"
datagen="$build/services/compute/datagen/opmon-datagen"
bench="$build/bench/datagen/opmon_datagen_bench"
bench_require "$build" "$datagen"

source "$root/bench/throwaway_pg.sh"
trap throwaway_pg_stop EXIT
url="${WAREHOUSE_URL:-}"
if [[ -z "$url" ]]; then
  throwaway_pg_start datagen-bench
  "$pg_bin/createdb" -h "$pg_dir" -p "$pg_port" -U postgres warehouse
  url="host=$pg_dir port=$pg_port user=postgres dbname=warehouse"
fi

bench_load_average
for streams in 1 2; do
  echo "== 100k clients, 1 day, ~10 pings per client (1M pings), --copy-streams $streams"
  /usr/bin/time -f "peak RSS %M KB, %e s wall, %P CPU (opmon-datagen only)" \
    "$datagen" --warehouse-url "$url" --seed 1 --clients 100000 --days 1 --end-date 2024-02-20 \
    --pings-per-client-mean 10 --replace --copy-streams "$streams"
done
if [[ -x "$bench" ]]; then
  echo "== generation only (no database), one thread"
  "$bench" --benchmark_filter=GenerateClientDays
fi
