#!/usr/bin/env bash
# Legacy import benchmark (issue 16): rows per second of
# `opmonctl import aggregates` through the real opmon-compute, from a
# pg_dump --format directory dump and from the live source database, against
# the floor of `pg_restore --data-only` of the same dump into PostgreSQL (into
# the dump's tables with their gin indexes, and into bare tables), in the
# same script, on the same server. opmon.legacy_aggregates keeps its two
# btree indexes and is emptied before each import.
#
#   bench/legacy/run.sh [BUILD_DIR]              (default: build)
#   ROWS=20000 DAYS=3 bench/legacy/run.sh ...    rows per table, days (8 tables a day)
#   KEEP=1 bench/legacy/run.sh ...               keep the throwaway server's directory
#
# The throwaway server runs with fsync=off (a benchmark, not a warehouse).
set -euo pipefail
source "$(dirname "$0")/../bench_lib.sh"
build="${1:-$root/build}"
compute="$build/services/compute/opmon-compute"
ctl="$build/clients/opmonctl/opmonctl"
bench_require "$build" "$compute" "$ctl"
rows="${ROWS:-20000}"
days="${DAYS:-3}"

source "$root/bench/throwaway_pg.sh"
source "$root/bench/compute_service.sh"
trap 'compute_stop; throwaway_pg_stop' EXIT
throwaway_pg_start legacy-bench
dir="$pg_dir"
server="host=$pg_dir port=$pg_port user=postgres"
for db in opmon restore restore_indexed; do "$pg_bin/createdb" -h "$pg_dir" -p "$pg_port" -U postgres "$db"; done
url="$server dbname=opmon"

bench_load_average
echo "== legacy source: $days days x 8 tables x ~$rows rows (deploy/legacy/make_legacy_source.sh), and its dump"
source_dsn="$("$root/deploy/legacy/make_legacy_source.sh" "$server dbname=postgres" mozaggregator \
  --days "$days" --rows "$rows" --dump "$dir/dump")"
count_sql="$(psql -X -At "$source_dsn" -c "SELECT 'SELECT sum(c) FROM (' || string_agg(format('SELECT count(*) AS c FROM %I', tablename), ' UNION ALL ') || ') s' FROM pg_tables WHERE tablename ~ '^(build_id|submission_date)_'")"
total="$(psql -X -At "$source_dsn" -c "$count_sql")"
echo "rows: $total; dump: $(du -sh "$dir/dump" | cut -f1)"

echo "== (a) floor: pg_restore --data-only of the same dump"
restore() {
  local db="$1" section="$2" t0 t1 secs
  pg_restore "$section" --dbname "$server dbname=$db" "$dir/dump"
  t0=$(now)
  pg_restore --data-only --dbname "$server dbname=$db" "$dir/dump"
  t1=$(now)
  secs=$(elapsed "$t0" "$t1")
  echo "$secs"
}
# Into the dump's own tables with their gin indexes (--schema-only first),
# and into bare tables (--section=pre-data: no index to maintain).
floor=$(restore restore_indexed --schema-only)
echo "pg_restore --data-only, tables with the dump's gin indexes: ${floor}s, $(rate "$total" "$floor") rows/s"
bare=$(restore restore --section=pre-data)
echo "pg_restore --data-only, tables without indexes: ${bare}s, $(rate "$total" "$bare") rows/s"

echo "== opmon-compute"
compute_start "$compute" "$url" "$dir" --workers 1 --log-level warn
ctl=("$ctl" --compute-addr "$addr" --token-file "$dir/admin-token")
# Migrated and the token known: a call that needs both answers.
for _ in $(seq 1 300); do "${ctl[@]}" jobs ls >/dev/null 2>&1 && break; sleep 0.1; done
import() {
  local what="$1"; shift
  local t0 t1 secs
  # Into an empty relation, as pg_restore's tables are.
  psql -X -q "$url" -c "TRUNCATE opmon.legacy_aggregates, opmon.legacy_imports"
  t0=$(now)
  "${ctl[@]}" import aggregates "$@" --wait-timeout 3600 >/dev/null 2>"$dir/import.err" ||
    { cat "$dir/import.err" >&2; exit 1; }
  t1=$(now)
  secs=$(elapsed "$t0" "$t1")
  local stored
  stored="$(psql -X -At "$url" -c "SELECT count(*) FROM opmon.legacy_aggregates")"
  [[ "$stored" == "$total" ]] || { echo "stored $stored rows, expected $total" >&2; exit 1; }
  echo "$what: ${secs}s, $(rate "$total" "$secs") rows/s, $(echo "scale=2; $secs / $floor" | bc)x the indexed floor, $(echo "scale=2; $secs / $bare" | bc)x the bare one"
}
echo "== (b) opmonctl import aggregates --from-dump (a job; re-imports replace each day)"
import "from dump" --from-dump "$dir/dump"
echo "== (c) opmonctl import aggregates --from-db"
import "from db" --from-db "$source_dsn"
