#!/usr/bin/env bash
# README command 1: install dependencies, build, bring up the local stack
# (private PostgreSQL in ./var + the four services), and run the main job end
# to end on synthetic telemetry: generate a warehouse, register definitions,
# experiments and the example projects, compute them, show their statistics
# and alerts, import legacy (mozaggregator) aggregates, monitor live
# experiment events (series, sample-ratio check, JSON export), and write the LookML
# tree to ./var/lookml-export.
# OPMON_WAREHOUSE_SHARDS=N puts the warehouse on N shard clusters behind the
# coordinator (docs/scaling.md); the statistics are the single server's.
# Safe to re-run. Stop everything with: deploy/local/stack.sh down
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BUILD_DIR=${BUILD_DIR:-build}
export BUILD_DIR
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$ROOT}

step() { printf '\n== %s\n' "$*"; }

step "dependencies"
bash scripts/bootstrap.sh

step "build"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" --target opmon-config opmon-compute opmon-statistics opmon-lookml opmonctl opmon-datagen

step "local stack"
# The example experiments run in early 2024 (deploy/examples/experiments.yaml),
# so the daily scheduler would queue every day since then; the demo queues
# exactly the days it generates instead.
OPMON_SCHEDULER=${OPMON_SCHEDULER:-0} deploy/local/stack.sh up
eval "$(deploy/local/stack.sh env)"
ctl() { "$BUILD_DIR/clients/opmonctl/opmonctl" "$@"; }

EXAMPLES=deploy/examples
DAYS=${OPMON_DEMO_DAYS:-3}
# A date inside every example experiment's window (docs/datagen.md).
END_DATE=${OPMON_DEMO_END_DATE:-2024-02-20}
START_DATE=$(date -u -d "$END_DATE - $((DAYS - 1)) days" +%F)
# Crash summaries compare releases at equal age: the warehouse holds 8 weeks
# (docs/datagen.md, crash and error columns); projects compute the last $DAYS.
WAREHOUSE_DAYS=${OPMON_DEMO_WAREHOUSE_DAYS:-56}
WAREHOUSE_START=$(date -u -d "$END_DATE - $((WAREHOUSE_DAYS - 1)) days" +%F)

step "synthetic warehouse ($WAREHOUSE_DAYS days ending $END_DATE)"
# A warehouse sharded by an earlier OPMON_WAREHOUSE_SHARDS run comes back to
# the coordinator first (opmon-datagen writes plain tables); a no-op otherwise.
deploy/warehouse/shard_warehouse.sh gather "$OPMON_WAREHOUSE_URL"
"$BUILD_DIR/services/compute/datagen/opmon-datagen" --warehouse-url "$OPMON_WAREHOUSE_URL" \
  --seed 42 --clients "${OPMON_DEMO_CLIENTS:-3000}" --days "$WAREHOUSE_DAYS" --end-date "$END_DATE" \
  --heavy-clients 0 --replace
if [ "${OPMON_WAREHOUSE_SHARDS:-0}" -gt 0 ]; then
  step "sharded warehouse: telemetry moved onto $OPMON_WAREHOUSE_SHARDS shard clusters (docs/scaling.md)"
  mapfile -t SHARD_URLS < <(deploy/local/stack.sh shard-urls)
  deploy/warehouse/shard_warehouse.sh distribute "$OPMON_WAREHOUSE_URL" "${SHARD_URLS[@]}"
fi

step "definitions, experiments and projects"
for f in functions firefox_desktop firefox_desktop_defaults rollout; do
  ctl definitions apply "$EXAMPLES/definitions/$f.yaml"
