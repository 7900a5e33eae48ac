#!/usr/bin/env bash
# Times opmon-datagen at the size the demo's crash summaries need (weeks of
# days, a few thousand clients) into a throwaway PostgreSQL, then prints the
# release channel's versions per week and the main crashes per 1,000 usage
# hours per release build (docs/datagen.md, "Demo size").
#
#   bench/datagen/demo_size.sh [BUILD_DIR]                  (default: build)
#   CLIENTS=3000 DAYS=56 bench/datagen/demo_size.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build}"
datagen="$build/services/compute/datagen/opmon-datagen"
[[ -x "$datagen" ]] || { echo "build opmon-datagen first: ninja -C $build opmon-datagen" >&2; exit 2; }
clients="${CLIENTS:-3000}"
days="${DAYS:-56}"

source "$root/bench/throwaway_pg.sh"
trap throwaway_pg_stop EXIT
throwaway_pg_start datagen-demo-size
"$pg_bin/createdb" -h "$pg_dir" -p "$pg_port" -U postgres warehouse
url="host=$pg_dir port=$pg_port user=postgres dbname=warehouse"
psql=("$pg_bin/psql" -X -q -h "$pg_dir" -p "$pg_port" -U postgres -d warehouse)

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores; other load skews the figures)"
echo "== $clients clients, $days days ending 2024-02-20, no heavy client"
/usr/bin/time -f "%e s wall, peak RSS %M KB" \
  "$datagen" --warehouse-url "$url" --seed 42 --clients "$clients" --days "$days" --end-date 2024-02-20 \
  --heavy-clients 0 --replace

echo "== release pings per display version and week (adoption)"
"${psql[@]}" -c "SELECT week, app_display_version, round(100.0 * n / sum(n) OVER (PARTITION BY week), 1) AS pct
  FROM (SELECT date_trunc('week', submission_date)::date AS week, app_display_version, count(*) AS n
          FROM telemetry.main WHERE normalized_channel = 'release' GROUP BY 1, 2) w ORDER BY 1, 2"
echo "== release main crashes per 1,000 usage hours, per build"
"${psql[@]}" -c "WITH u AS (SELECT build_id, sum(least(greatest(subsession_length, 0), 90000)) / 3600.0 AS hours,
    min(submission_date) AS first_day FROM telemetry.main WHERE normalized_channel = 'release' GROUP BY 1),
  c AS (SELECT build_id, count(*) AS main_crashes FROM telemetry.crash
    WHERE normalized_channel = 'release' AND process_type = 'main' GROUP BY 1)
  SELECT u.build_id, u.first_day, round(u.hours) AS usage_hours, c.main_crashes,
         round(1000 * c.main_crashes / u.hours, 2) AS per_1000_hours
  FROM u JOIN c USING (build_id) ORDER BY 1"
