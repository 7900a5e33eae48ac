#!/usr/bin/env bash
# The sharded warehouse (docs/scaling.md "Sharded warehouse"): the telemetry
# tables of a coordinator PostgreSQL become hash-partitioned by client_id,
# each partition a postgres_fdw foreign table on one shard server. Compute
# keeps pointing --warehouse-url at the coordinator and its SQL is unchanged;
# PostgreSQL pushes each partition's per-client aggregation to its shard.
#
#   shard_warehouse.sh distribute COORDINATOR_DSN SHARD_DSN...
#       Moves the rows of the coordinator's plain telemetry tables (as
#       opmon-datagen or a loader wrote them) to the shards, by PostgreSQL's
#       own hash partitioning of client_id (satisfies_hash_partition, the
#       routing the coordinator then uses), and replaces each table by a
#       partitioned one whose partitions are foreign tables on the shards.
#       Replaces what an earlier distribute left on the shards. One that
#       stops half-way leaves every row of a table in
#       telemetry.<table>_unsharded on the coordinator: drop the partitioned
#       telemetry.<table> and rename it back.
#   shard_warehouse.sh gather COORDINATOR_DSN
#       The inverse: the rows come back into plain coordinator tables (to
#       regenerate them with opmon-datagen, whose COPY FREEZE a partitioned
#       table refuses). A no-op for tables that are not sharded.
#
# DSNs are libpq key=value strings (host=... port=... dbname=... user=...),
# as the local stack prints them; each shard's host must be reachable from
# the coordinator server (it is the coordinator that connects). The user of
# COORDINATOR_DSN must be a superuser (extension, servers and the reader's
# password-less user mapping); SHARD_DSN's user owns the shard's tables.
# Shard i (from 0) is foreign server warehouse_shard_<i>: the name
# PostgreSQL's errors give when a shard cannot be reached.
#
# Environment: OPMON_SHARDED_TABLES (default "main crash events": the
# telemetry tables with a client_id; the live tables stay on the coordinator),
# PSQL (default /usr/lib/postgresql/15/bin/psql, else psql on PATH).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PSQL=${PSQL:-$( [ -x /usr/lib/postgresql/15/bin/psql ] && echo /usr/lib/postgresql/15/bin/psql || echo psql)}
TABLES=(${OPMON_SHARDED_TABLES:-main crash events})
READER=opmon_warehouse_reader

die() { echo "shard_warehouse: $*" >&2; exit 1; }
sql() { local dsn=$1; shift; PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$dsn" "$@"; }
value() { sql "$1" -tA -c "$2"; }

# The value of libpq key $2 in key=value DSN $1 (empty when absent).
dsn_key() {
  local kv
  for kv in $1; do
    [ "${kv%%=*}" = "$2" ] && { echo "${kv#*=}"; return; }
  done
  true
}

# 'r' plain, 'p' partitioned, '' absent.
relkind() { value "$1" "SELECT relkind FROM pg_class WHERE oid = to_regclass('telemetry.$2')"; }

# The column list of coordinator table telemetry.$2, as CREATE TABLE reads it:
# the shards get exactly the coordinator's columns (whatever opmon-datagen's
# schema is today), in the same order, so COPY moves rows unchanged.
columns_ddl() {
  value "$1" "SELECT string_agg(format('%I %s%s', attname, format_type(atttypid, atttypmod),
                                       CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END), ', ' ORDER BY attnum)
                FROM pg_attribute WHERE attrelid = 'telemetry.$2'::regclass AND attnum > 0 AND NOT attisdropped"
}

# Foreign servers, one per shard, and the user mappings: the coordinator's
# owner loads and analyzes as the shard's owner; the reader role (compute's
# project SQL) reads as the shard's reader role, which can read nothing but
# the shard's telemetry schema.
servers_sql() {
  local i=0 dsn host port dbname user
  echo "CREATE EXTENSION IF NOT EXISTS postgres_fdw;"
  for dsn in "$@"; do
    host=$(dsn_key "$dsn" host); port=$(dsn_key "$dsn" port); dbname=$(dsn_key "$dsn" dbname)
    user=$(dsn_key "$dsn" user)
    [ -n "$dbname" ] || die "shard $i: DSN \"$dsn\" names no dbname"
    cat <<SQL
DROP SERVER IF EXISTS warehouse_shard_$i CASCADE;
-- async_capable: the Append over the shards starts every shard's query at
-- once (PostgreSQL 15); fetch_size: per-client rows come in big batches;
-- fdw_tuple_cost 0.2 (PostgreSQL 17's default; 15's 0.01 makes a row over
-- the network look as cheap as a local one, and the planner then prefers
-- fetching pings to aggregating them on the shard for small days).
CREATE SERVER warehouse_shard_$i FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '${host:-localhost}', port '${port:-5432}', dbname '$dbname', async_capable 'true',
           fetch_size '10000', batch_size '1000', fdw_tuple_cost '0.2');
CREATE USER MAPPING FOR CURRENT_USER SERVER warehouse_shard_$i OPTIONS (user '${user:-$USER}');
CREATE USER MAPPING FOR $READER SERVER warehouse_shard_$i
  OPTIONS (user '$READER', password_required 'false');
