# Sourced by the end-to-end benchmark scripts: a private PostgreSQL server
# for one run, tuned for throughput, not durability (fsync off).
#   throwaway_pg_start NAME [extra server options]   sets pg_bin, pg_dir, pg_port
#   throwaway_pg_createdb DB                          creates DB on it; sets url and psql (an array)
#   throwaway_pg_stop                                 stops it; removes pg_dir unless KEEP=1
#   "${pg_run_as[@]}" CMD...                          runs a server binary as `postgres` when root

throwaway_pg_start() {
  local name="$1"
  shift
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  pg_dir="$(mktemp -d "/tmp/opmon-$name.XXXXXX")"
  pg_run_as=()
  if [[ "$(id -u)" == 0 ]]; then chown postgres "$pg_dir"; pg_run_as=(runuser -u postgres --); fi
  "${pg_run_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >"$pg_dir/initdb.log"
  pg_port=$((20000 + RANDOM % 20000))
  "${pg_run_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $pg_port -k $pg_dir -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_wal_size=4GB -c shared_buffers=1GB $*" \
    start >/dev/null
}

throwaway_pg_createdb() {
  "$pg_bin/createdb" -h "$pg_dir" -p "$pg_port" -U postgres "$1"
  url="host=$pg_dir port=$pg_port user=postgres dbname=$1"
  psql=(psql -X -q -v ON_ERROR_STOP=1 "$url")
}

throwaway_pg_stop() {
  [[ -n "${pg_dir:-}" ]] || return 0
  "${pg_run_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null || true
  [[ "${KEEP:-0}" == 1 ]] || rm -rf "$pg_dir"
}
