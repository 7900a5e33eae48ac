#!/usr/bin/env bash
# Live ingest throughput (issue 14, Performance): the same synthetic events
# (opmon-datagen --live-clients N, one day) stored by opmon through
#   (1) IngestEvents: opmonctl live ingest of the NDJSON, and
#   (2) the warehouse pass: opmonctl live aggregate over telemetry.normandy
#       and telemetry.nimbus_events,
# each against the floor of a plain COPY of the same rows into an unindexed
# table of the same server, timed in the same script.
#
#   bench/live/run.sh [BUILD_DIR] [CLIENTS]     (defaults: build, 100000 ≈ 0.5M events)
#
# The throwaway server runs with fsync=off (a benchmark, not a store).
set -euo pipefail
source "$(dirname "$0")/../bench_lib.sh"
build="${1:-$root/build}"
clients="${2:-100000}"
datagen="$build/services/compute/datagen/opmon-datagen"
compute="$build/services/compute/opmon-compute"
ctl="$build/clients/opmonctl/opmonctl"
bench_require "$build" "$datagen" "$compute" "$ctl"
day=2024-02-20
export OPMON_SOURCE_DIR="$root"

source "$root/bench/throwaway_pg.sh"
source "$root/bench/compute_service.sh"
cleanup() {
  compute_stop
  throwaway_pg_stop
}
trap cleanup EXIT
throwaway_pg_start live-bench
dir="$pg_dir"
throwaway_pg_createdb opmon
# CPU seconds used so far: by one process (all its threads), and by the
# throwaway cluster (the postmaster, its live children and the reaped ones).
# CPU per event depends far less than wall time on what else the machine runs.
tick=$(getconf CLK_TCK)
proc_cpu() { awk -v t="$tick" '{ sub(/^.*\) /, ""); print ($12 + $13) / t }' "/proc/$1/stat"; }
cluster_cpu() {
  local pm; pm=$(head -1 "$pg_dir/data/postmaster.pid")
  # (processes may exit while being read: cat's complaint is no failure)
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="$pm" -v t="$tick" '{
    pid = $1; sub(/^.*\) /, "")   # fields from state on: ppid $2, utime $12, stime $13, cutime $14, cstime $15
    if (pid == pm) sum += $12 + $13 + $14 + $15; else if ($2 == pm) sum += $12 + $13 }
    END { print sum / t }'
}
# µs of CPU per event: per_event SECONDS
per_event() { echo "scale=1; $1 * 1000000 / $events" | bc; }

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores; other load skews the figures)"
echo "== opmon-datagen: live events of $day, --live-clients $clients"
"$datagen" --live-ndjson "$dir/live.ndjson" --end-date "$day" --live-clients "$clients"
"$datagen" --live --warehouse-url "$url" --end-date "$day" --live-clients "$clients"
"${psql[@]}" <"$root/deploy/warehouse/reader_role.sql" >/dev/null
events=$(wc -l <"$dir/live.ndjson")
echo "events (lines, duplicates and malformed included): $events"

echo "== floor: COPY of the same rows into a plain table (no index, no key)"
"${psql[@]}" -c "CREATE TABLE plain_events (LIKE telemetry.normandy)"
"${psql[@]}" -c "\\copy (SELECT * FROM telemetry.normandy UNION ALL SELECT * FROM telemetry.nimbus_events) TO '$dir/events.copy'"
c0=$(cluster_cpu)
t0=$(now); "${psql[@]}" -c "\\copy plain_events FROM '$dir/events.copy'"; t1=$(now)
c1=$(cluster_cpu)
copy=$(elapsed "$t0" "$t1")
echo "COPY: ${copy}s, $(rate "$events" "$copy") events/s; PostgreSQL CPU $(per_event "$(elapsed "$c0" "$c1")") µs/event"

echo "== opmon-compute (no job workers, no loop)"
compute_start "$compute" "$url" "$dir" --workers 0 --live-interval-seconds 0 --log-level warn
# The bootstrap admin token (docs/operations.md, Security) opmonctl sends.
OPMON_TOKEN="$(cat "$dir/admin-token")"
export OPMON_TOKEN
# Serving once migrated and the token is stored: a recompute of an empty day answers.
for _ in $(seq 1 300); do
  "$ctl" --compute-addr "$addr" live aggregate --day 2000-01-01 >/dev/null 2>&1 && break; sleep 0.2
done

echo "== (1) IngestEvents: opmonctl live ingest (batches of 5000)"
c0=$(cluster_cpu); s0=$(proc_cpu "$compute_pid")
t0=$(now)
/usr/bin/time -f "%U %S" -o "$dir/ctl.cpu" "$ctl" --compute-addr "$addr" --timeout 3600 live ingest "$dir/live.ndjson" >"$dir/ingest.out"
t1=$(now)
c1=$(cluster_cpu); s1=$(proc_cpu "$compute_pid")
head -1 "$dir/ingest.out"
ingest=$(elapsed "$t0" "$t1")
echo "IngestEvents: ${ingest}s, $(rate "$events" "$ingest") events/s, $(echo "scale=2; $copy / $ingest" | bc) of the COPY rate"
echo "  CPU µs/event: PostgreSQL $(per_event "$(elapsed "$c0" "$c1")"), opmon-compute $(per_event "$(elapsed "$s0" "$s1")"), opmonctl $(per_event "$(awk '{print $1 + $2}' "$dir/ctl.cpu")")"

"${psql[@]}" -c "TRUNCATE opmon.live_events, opmon.live_enrollment_windows, opmon.live_search_windows, opmon.live_daily_clients, opmon.live_sources"
echo "== (2) warehouse pass: opmonctl live aggregate"
c0=$(cluster_cpu); s0=$(proc_cpu "$compute_pid")
t0=$(now); "$ctl" --compute-addr "$addr" --timeout 3600 live aggregate; t1=$(now)
c1=$(cluster_cpu); s1=$(proc_cpu "$compute_pid")
pass=$(elapsed "$t0" "$t1")
echo "warehouse pass: ${pass}s, $(rate "$events" "$pass") events/s, $(echo "scale=2; $copy / $pass" | bc) of the COPY rate"
echo "  CPU µs/event: PostgreSQL $(per_event "$(elapsed "$c0" "$c1")") (reading the warehouse tables included), opmon-compute $(per_event "$(elapsed "$s0" "$s1")")"
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$compute_pid/status")
echo "opmon-compute peak RSS $((rss_kb / 1024)) MiB"
