#!/usr/bin/env bash
# Sharded warehouse benchmark (issue 17): the same project-day - the per-client
# SELECT opmon-compute runs for bench/compute/bench_project.yaml - on one
# server, then with the warehouse on 2 and 4 shards behind a coordinator
# (deploy/warehouse/shard_warehouse.sh), all on this machine. Per layout:
# wall-clock of the floor (COPY (the run's SELECT) TO STDOUT, as
# bench/compute/run.sh measures it), and per server the work done (pings
# scanned, execution time of its statements from pg_stat_statements) and the
# rows it sent to the coordinator (EXPLAIN ANALYZE of the same SELECT).
# Every server shares the same cores: no wall-clock gain is expected on a
# 2-core machine; the point is where the work runs and what travels.
#
#   bench/sharding/run.sh [BUILD_DIR]           (default: build)
#   CLIENTS=100000 PINGS=10 LAYOUTS="1 2 4" bench/sharding/run.sh
#
# Throwaway servers with fsync=off (a benchmark, not a warehouse).
set -euo pipefail
source "$(dirname "$0")/../bench_lib.sh"
build="${1:-$root/build}"
datagen="$build/services/compute/datagen/opmon-datagen"
sqlgen="$build/bench/compute/opmon_compute_bench_sql"
bench_require "$build" "$datagen" "$sqlgen"
clients=${CLIENTS:-20000}
pings=${PINGS:-10}
layouts=${LAYOUTS:-1 2 4}
day=2024-02-20
project="$root/bench/compute/bench_project.yaml"
slug=bench
export OPMON_SOURCE_DIR="$root"

source "$root/bench/throwaway_pg.sh"
servers=()  # pg_dir:pg_port of the coordinator, then of each shard
cleanup() {
  local s
  for s in "${servers[@]}"; do pg_dir=${s%%:*}; throwaway_pg_stop; done
}
trap cleanup EXIT
max_shards=0
for n in $layouts; do [ "$n" -gt "$max_shards" ] && max_shards=$n; done
for i in $(seq 0 "$max_shards"); do
  name=$([ "$i" = 0 ] && echo sharding-coordinator || echo "sharding-shard-$((i - 1))")
  throwaway_pg_start "$name" -c work_mem=256MB -c shared_preload_libraries=pg_stat_statements
  "$pg_bin/createdb" -h "$pg_dir" -p "$pg_port" -U postgres warehouse
  servers+=("$pg_dir:$pg_port")
done
url() { local s=${servers[$1]}; echo "host=${s%%:*} port=${s##*:} user=postgres dbname=warehouse"; }
coord=$(url 0)
psql_on() { local u=$1; shift; psql -X -q -v ON_ERROR_STOP=1 -d "$u" "$@"; }
for i in $(seq 0 "$max_shards"); do psql_on "$(url "$i")" -c "CREATE EXTENSION pg_stat_statements"; done

bench_load_average
echo "== opmon-datagen: $clients clients, 1 day ($day), ~$pings pings per client, into the coordinator"
"$datagen" --warehouse-url "$coord" --seed 1 --clients "$clients" --days 1 --end-date "$day" \
  --pings-per-client-mean "$pings" --copy-streams 2 | tail -n 3
psql_on "$coord" <"$root/deploy/warehouse/reader_role.sql" >/dev/null
floor_sql="$("$sqlgen" floor "$project" "$slug" "$day")"
reader="$coord user=opmon_warehouse_reader"

# Per server: telemetry rows read (sequential and index), and the execution
# time of its statements since the reset (on a shard: postgres_fdw's DECLARE
# and the FETCHes that run the pushed-down aggregation).
work_of() {
  psql_on "$1" -At -F ' ' -c "SELECT COALESCE(sum(seq_tup_read + COALESCE(idx_tup_fetch, 0)), 0)
                                FROM pg_stat_user_tables WHERE schemaname = 'telemetry'" \
    -c "SELECT round(COALESCE(sum(total_exec_time), 0)::numeric / 1000, 2)
          FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%'" | paste -sd' '
}

printf '\n%-8s %8s %12s %14s | %s\n' layout wall_s client_rows bytes "per server: pings read / exec s / rows sent to the coordinator"
for n in $layouts; do
  "$root/deploy/warehouse/shard_warehouse.sh" gather "$coord" >/dev/null
  if [ "$n" -gt 1 ]; then
    shard_urls=()
    for i in $(seq 1 "$n"); do shard_urls+=("$(url "$i")"); done
    "$root/deploy/warehouse/shard_warehouse.sh" distribute "$coord" "${shard_urls[@]}" >/dev/null
  fi
  used="0 $([ "$n" -le 1 ] || seq 1 "$n")"
  # Rows each shard sends: the actual rows of each foreign scan over it.
  moved=$(psql_on "$reader" -At -c "EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF) $floor_sql" |
    awk '/Foreign Scan/ { match($0, /actual rows=[0-9]+ loops=[0-9]+/); split(substr($0, RSTART, RLENGTH), a, /[= ]/); rows = a[3] * a[5] }
         /Relations: Aggregate on|Foreign Scan on/ { if (match($0, /_shard_[0-9]+/)) { s = substr($0, RSTART + 7, RLENGTH - 7); sent[s] += rows } }
         END { for (s in sent) printf "%s=%d ", s, sent[s] }')
  for i in $(seq 0 "$max_shards"); do
    psql_on "$(url "$i")" -At -c "SELECT pg_stat_reset(), pg_stat_statements_reset()" >/dev/null
  done
  t0=$(now)
  stats=$(psql_on "$reader" -c "COPY ($floor_sql) TO STDOUT" | wc -lc)
  t1=$(now)
  sleep 1  # the shards' backends flush their statistics as they exit
  per=""
  for i in $used; do
    w=$(work_of "$(url "$i")")
    sent=$([ "$i" = 0 ] && echo - || echo "$moved" | tr ' ' '\n' | sed -n "s/^$((i - 1))=//p")
    label=$([ "$i" != 0 ] && echo "shard $((i - 1))" || { [ "$n" -gt 1 ] && echo coordinator || echo server; })
    per="$per [$label: ${w// / \/ } / ${sent:-0}]"
  done
  read -r lines bytes <<<"$stats"
  printf '%-8s %8.2f %12d %14d |%s\n' "$([ "$n" -gt 1 ] && echo "$n shards" || echo "1 server")" \
    "$(echo "$t1 - $t0" | bc)" "$lines" "$bytes" "$per"
done
