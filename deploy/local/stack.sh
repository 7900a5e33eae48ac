#!/usr/bin/env bash
# The local opmon stack: a private PostgreSQL cluster (unix socket in its
# run/ directory plus a loopback port; no system service touched) and the
# four services in the background, logs in ./var/log.
#
#   deploy/local/stack.sh up       create/start PostgreSQL, migrate, start services, wait for health
#   deploy/local/stack.sh down     stop the services (SIGTERM, drained) and PostgreSQL
#   deploy/local/stack.sh status   opmonctl status
#   deploy/local/stack.sh env      print the environment for opmonctl (eval "$(deploy/local/stack.sh env)"),
#                                  OPMON_TOKEN (the local admin token) included
#   deploy/local/stack.sh where    print where PostgreSQL's data lives
#   deploy/local/stack.sh shard-urls  print the warehouse shards' DSNs, one a line
#   deploy/local/stack.sh clean    down, then delete ./var and PostgreSQL's data
#
# Access tokens: the first `up` makes ./var/admin-token (admin, for you) and
# ./var/tokens/<service> (each service's own token for its calls to the
# others), mode 0600, and stores their SHA-256 digests in opmon.tokens.
#
# Re-running `up` is safe: what already runs is left alone.
#
# Where PostgreSQL's data lives: ./var/pg, unless we are root and the
# `postgres` user (which the cluster runs as: PostgreSQL refuses root) cannot
# enter the checkout, e.g. a clone in /root (mode 0700). Then it lives in
# /var/lib/opmon/stack-<hash of the checkout path>/ (owned by postgres, mode
# 0700) and ./var/pg links to it; no directory's permissions are loosened.
#
# Environment: BUILD_DIR (default build), OPMON_LOCAL_PG_PORT (default 7432),
# OPMON_LOCAL_PORT_BASE (default 7100: services on base+1..base+4, /metrics
# 2000 above), OPMON_SCHEDULER (default 1: the compute scheduler runs in the
# local stack), OPMON_WAREHOUSE_SHARDS (default 0: `up` also starts this many
# warehouse shard clusters, on ports OPMON_LOCAL_PG_PORT+1.., database
# `warehouse`; deploy/warehouse/shard_warehouse.sh distributes the warehouse
# onto them, docs/scaling.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR=$ROOT/$BUILD_DIR ;; esac
VAR=$ROOT/var
PG_PORT=${OPMON_LOCAL_PG_PORT:-7432}
PORT_BASE=${OPMON_LOCAL_PORT_BASE:-7100}
PG_BIN=$(ls -d /usr/lib/postgresql/15/bin 2>/dev/null || true)
SERVICES=(config compute statistics lookml)
ADMIN_TOKEN=$VAR/admin-token
TOKENS=$VAR/tokens

is_root() { [ "$(id -u)" -eq 0 ]; }
# Server binaries run as `postgres` when we are root, from a directory it can
# enter (the caller's may be closed to it).
as_pg() { if is_root; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }

pg_home() {
  if [ -L "$VAR/pg" ]; then
    readlink "$VAR/pg"
  elif [ -f "$VAR/pg/data/PG_VERSION" ] || ! is_root; then
    echo "$VAR/pg"
  elif runuser -u postgres -- test -x "$([ -d "$VAR" ] && echo "$VAR" || echo "$ROOT")" 2>/dev/null; then
    echo "$VAR/pg"
  else
    echo "/var/lib/opmon/stack-$(printf %s "$ROOT" | sha256sum | cut -c1-12)"
  fi
}
PG_HOME=$(pg_home)
PG_DATA=$PG_HOME/data
PG_RUN=$PG_HOME/run
DB_URL="host=$PG_RUN port=$PG_PORT user=opmon dbname=opmon"

SHARDS=${OPMON_WAREHOUSE_SHARDS:-0}
shard_data() { echo "$PG_HOME/shard-$1/data"; }
# Shard i (from 0) listens on OPMON_LOCAL_PG_PORT+1+i and is the coordinator's
# foreign server warehouse_shard_<i>.
shard_port() { echo $((PG_PORT + 1 + $1)); }
shard_url() { echo "host=$PG_RUN port=$(shard_port "$1") user=opmon dbname=warehouse"; }
shard_ids() { [ "$SHARDS" -gt 0 ] && seq 0 $((SHARDS - 1)); true; }

# config, compute, statistics, lookml: base+1 .. base+4, in SERVICES order.
port_of() { local i; for i in "${!SERVICES[@]}"; do [ "${SERVICES[$i]}" != "$1" ] || echo $((PORT_BASE + i + 1)); done; }
opmonctl() { "$BUILD_DIR/clients/opmonctl/opmonctl" "$@"; }

