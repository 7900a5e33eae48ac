#!/usr/bin/env bash
# Error aggregation of one day (issue 15, Performance): N main pings (default
# 1,000,000) and one crash ping per 25 of them, spread over a UTC day with the
# variety of docs/errors.md's columns (channels, versions, builds, OSes,
# countries, experiments, subsession lengths, keyed counts), aggregated into
# opmon.error_aggregates by
#   (1) the floor: streaming the columns the aggregation reads out of
#       PostgreSQL (psql \copy of the same SELECT to /dev/null),
#   (1b) the write floor: COPY of the rows (2) wrote into an empty table with
#       opmon.error_aggregates' indexes (what storing the result needs at least),
#   (2) compute: the day's recompute as RunErrorAggregation --day runs it
#       (COPY out, aggregation in C++, the day's windows written back in one
#       transaction), in process (opmon_errors_day_bench: no gRPC hop),
#   (3) plain SQL: the same aggregates by GROUP BY (bench/errors/plain_group_by.sql)
#       written into a table,
# timed in the same script on the same server. Targets: (2) within 1.5x of
# (1) and faster than (3).
#
#   bench/errors/run.sh [BUILD_DIR] [MAIN_PINGS]     (defaults: build, 1000000)
#
# The throwaway server runs with fsync=off (a benchmark, not a store).
set -euo pipefail
source "$(dirname "$0")/../bench_lib.sh"
build="${1:-$root/build}"
pings="${2:-1000000}"
bench_bin="$build/bench/errors/opmon_errors_day_bench"
bench_require "$build" "$bench_bin"
day=2024-02-20
export OPMON_SOURCE_DIR="$root"

source "$root/bench/throwaway_pg.sh"
trap throwaway_pg_stop EXIT
throwaway_pg_start errors-bench
dir="$pg_dir"
throwaway_pg_createdb opmon

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores; other load skews the figures)"
echo "== warehouse: $pings main pings of $day and their crash pings (rows by SQL)"
"${psql[@]}" <<SQL
-- The columns of services/compute/datagen/warehouse_schema.cc the aggregation reads.
CREATE SCHEMA telemetry;
CREATE TABLE telemetry.main (client_id text NOT NULL, sample_id integer NOT NULL,
  submission_timestamp timestamptz NOT NULL, submission_date date NOT NULL, normalized_channel text,
  normalized_os text, normalized_os_version text, country text, app_version text, build_id text, experiments jsonb,
  app_name text, app_display_version text, architecture text, subsession_length integer, subprocess_crashes jsonb,
  error_counts jsonb);
CREATE INDEX main_submission_date_idx ON telemetry.main (submission_date);
CREATE TABLE telemetry.crash (client_id text NOT NULL, submission_date date NOT NULL,
  submission_timestamp timestamptz NOT NULL, normalized_channel text, normalized_os text, build_id text,
  experiments jsonb, process_type text, app_name text, app_version text, app_display_version text,
  normalized_os_version text, architecture text, country text, startup_crash boolean, ipc_channel_error text);
CREATE INDEX crash_submission_date_idx ON telemetry.crash (submission_date);
-- Skewed, independent-looking picks (a different multiplier per column), so
-- a window holds a realistic number of distinct dimension combinations.
CREATE TEMP VIEW gen AS
SELECT i, t,
  (ARRAY['release', 'release', 'release', 'release', 'release', 'release', 'release', 'beta', 'nightly', 'esr'])
    [1 + (i * 7919) % 10007 % 10] AS channel,
  CASE WHEN (i * 104729) % 10009 % 50 = 0 THEN 'Fennec' ELSE 'Firefox' END AS app,
  v.version, v.build_id,
  o.os, o.os_version,
  (ARRAY['x86-64', 'x86-64', 'x86-64', 'x86-64', 'x86-64', 'x86-64', 'x86-64', 'x86-64', 'x86', 'aarch64'])
    [1 + (i * 49979687) % 10061 % 10] AS arch,
  (ARRAY['US', 'US', 'US', 'US', 'US', 'US', 'DE', 'DE', 'DE', 'FR', 'FR', 'IN', 'BR', 'GB', 'JP', 'CA'])
    [1 + (i * 67867967) % 10067 % 16] AS country,
  CASE (i * 86028121) % 10069 % 10 WHEN 0 THEN '{"bench-exp-1": {"branch": "control"}}'
                                   WHEN 1 THEN '{"bench-exp-1": {"branch": "treatment"}, "bench-exp-2": {"branch": "a"}}'
                                   WHEN 2 THEN '{"bench-exp-3": {"branch": "b"}}' END::jsonb AS experiments
FROM generate_series(0::bigint, $pings - 1) i,
     LATERAL (SELECT timestamptz '$day 00:00:00+00' + (i * 86400.0 / $pings) * interval '1 second' AS t) ts,
     -- versions with their builds, the newest most used
     LATERAL (SELECT (ARRAY['122.0.1', '122.0.1', '122.0.1', '122.0.1', '122.0', '122.0', '121.0', '123.0', '124.0', '115.8.0'])
                       [1 + (i * 122949823) % 10079 % 10] AS version) vv,
     LATERAL (SELECT vv.version, CASE vv.version WHEN '122.0.1' THEN '20240205000000' WHEN '122.0' THEN '20240115120000'
                       WHEN '121.0' THEN '20231218000000' WHEN '123.0' THEN '20240212093000'
                       WHEN '124.0' THEN '20240219030303' ELSE '20240201000000' END AS build_id) v,
     -- OS versions as each OS has them
     LATERAL (SELECT (ARRAY['Windows_NT', 'Windows_NT', 'Windows_NT', 'Windows_NT', 'Windows_NT', 'Windows_NT',
                             'Windows_NT', 'Darwin', 'Darwin', 'Linux'])[1 + (i * 15485863) % 10037 % 10] AS os) oo,
     LATERAL (SELECT oo.os, CASE oo.os
                WHEN 'Windows_NT' THEN (ARRAY['10.0.19045.3803', '10.0.19045.3930', '10.0.22631.2'])[1 + (i * 32452843) % 10039 % 3]
                WHEN 'Darwin' THEN '23.3.0' ELSE '6.5.0-generic' END AS os_version) o;
