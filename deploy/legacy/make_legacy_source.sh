#!/usr/bin/env bash
# Creates a database of legacy (mozaggregator) aggregate tables with
# realistic content (deploy/legacy/legacy_tables.sql) and, optionally, its
# pg_dump --format directory dump: the input of `opmonctl import aggregates`
# for the demo and bench/legacy.
#
#   deploy/legacy/make_legacy_source.sh SERVER_DSN DATABASE [--days N] [--end-date D] [--rows N] [--dump DIR]
#
# SERVER_DSN: a libpq URI of any database on the server (DATABASE is created
# there if missing, then filled; existing legacy tables are replaced).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
server=$1 database=$2
shift 2
days=3 end_date=2024-02-20 rows=2000 dump=
while [[ $# -gt 0 ]]; do
  case $1 in
    --days) days=$2; shift 2 ;;
    --end-date) end_date=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --dump) dump=$2; shift 2 ;;
    *) echo "make_legacy_source.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ -z $(psql "$server" -X -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'") ]]; then
  psql "$server" -X -q -c "CREATE DATABASE \"$database\""
fi
# The same server, another database: a URI's path, or a later dbname= (the
# last value of a keyword wins in a key=value DSN).
if [[ $server == *://* ]]; then
  source_dsn=$(python3 -c '
import sys, urllib.parse as u
p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$server" "$database")
else
  source_dsn="$server dbname=$database"
fi
psql "$source_dsn" -X -q -v ON_ERROR_STOP=1 -v days="$days" -v end_date="$end_date" -v rows="$rows" \
  -f "$here/legacy_tables.sql"
if [[ -n $dump ]]; then
  rm -rf "$dump"
  pg_dump --format directory --file "$dump" "$source_dsn"
fi
echo "$source_dsn"