done
ctl experiments put --file "$EXAMPLES/experiments.yaml"
for f in "$EXAMPLES"/projects/*.yaml; do ctl apply "$f" --message "demo"; done
ctl projects ls

step "dry run: each project's SQL checked with EXPLAIN against the warehouse"
ctl validate --dry-run --date "$END_DATE" "$EXAMPLES"/projects/*.yaml

step "compute ($START_DATE .. $END_DATE)"
for f in "$EXAMPLES"/projects/*.yaml; do
  slug=$(basename "$f" .yaml)
  ctl backfill "$slug" --from "$START_DATE" --to "$END_DATE" --wait
done
ctl jobs ls

step "legacy aggregates: mozaggregator tables imported from a pg_dump and from the database"
# docs/legacy.md: a database of the reference's build_id_* / submission_date_*
# tables and its pg_dump --format directory dump, imported by compute as jobs.
LEGACY_DSN=$(deploy/legacy/make_legacy_source.sh "$OPMON_DB_URL" opmon_legacy_demo \
  --days "$DAYS" --end-date "$END_DATE" --rows 2000 --dump var/legacy-dump)
ctl import aggregates --from-dump var/legacy-dump
ctl import aggregates --from-db "$LEGACY_DSN" --type submission_date --from "$START_DATE" --to "$END_DATE"

step "crash and error aggregates: main and crash pings in 5-minute windows ($WAREHOUSE_START .. $END_DATE)"
# docs/errors.md: each day recomputed from the warehouse and marked final.
for ((d = 0; d < WAREHOUSE_DAYS; d++)); do
  ctl errors aggregate --day "$(date -u -d "$WAREHOUSE_START + $d days" +%F)" >/dev/null
done
ctl errors aggregate --day "$END_DATE"
# Release 122's builds in the day's first half hour, per 5-minute window.
ctl errors -m main_crashes -m usage_hours -d build_id -f channel=release -f version=122,122 \
  --from "${END_DATE}T00:00:00Z" --to "${END_DATE}T00:30:00Z"

step "crash summary: the crash-regressed release build 20240202142208 (122.0) stands out"
ctl crashes summary --channel release
# statistics evaluates crash_rate alerts when the aggregates change (every 10 s
# in the local stack), so an evaluation may have seen only the first days:
# wait until the alerts have stayed the same for 15 s (an evaluation of the
# last aggregates has run since), at most 2 minutes.
previous="" unchanged=0
for _ in $(seq 1 120); do
  current=$(ctl --json alerts @crash_rate 2>/dev/null || true)
  if [ -n "$current" ] && [ "$current" = "$previous" ] && grep -q crash_rate <<<"$current"; then
    unchanged=$((unchanged + 1))
    [ "$unchanged" -ge 15 ] && break
  else
    unchanged=0
  fi
  previous=$current
  sleep 1
done
ctl alerts @crash_rate || true

step "live experiment monitoring: enrollment and search events in 5-minute windows"
# docs/live.md: desktop normandy and Glean nimbus_events rows in the warehouse
# (engagement-statistics has a known sample-ratio mismatch, 55/45 for a planned
# 50/50), folded into windows by one pass of compute's warehouse loop; the
# same events sent again through IngestEvents are stored once by event id.
DATAGEN="$BUILD_DIR/services/compute/datagen/opmon-datagen"
LIVE_ARGS=(--seed 42 --live-clients "${OPMON_DEMO_LIVE_CLIENTS:-2000}" --days "$DAYS" --end-date "$END_DATE")
"$DATAGEN" --warehouse-url "$OPMON_WAREHOUSE_URL" --live "${LIVE_ARGS[@]}" --replace
ctl live aggregate
"$DATAGEN" --live-ndjson var/live-events.ndjson "${LIVE_ARGS[@]}"
ctl live ingest var/live-events.ndjson

step "live series, health and export"
ctl live engagement-statistics --dataset cumulative_population_estimate --by-branch --from "${END_DATE}T23:30:00Z"
# The statistics service checks health and exports every 30 s in the local
# stack: wait for the srm alert and the export files.
TODAY=$(date -u +%F)
for _ in $(seq 1 90); do
  ctl --json alerts engagement-statistics --since "$TODAY" 2>/dev/null | grep -q '"srm"' \
    && [ -s var/live-export/engagement-statistics_enrollment_overall_by_branch.json ] && break
  sleep 1
done
for slug in engagement-statistics new-tab-layout-v2; do ctl alerts "$slug" --since "$TODAY" || true; done
ls var/live-export | head -20

step "statistics"
ctl stats fission-experiment --metric perf_first_contentful_paint_ms --statistic percentile --from "$END_DATE" --to "$END_DATE"
ctl alerts desktop-health --since "$START_DATE" || true

step "legacy aggregates (what the legacy import loaded)"
# Asks the table what the import stored (the most common channel, version and
# metric) and shows their merged histograms per submission date.
PSQL=/usr/lib/postgresql/15/bin/psql
LEGACY=$("$PSQL" "$OPMON_DB_URL" -XAt -F $'\t' -c "SELECT channel, version, metric FROM opmon.legacy_aggregates
  WHERE aggregate_type = 'submission_date' GROUP BY 1, 2, 3 ORDER BY count(*) DESC, 1, 2, 3 LIMIT 1")
if [ -n "$LEGACY" ]; then
  IFS=$'\t' read -r LEGACY_CHANNEL LEGACY_VERSION LEGACY_METRIC <<<"$LEGACY"
  ctl legacy --channel "$LEGACY_CHANNEL" --version "$LEGACY_VERSION" --metric "$LEGACY_METRIC" --type submission_date
else
  echo "no legacy aggregates imported"
fi

step "LookML"
ctl lookml export --out var/lookml-export
ctl lookml preview fission-experiment --out var/lookml-export/fission-experiment.html
find var/lookml-export -type f | sort | head -40

step "status"
ctl status
echo
echo "opmon is running. LookML in $ROOT/var/lookml-export; logs in $ROOT/var/log."
echo "Stop it with: deploy/local/stack.sh down"