INSERT INTO telemetry.main (client_id, sample_id, submission_timestamp, submission_date, normalized_channel, app_name,
  app_version, app_display_version, build_id, normalized_os, normalized_os_version, architecture, country, experiments,
  subsession_length, subprocess_crashes, error_counts)
SELECT 'c' || (i % 200000), i % 100, t, '$day', channel, app, version, version, build_id, os, os_version, arch, country,
  experiments, CASE WHEN i % 20 = 0 THEN NULL ELSE (i * 7919) % 90000 - 100 END,
  CASE WHEN i % 40 = 0 THEN '{"content": 1, "gpu": 1}' WHEN i % 97 = 0 THEN '{"plugin": 1, "gmplugin": 2}' ELSE '{}' END::jsonb,
  CASE WHEN i % 30 = 0 THEN '{"SLOW_SCRIPT_NOTICE_COUNT": 1, "SLOW_SCRIPT_PAGE_COUNT": 2}' END::jsonb
FROM gen;
INSERT INTO telemetry.crash (client_id, submission_timestamp, submission_date, normalized_channel, app_name,
  app_version, app_display_version, build_id, normalized_os, normalized_os_version, architecture, country, experiments,
  process_type, startup_crash, ipc_channel_error)
SELECT 'c' || (i % 200000), t, '$day', channel, app, version, version, build_id, os, os_version, arch, country,
  experiments, (ARRAY['main', 'content', 'content', 'gpu'])[1 + (i / 25) % 4], i % 250 = 0,
  CASE WHEN (i / 25) % 8 = 2 THEN 'ShutDownKill' END
FROM gen WHERE i % 25 = 0;
VACUUM ANALYZE telemetry.main, telemetry.crash;
SQL
# Each timed step starts after a checkpoint, so none pays for writing out
# what an earlier step (the load above, the writes of another step) dirtied.
quiesce() { "${psql[@]}" -c "CHECKPOINT"; }
main_rows=$("${psql[@]}" -tAc "SELECT count(*) FROM telemetry.main")
crash_rows=$("${psql[@]}" -tAc "SELECT count(*) FROM telemetry.crash")
echo "main pings: $main_rows, crash pings: $crash_rows"

common="submission_timestamp, normalized_channel, app_name, app_version, app_display_version, build_id, normalized_os, normalized_os_version, architecture, country, experiments"
where="submission_date = '$day' AND submission_timestamp >= '$day 00:00:00+00' AND submission_timestamp < timestamptz '$day 00:00:00+00' + interval '1 day'"
echo "== (1) floor: the columns read, streamed out with COPY (psql \\copy to /dev/null)"
quiesce
t0=$(now)
"${psql[@]}" -c "\\copy (SELECT $common, subsession_length, subprocess_crashes, error_counts FROM telemetry.main WHERE $where) TO '/dev/null'"
"${psql[@]}" -c "\\copy (SELECT $common, process_type, startup_crash, ipc_channel_error FROM telemetry.crash WHERE $where) TO '/dev/null'"
t1=$(now)
floor=$(elapsed "$t0" "$t1")
echo "floor: ${floor}s"

echo "== (2) compute: the day's recompute (opmon_errors_day_bench)"
"$bench_bin" --db-url "$url" --day 2000-01-01 >/dev/null  # migrations applied, outside the timing
quiesce
t0=$(now); "$bench_bin" --db-url "$url" --day "$day"; t1=$(now)
ours=$(elapsed "$t0" "$t1")
echo "compute: ${ours}s ($(ratio "$ours" "$floor")x the floor)"

echo "== (1b) write floor: compute's rows COPYed into an empty table like opmon.error_aggregates (same indexes)"
"${psql[@]}" -c "\\copy opmon.error_aggregates TO '$dir/rows.copy'" \
  -c "CREATE TABLE write_floor (LIKE opmon.error_aggregates INCLUDING ALL)"
quiesce
t0=$(now)
"${psql[@]}" -c "\\copy write_floor FROM '$dir/rows.copy'"
t1=$(now)
write_floor=$(elapsed "$t0" "$t1")
both=$(echo "$floor + $write_floor" | bc)
echo "write floor: ${write_floor}s; read + write floors: ${both}s; compute $(ratio "$ours" "$both")x that"

if [[ "${SKIP_PLAIN:-0}" == 1 ]]; then exit 0; fi  # iterating on (2) only
echo "== (3) plain SQL: GROUP BY into a table"
quiesce
t0=$(now)
"${psql[@]}" <<SQL
PREPARE plain(date) AS $(cat "$here/plain_group_by.sql");
CREATE TABLE plain_aggregates AS EXECUTE plain('$day');
SQL
t1=$(now)
plain=$(elapsed "$t0" "$t1")
echo "plain SQL: ${plain}s ($(ratio "$plain" "$ours")x compute)"
echo "rows: compute $("${psql[@]}" -tAc "SELECT count(*) FROM opmon.error_aggregates"), plain SQL $("${psql[@]}" -tAc "SELECT count(*) FROM plain_aggregates")"
echo "== summary: floor ${floor}s, compute ${ours}s ($(ratio "$ours" "$floor")x; target <= 1.5x; $(ratio "$ours" "$both")x the read + write floors ${both}s), plain SQL ${plain}s (target: compute faster)"
