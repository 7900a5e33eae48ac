# Sourced by the end-to-end benchmark scripts: the real opmon-compute for one
# run, on a throwaway server (throwaway_pg.sh).
#   compute_start BINARY DB_URL DIR [compute flags...]
#       writes DIR/admin-token (registered by the service at start), starts
#       the service (log DIR/compute.log) and sets compute_pid and addr
#       (its gRPC address) once it listens
#   compute_stop                   stops it (for an EXIT trap)

compute_pid=""

compute_start() {
  local binary="$1" url="$2" dir="$3"
  shift 3
  (umask 077; echo "opmon_$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')" >"$dir/admin-token")
  "$binary" --db-url "$url" --listen 127.0.0.1:0 --metrics-listen 127.0.0.1:0 --port-file "$dir/ports.json" \
    --admin-token-file "$dir/admin-token" "$@" >"$dir/compute.log" 2>&1 &
  compute_pid=$!
  for _ in $(seq 1 300); do [[ -s "$dir/ports.json" ]] && break; sleep 0.1; done
  addr="127.0.0.1:$(sed -E 's/.*"grpc_port": *([0-9]+).*/\1/' "$dir/ports.json")"
}

compute_stop() {
  [[ -n "$compute_pid" ]] && kill "$compute_pid" 2>/dev/null && wait "$compute_pid" 2>/dev/null || true
}
