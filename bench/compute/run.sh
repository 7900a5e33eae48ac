#!/usr/bin/env bash
# End-to-end compute benchmark (issue 5): opmon-datagen at 1M pings from 100k
# clients in one day, then ONE RunProject of a 20-metric project
# (bench_project.yaml: 8 histograms, 12 scalars, three data sources, split by
# OS) through the real opmon-compute and opmonctl, compared in the same
# script, on the same server and data, with
#   (a) the floor: COPY (the run's own population+metric SELECT) TO STDOUT,
#       streamed to a client that discards it;
#   (b) the same statistics (points, no intervals) computed in plain SQL over
#       the same per-client rows.
# Prints the times, the ratios and opmon-compute's peak RSS.
#
#   bench/compute/run.sh [BUILD_DIR]          (default: build)
#   KEEP=1 bench/compute/run.sh ...           keep the throwaway server's directory
#   PLAIN=0 bench/compute/run.sh ...          skip the (slow) plain SQL comparison
#   BENCH_PROJECTS="a.yaml b.yaml" bench/compute/run.sh ...   other projects of this directory
#
# The throwaway server runs with fsync=off (a benchmark, not a warehouse).
set -euo pipefail
source "$(dirname "$0")/../bench_lib.sh"
build="${1:-$root/build}"
datagen="$build/services/compute/datagen/opmon-datagen"
compute="$build/services/compute/opmon-compute"
ctl="$build/clients/opmonctl/opmonctl"
sqlgen="$build/bench/compute/opmon_compute_bench_sql"
bench_require "$build" "$datagen" "$compute" "$ctl" "$sqlgen"
day=2024-02-20
export OPMON_SOURCE_DIR="$root"

source "$root/bench/throwaway_pg.sh"
source "$root/bench/compute_service.sh"
trap 'compute_stop; throwaway_pg_stop' EXIT
throwaway_pg_start compute-bench -c work_mem=256MB
dir="$pg_dir"
throwaway_pg_createdb opmon

bench_load_average
echo "== opmon-datagen: 100k clients, 1 day ($day), ~10 pings per client"
"$datagen" --warehouse-url "$url" --seed 1 --clients 100000 --days 1 --end-date "$day" \
  --pings-per-client-mean 10 --copy-streams 2 | tail -n 5
"${psql[@]}" -At -c "SELECT 'telemetry.main rows: ' || count(*) || ', clients: ' || count(DISTINCT client_id) FROM telemetry.main"
# The role opmon-compute's project SQL logs in as (--warehouse-user).
"${psql[@]}" <"$root/deploy/warehouse/reader_role.sql" >/dev/null

echo "== opmon-compute (1 worker)"
compute_start "$compute" "$url" "$dir" --workers 1 --log-level info
# The service applies the migrations once the database answers.
for _ in $(seq 1 300); do
  "${psql[@]}" -At -c "SELECT 1 FROM opmon.project_versions LIMIT 0" >/dev/null 2>&1 && break; sleep 0.1
done
bench_one() {
  local file="$1" slug="$2"
  echo
  echo "######## project $(basename "$file") (slug $slug)"
  local json floor_sql plain_sql t0 t1 floor floor2 opmon plain best_floor rss_kb
  json="$("$sqlgen" json "$file" "$slug")"
  "${psql[@]}" -v json="$json" -v slug="$slug" <<'SQL'
INSERT INTO opmon.project_versions (slug, version, content_hash, resolved) VALUES (:'slug', 1, 'bench', :'json'::jsonb);
INSERT INTO opmon.projects (slug, latest_version) VALUES (:'slug', 1);
SQL
  floor_sql="$("$sqlgen" floor "$file" "$slug" "$day")"
  plain_sql="$("$sqlgen" plain "$file" "$slug" "$day")"

  echo "== (a) floor: COPY (the run's SELECT) TO STDOUT > /dev/null"
  t0=$(now); "${psql[@]}" -c "COPY ($floor_sql) TO STDOUT" | wc -c >"$dir/floor_bytes"; t1=$(now)
  floor=$(elapsed "$t0" "$t1")
  echo "floor: ${floor}s ($(cat "$dir/floor_bytes") bytes of rows)"

  echo "== opmon: opmonctl run $slug --date $day (one RunProject)"
  t0=$(now)
  "$ctl" --compute-addr "$addr" --token-file "$dir/admin-token" --timeout 3600 --json run "$slug" --date "$day" >"$dir/job.json"
  t1=$(now)
  opmon=$(elapsed "$t0" "$t1")
  python3 - "$dir/job.json" <<'PY'
import json, sys
job = json.load(open(sys.argv[1]))[0]
p = job["progress"]
print(f"job {job['id']} {job['state']}: {p['clients']} clients, {p['groups']} groups, "
      f"{p['statistics_rows']} statistics rows, malformed {sum(m['count'] for m in job['malformed'])}")
PY
  rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$compute_pid/status")
  echo "opmon: ${opmon}s, opmon-compute peak RSS so far $((rss_kb / 1024)) MiB"
  grep -o 'first_rows=.*' "$dir/compute.log" | tail -1 | sed 's/^/phases: /'

  plain=0
  if [[ "${PLAIN:-1}" != 0 ]]; then
    echo "== (b) plain SQL: the same statistics without intervals"
    t0=$(now); "${psql[@]}" -c "COPY ($plain_sql) TO STDOUT" >"$dir/plain.tsv"; t1=$(now)
    plain=$(elapsed "$t0" "$t1")
    echo "plain SQL: ${plain}s ($(wc -l <"$dir/plain.tsv") statistics rows)"
  fi

  echo "== (a') floor again (cache state after the runs)"
  t0=$(now); "${psql[@]}" -c "COPY ($floor_sql) TO STDOUT" >/dev/null; t1=$(now)
  floor2=$(elapsed "$t0" "$t1")
  echo "floor: ${floor2}s"

  best_floor=$(echo "if ($floor < $floor2) $floor else $floor2" | bc)
  echo "== summary ($(basename "$file"))"
  printf "floor %.1fs | opmon %.1fs | plain SQL %.1fs\n" "$best_floor" "$opmon" "$plain"
  printf "opmon / floor = %.2fx (target <= 1.5x); plain SQL / opmon = %.1fx (target >= 5x); peak RSS %d MiB (target < 1024)\n" \
    "$(echo "$opmon / $best_floor" | bc -l)" "$(echo "$plain / $opmon" | bc -l)" "$((rss_kb / 1024))"
}

"${psql[@]}" -c "VACUUM ANALYZE" >/dev/null  # settle autovacuum before timing
for name in ${BENCH_PROJECTS:-bench_project.yaml}; do
  bench_one "$here/$name" "bench-$(basename "$name" .yaml | tr '_' '-')"
done