# The role a service's own token needs for its calls: compute publishes
# results (operator); the others only read.
service_role() { case $1 in compute) echo operator;; *) echo reader;; esac; }

print_env() {
  [ -s "$ADMIN_TOKEN" ] && echo "export OPMON_TOKEN='$(cat "$ADMIN_TOKEN")'"
  echo "export OPMON_DB_URL='$DB_URL'"
  echo "export OPMON_WAREHOUSE_URL='$DB_URL'"
  for s in "${SERVICES[@]}"; do
    echo "export OPMON_$(echo "$s" | tr a-z A-Z)_ADDR=127.0.0.1:$(port_of "$s")"
  done
}

pg_up() {
  [ -n "$PG_BIN" ] || { echo "PostgreSQL 15 not installed; run scripts/bootstrap.sh" >&2; exit 1; }
  mkdir -p "$VAR/log" "$VAR/run"
  if [ "$PG_HOME" != "$VAR/pg" ] && [ ! -L "$VAR/pg" ]; then
    # Only what an earlier failed start left (no cluster): replaced by the link.
    rm -rf "$VAR/pg"
    mkdir -p -m 0755 "$(dirname "$PG_HOME")"
    mkdir -p -m 0700 "$PG_HOME"
    ln -s "$PG_HOME" "$VAR/pg"
  fi
  mkdir -p "$PG_HOME" "$PG_RUN"
  if is_root; then chown postgres "$PG_HOME" "$PG_RUN"; fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    echo "stack: initdb $PG_DATA"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U opmon -E UTF8 --locale=C >/dev/null
  fi
  if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    echo "stack: PostgreSQL already running (port $PG_PORT)"
  else
    echo "stack: starting PostgreSQL on 127.0.0.1:$PG_PORT and $PG_RUN (data in $PG_DATA)"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_HOME/server.log" -w -t 60 \
      -o "-k $PG_RUN -p $PG_PORT -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB -c work_mem=64MB" start >/dev/null
  fi
  if ! as_pg "$PG_BIN/psql" -X -q -h "$PG_RUN" -p "$PG_PORT" -U opmon -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'opmon'" | grep -q 1; then
    as_pg "$PG_BIN/createdb" -h "$PG_RUN" -p "$PG_PORT" -U opmon opmon
  fi
  opmonctl --db-url "$DB_URL" migrate
  local i
  for i in $(shard_ids); do shard_up "$i"; done
  # The role compute's project SQL logs in as (SELECT on schema telemetry
  # only); idempotent. Read from stdin: the server user may not read the checkout.
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_RUN" -p "$PG_PORT" -U opmon -d opmon \
    <"$ROOT/deploy/warehouse/reader_role.sql" >/dev/null
}

# Warehouse shard $1: a cluster of its own beside the main one, sockets in
# the same run/ directory, an empty database `warehouse`.
shard_up() {
  local data; data=$(shard_data "$1")
  local port; port=$(shard_port "$1")
  mkdir -p "$(dirname "$data")"
  if is_root; then chown postgres "$(dirname "$data")"; fi
  [ -f "$data/PG_VERSION" ] ||
    as_pg "$PG_BIN/initdb" -D "$data" -A trust -U opmon -E UTF8 --locale=C >/dev/null
  if ! as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "stack: starting warehouse shard $1 on 127.0.0.1:$port (data in $data)"
    as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$(dirname "$data")/server.log" -w -t 60 \
      -o "-k $PG_RUN -p $port -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c work_mem=64MB" start >/dev/null
  fi
  as_pg "$PG_BIN/psql" -X -q -h "$PG_RUN" -p "$port" -U opmon -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'warehouse'" | grep -q 1 ||
    as_pg "$PG_BIN/createdb" -h "$PG_RUN" -p "$port" -U opmon warehouse
}

# Makes the token file $1 once (mode 0600) and stores its digest as token $2
# with role $3 unless already stored (a revoked one stays revoked): offline,
# so the first admin token needs no token.
ensure_token() {
  if [ ! -s "$1" ]; then
    (umask 077; echo "opmon_$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" >"$1")
  fi
  chmod 600 "$1"
  local digest; digest=$(tr -d '\n' <"$1" | sha256sum | cut -d' ' -f1)
  echo "INSERT INTO opmon.tokens (name, token_sha256, role) VALUES (:'name', :'digest', :'role') ON CONFLICT DO NOTHING;" |
    as_pg "$PG_BIN/psql" -X -q -h "$PG_RUN" -p "$PG_PORT" -U opmon -d opmon -v ON_ERROR_STOP=1 \
      -v name="$2" -v digest="$digest" -v role="$3" >/dev/null
}

