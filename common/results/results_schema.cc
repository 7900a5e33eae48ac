#include "common/results/results_schema.h"

#include <pqxx/pqxx>

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/pg/error_mapping.h"
#include "common/results/results_tables.h"
#include "common/sql/quote.h"
#include "common/status/status_macros.h"

namespace opmon::results {
namespace {

// Column name → format_type of an existing table (empty when no table).
constexpr std::string_view kExistingColumnsSql = R"sql(
SELECT a.attname, format_type(a.atttypid, a.atttypmod)
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped)sql";

// One lock for all results DDL: it is rare and quick.
constexpr std::string_view kDdlLockSql = "SELECT pg_advisory_xact_lock(hashtext('opmon_results_ddl'))";

using ColumnTypes = absl::flat_hash_map<std::string, std::string>;

ColumnTypes ExistingColumns(pqxx::transaction_base& tx, const TableName& table) {
  ColumnTypes types;
  for (const auto& row : tx.exec_params(std::string(kExistingColumnsSql), table.schema, table.name)) {
    types[row[0].as<std::string>()] = row[1].as<std::string>();
  }
  return types;
}

// The statements that bring `table` to `columns`; empty when nothing is missing.
absl::StatusOr<std::vector<std::string>> MissingDdl(const RelationSchema& relation, const ColumnTypes& existing) {
  const TableName& table = relation.table;
  std::vector<std::string> ddl;
  if (existing.empty()) {
    ddl.push_back(CreateTableSql(table, relation.columns, relation.storage));
    ddl.push_back(CreateDayIndexSql(table));
    return ddl;
  }
  for (const Column& c : relation.columns) {
    auto it = existing.find(c.name);
    if (it == existing.end()) {
      ddl.push_back(AddColumnSql(table, c));
    } else if (!CompatibleColumnType(it->second, c.sql_type)) {
      return absl::FailedPreconditionError(absl::StrCat(
          table.schema, ".", table.name, ".", c.name, ": column is ", it->second, " but the project needs ",
          c.sql_type, " (did the metric change type?); rename the metric or drop the column"));
    }
  }
  return ddl;
}

}  // namespace

absl::Status EnsureResultsTables(pqxx::connection& conn, const config::ResolvedProject& project) {
  OPMON_ASSIGN_OR_RETURN(RelationSchema values, ClientValuesSchema(project));
  OPMON_ASSIGN_OR_RETURN(RelationSchema statistics, StatisticsSchema(project));
  const std::vector<RelationSchema> tables = {std::move(values), std::move(statistics)};
  try {
    // Cheap check first, without the lock.
    bool complete = true;
    {
      pqxx::read_transaction tx(conn);
      for (const RelationSchema& t : tables) {
        OPMON_ASSIGN_OR_RETURN(std::vector<std::string> ddl, MissingDdl(t, ExistingColumns(tx, t.table)));
        if (!ddl.empty()) complete = false;
      }
    }
    if (complete) return absl::OkStatus();
    pqxx::work tx(conn);
    tx.exec(std::string(kDdlLockSql));
    tx.exec(absl::StrCat("CREATE SCHEMA IF NOT EXISTS ", sql::QuoteIdent(kResultsSchema)));
    for (const RelationSchema& t : tables) {
      OPMON_ASSIGN_OR_RETURN(std::vector<std::string> ddl, MissingDdl(t, ExistingColumns(tx, t.table)));
      for (const std::string& statement : ddl) tx.exec(statement);
    }
    tx.commit();
    return absl::OkStatus();
  } catch (...) {
    return pg::StatusFromCurrentException(absl::StrCat("results tables of ", project.slug));
  }
}

}  // namespace opmon::results
