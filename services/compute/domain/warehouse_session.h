#pragma once
// Confinement of the warehouse sessions that run project SQL (populations,
// data sources, metrics; runs, previews and dry runs): before any project
// SQL, a session is made read-only, gets a pinned search_path and the
// statement, lock and idle-in-transaction timeouts, and is refused when its
// role could read more than the warehouse (docs/operations.md "Security:
// project SQL and the warehouse role"). The role itself comes from the connection (compute's
// --warehouse-user, default opmon_warehouse_reader): a SET ROLE could be
// undone by the project SQL (set_config('role', ...)), a login cannot.

#include <pqxx/connection>

#include "absl/status/status.h"
#include "services/compute/domain/warehouse_limits.h"

struct pg_conn;  // libpq's PGconn

namespace opmon::compute {

// Builtins first, so project SQL cannot be pointed at look-alike functions
// or operators; then public, as PostgreSQL's default minus "$user".
inline constexpr char kWarehouseSearchPath[] = "pg_catalog, public";

// Confines the session of `conn` (session-wide settings, so they also hold
// for statements outside an explicit transaction). FailedPrecondition when
// the session's role is a superuser, may read server files or use opmon's
// schemas; Unavailable and other codes from the database as
// error_mapping.h maps them, prefixed with "warehouse".
absl::Status ConfineSession(pqxx::connection& conn, const WarehouseLimits& limits);
absl::Status ConfineSession(pg_conn* conn, const WarehouseLimits& limits);

}  // namespace opmon::compute