tokens_up() {
  mkdir -p "$TOKENS"
  chmod 700 "$TOKENS"
  ensure_token "$ADMIN_TOKEN" local-admin admin
  for s in "${SERVICES[@]}"; do ensure_token "$TOKENS/$s" "opmon-$s" "$(service_role "$s")"; done
  OPMON_TOKEN=$(cat "$ADMIN_TOKEN")
  export OPMON_TOKEN
}

# Alive and not a zombie: an exited service stays a zombie until an init
# that reaps slowly (some containers' PID 1) gets to it.
pid_alive() {
  kill -0 "$1" 2>/dev/null && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}

service_running() {
  local pidfile=$VAR/run/$1.pid
  [ -f "$pidfile" ] && pid_alive "$(cat "$pidfile")"
}

services_up() {
  for s in "${SERVICES[@]}"; do
    if service_running "$s"; then
      echo "stack: opmon-$s already running (pid $(cat "$VAR/run/$s.pid"))"
      continue
    fi
    local port; port=$(port_of "$s")
    local extra=()
    case $s in
      config) extra=(--compute-addr "127.0.0.1:$(port_of compute)") ;;  # ValidateProject dry runs
      compute)
        extra=(--config-addr "127.0.0.1:$(port_of config)" --statistics-addr "127.0.0.1:$(port_of statistics)"
               --warehouse-url "$DB_URL")
        [ "${OPMON_SCHEDULER:-1}" = 1 ] && extra+=(--scheduler) ;;
      # Local receivers (a webhook on this machine) are allowed here only.
      # Live health and export every 30 s here (5 minutes by default, as the
      # reference's exporter), so the demo sees them promptly.
      statistics) extra=(--config-addr "127.0.0.1:$(port_of config)" --webhook-allow-private
                         --live-export-dir "$VAR/live-export"
                         --live-interval-seconds "${OPMON_LIVE_INTERVAL_SECONDS:-30}"
                         --crash-alert-interval-seconds "${OPMON_CRASH_ALERT_INTERVAL_SECONDS:-10}") ;;
      lookml) extra=(--output-dir "$VAR/lookml" --config-addr "127.0.0.1:$(port_of config)") ;;
    esac
    echo "stack: starting opmon-$s on 127.0.0.1:$port (log var/log/$s.log)"
    nohup "$BUILD_DIR/services/$s/opmon-$s" --db-url "$DB_URL" --token-file "$TOKENS/$s" \
      --listen "127.0.0.1:$port" --metrics-listen "127.0.0.1:$((port + 2000))" \
      "${extra[@]}" >>"$VAR/log/$s.log" 2>&1 </dev/null &
    echo $! >"$VAR/run/$s.pid"
  done
  # Wait for every service to report SERVING.
  local deadline=$((SECONDS + 60))
  until opmonctl --timeout 2 status >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      echo "stack: services not healthy after 60 s; see var/log/*.log" >&2
      opmonctl --timeout 2 status || true
      exit 1
    fi
    sleep 0.5
  done
}

services_down() {
  for s in "${SERVICES[@]}"; do
    if service_running "$s"; then
      local pid; pid=$(cat "$VAR/run/$s.pid")
      echo "stack: stopping opmon-$s (pid $pid)"
      kill -TERM "$pid"
      for _ in $(seq 1 150); do pid_alive "$pid" || break; sleep 0.1; done
      pid_alive "$pid" && kill -KILL "$pid"
    fi
    rm -f "$VAR/run/$s.pid"
  done
}

pg_down() {
  local data
  for data in "$PG_HOME"/shard-*/data; do
    if [ -f "$data/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      echo "stack: stopping warehouse shard $(basename "$(dirname "$data")")"
      as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    fi
  done
  if [ -n "$PG_BIN" ] && [ -f "$PG_DATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    echo "stack: stopping PostgreSQL"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
  fi
}

# Everything `up` made: ./var, and PostgreSQL's data wherever it lives.
clean() {
  services_down
  pg_down
  case $PG_HOME in
    "$VAR/pg" | /var/lib/opmon/stack-*) ;;
    *) echo "stack: $VAR/pg links to $PG_HOME, not made by this script; delete it yourself" >&2; exit 1 ;;
  esac
  echo "stack: deleting $PG_HOME and $VAR"
  rm -rf "$PG_HOME" "$VAR"
}

cmd=${1:-up}
eval "$(print_env)"
case $cmd in
  up) pg_up; tokens_up; services_up; opmonctl status ;;
  down) services_down; pg_down ;;
  status) opmonctl status ;;
  env) print_env ;;
  where) echo "$PG_DATA" ;;
  shard-urls) for i in $(shard_ids); do shard_url "$i"; done ;;
  clean) clean ;;
  *) echo "usage: $0 up|down|status|env|where|shard-urls|clean" >&2; exit 2 ;;
esac