SQL
    i=$((i + 1))
  done
}

distribute() {
  local coord=$1; shift
  [ $# -ge 1 ] || die "distribute: no shard DSN"
  local n=$# i dsn t cols total moved
  value "$coord" "SELECT rolsuper FROM pg_roles WHERE rolname = current_user" | grep -qx t ||
    die "the coordinator's user must be a superuser (user mappings without passwords)"
  for t in "${TABLES[@]}"; do
    case $(relkind "$coord" "$t") in
      r) ;;
      p) die "telemetry.$t is already sharded; run: $0 gather COORDINATOR_DSN (then regenerate, then distribute)" ;;
      *) die "telemetry.$t does not exist on the coordinator (fill it with opmon-datagen first)" ;;
    esac
  done
  sql "$coord" <"$HERE/reader_role.sql" >/dev/null
  i=0
  for dsn in "$@"; do
    # The shard is a warehouse of its own: schema telemetry and the reader role.
    sql "$dsn" <"$HERE/reader_role.sql" >/dev/null || die "shard $i ($dsn): cannot set up schema telemetry"
    i=$((i + 1))
  done
  # The sharded tables are read only through the coordinator: enable the
  # partitionwise plans there (off by default in PostgreSQL).
  {
    servers_sql "$@"
    echo "ALTER DATABASE $(value "$coord" "SELECT quote_ident(current_database())") SET enable_partitionwise_aggregate = on;"
    echo "ALTER DATABASE $(value "$coord" "SELECT quote_ident(current_database())") SET enable_partitionwise_join = on;"
  } | sql "$coord" >/dev/null
  for t in "${TABLES[@]}"; do
    cols=$(columns_ddl "$coord" "$t")
    sql "$coord" >/dev/null <<SQL
BEGIN;
ALTER TABLE telemetry.$t RENAME TO ${t}_unsharded;
CREATE TABLE telemetry.$t ($cols) PARTITION BY HASH (client_id);
GRANT SELECT ON telemetry.$t TO $READER;
COMMIT;
SQL
    total=$(value "$coord" "SELECT count(*) FROM telemetry.${t}_unsharded")
    moved=0
    i=0
    for dsn in "$@"; do
      sql "$dsn" -c "DROP TABLE IF EXISTS telemetry.$t" -c "CREATE TABLE telemetry.$t ($cols)" >/dev/null
      # One COPY stream per shard: the rows PostgreSQL's hash routing sends to
      # partition (n, i), the same function the coordinator routes and prunes with.
      sql "$coord" -c "\\copy (SELECT * FROM telemetry.${t}_unsharded WHERE satisfies_hash_partition('telemetry.$t'::regclass, $n, $i, client_id)) TO STDOUT" |
        sql "$dsn" -c "\\copy telemetry.$t FROM STDIN"
      sql "$dsn" -c "CREATE INDEX ${t}_submission_date_idx ON telemetry.$t (submission_date)" \
        -c "ANALYZE telemetry.$t" >/dev/null
      moved=$((moved + $(value "$dsn" "SELECT count(*) FROM telemetry.$t")))
      sql "$coord" -c "CREATE FOREIGN TABLE telemetry.${t}_shard_$i PARTITION OF telemetry.$t
                         FOR VALUES WITH (MODULUS $n, REMAINDER $i)
                         SERVER warehouse_shard_$i OPTIONS (schema_name 'telemetry', table_name '$t')" >/dev/null
      i=$((i + 1))
    done
    [ "$moved" = "$total" ] || die "telemetry.$t: $total rows on the coordinator but $moved on the shards; the coordinator keeps telemetry.${t}_unsharded"
    sql "$coord" -c "DROP TABLE telemetry.${t}_unsharded" -c "ANALYZE telemetry.$t" >/dev/null
    echo "shard_warehouse: telemetry.$t: $total rows over $n shards"
  done
}

gather() {
  local coord=$1 t cols
  for t in "${TABLES[@]}"; do
    [ "$(relkind "$coord" "$t")" = p ] || continue
    cols=$(columns_ddl "$coord" "$t")
    sql "$coord" >/dev/null <<SQL
BEGIN;
ALTER TABLE telemetry.$t RENAME TO ${t}_sharded;
CREATE TABLE telemetry.$t ($cols);
GRANT SELECT ON telemetry.$t TO $READER;
INSERT INTO telemetry.$t SELECT * FROM telemetry.${t}_sharded;
DROP TABLE telemetry.${t}_sharded;
CREATE INDEX ${t}_submission_date_idx ON telemetry.$t (submission_date);
COMMIT;
ANALYZE telemetry.$t;
SQL
    echo "shard_warehouse: telemetry.$t gathered on the coordinator"
  done
}

case ${1:-} in
  distribute) shift; [ $# -ge 2 ] || die "usage: $0 distribute COORDINATOR_DSN SHARD_DSN..."; distribute "$@" ;;
  gather) shift; [ $# -eq 1 ] || die "usage: $0 gather COORDINATOR_DSN"; gather "$1" ;;
  *) echo "usage: $0 distribute COORDINATOR_DSN SHARD_DSN... | gather COORDINATOR_DSN" >&2; exit 2 ;;
esac
