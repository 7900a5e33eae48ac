#include "services/compute/domain/warehouse_session.h"

#include <libpq-fe.h>

#include <pqxx/pqxx>

#include <array>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/pg/error_mapping.h"
#include "common/pg/libpq_status.h"

namespace opmon::compute {
namespace {

// One round trip: the settings, then whether the role could read more than
// the warehouse. Session-wide (is_local false): the streamed statement runs
// outside an explicit transaction.
constexpr std::string_view kConfineSql = R"sql(
SELECT set_config('default_transaction_read_only', 'on', false),
       set_config('search_path', $1, false),
       set_config('statement_timeout', $2, false),
       set_config('lock_timeout', $3, false),
       set_config('idle_in_transaction_session_timeout', $4, false),
       current_user,
       r.rolsuper
         OR pg_has_role('pg_read_server_files', 'USAGE')
         OR pg_has_role('pg_execute_server_program', 'USAGE')
         OR COALESCE(has_schema_privilege(to_regnamespace('opmon')::oid, 'USAGE'), false)
         OR COALESCE(has_schema_privilege(to_regnamespace('opmon_results')::oid, 'USAGE'), false)
  FROM pg_roles r WHERE r.rolname = current_user)sql";

constexpr int kRoleColumn = 5;
constexpr int kUnconfinedColumn = 6;

std::string Milliseconds(absl::Duration d) { return absl::StrCat(absl::ToInt64Milliseconds(d), "ms"); }

std::array<std::string, 4> Params(const WarehouseLimits& limits) {
  return {kWarehouseSearchPath, Milliseconds(limits.statement_timeout), Milliseconds(limits.lock_timeout),
          Milliseconds(limits.idle_in_transaction_timeout)};
}

absl::Status RefuseUnconfined(const std::string& role) {
  return absl::FailedPreconditionError(absl::StrCat(
      "warehouse: project SQL must not run as role \"", role,
      "\": it is a superuser, may read server files or may use opmon's schemas; connect as a role that can only "
      "read the warehouse, such as ", kWarehouseReaderRole, " (--warehouse-user; docs/operations.md)"));
}

}  // namespace

absl::Status ConfineSession(pqxx::connection& conn, const WarehouseLimits& limits) {
  std::string role;
  bool unconfined = true;
  try {
    pqxx::nontransaction tx(conn);
    const std::array<std::string, 4> p = Params(limits);
    pqxx::row row = tx.exec_params1(std::string(kConfineSql), p[0], p[1], p[2], p[3]);
    role = row[kRoleColumn].as<std::string>();
    unconfined = row[kUnconfinedColumn].as<bool>();
  } catch (...) {
    return pg::StatusFromCurrentException("warehouse");
  }
  if (unconfined) return RefuseUnconfined(role);
  return absl::OkStatus();
}

absl::Status ConfineSession(PGconn* conn, const WarehouseLimits& limits) {
  const std::array<std::string, 4> p = Params(limits);
  const char* values[] = {p[0].c_str(), p[1].c_str(), p[2].c_str(), p[3].c_str()};
  pg::PgResultPtr result(PQexecParams(conn, std::string(kConfineSql).c_str(), 4, nullptr, values, nullptr, nullptr, 0));
  if (absl::Status s = pg::CheckResult(conn, result.get(), PGRES_TUPLES_OK, "warehouse"); !s.ok()) return s;
  if (PQntuples(result.get()) != 1) return absl::InternalError("warehouse: the session check returned no row");
  if (std::string_view(PQgetvalue(result.get(), 0, kUnconfinedColumn)) != "f") {
    return RefuseUnconfined(PQgetvalue(result.get(), 0, kRoleColumn));
  }
  return absl::OkStatus();
}

}  // namespace opmon::compute
