#include "common/results/results_tables.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sql/quote.h"

namespace opmon::results {
namespace {

const std::vector<Column>& ClientValuesLeadingColumns() {
  static const std::vector<Column> kColumns = {
      {"submission_date", "date"}, {"build_id", "text"}, {"client_id", "text"}};
  return kColumns;
}

const Column kBranchColumn{"branch", "text"};

const std::vector<Column>& AlertsTrailingColumns() {
  static const std::vector<Column> kColumns = {
      {"branch", "text", "NOT NULL"},       {"metric", "text", "NOT NULL"},
      {"statistic", "text", "NOT NULL"},    {"parameter", "text"},
      {"alert_name", "text", "NOT NULL"},   {"alert_type", "text", "NOT NULL"},
      {"message", "text", "NOT NULL"},      {"point", "double precision"},
      {"lower", "double precision"},        {"upper", "double precision"},
      {"raised_at", "timestamp with time zone", "NOT NULL"}};
  return kColumns;
}

// Dimensions then extra columns, checking every name is unique among the
// fixed columns and each other as PostgreSQL keeps it (its first 63 bytes).
absl::StatusOr<std::vector<Column>> Assemble(const config::ResolvedProject& project,
                                             const std::vector<Column>& leading,
                                             const std::vector<Column>& trailing,
                                             const std::vector<Column>& extra,
                                             std::string_view extra_kind) {
  absl::flat_hash_set<std::string_view> taken;
  for (const Column& c : leading) taken.insert(sql::KeptIdentifier(c.name));
  for (const Column& c : trailing) taken.insert(sql::KeptIdentifier(c.name));
  std::vector<Column> columns = leading;
  for (const config::Dimension& d : project.dimensions) {
    if (!taken.insert(sql::KeptIdentifier(d.name)).second) {
      return absl::FailedPreconditionError(absl::StrCat(
          "dimensions.", d.name, ": the name collides with another column of the results tables; rename the dimension"));
    }
    columns.push_back({d.name, "text"});
  }
  std::vector<Column> rest;
  for (const Column& c : extra) {
    if (!taken.insert(sql::KeptIdentifier(c.name)).second) {
      return absl::FailedPreconditionError(absl::StrCat(
          std::string(extra_kind), ".", c.name, ": the name collides with another column of the results tables; rename it"));
    }
    rest.push_back(c);
  }
  columns.insert(columns.end(), trailing.begin(), trailing.end());
  columns.insert(columns.end(), rest.begin(), rest.end());
  return columns;
}

absl::StatusOr<RelationSchema> Schema(TableName table, absl::StatusOr<std::vector<Column>> columns,
                                      std::string_view storage = {}) {
  if (!columns.ok()) return columns.status();
  return RelationSchema{std::move(table), *std::move(columns), storage};
}

std::string ColumnDefinition(const Column& c) {
  return absl::StrCat(sql::QuoteIdent(c.name), " ", c.sql_type, c.options.empty() ? "" : " ", c.options,
                      c.name == "submission_date" ? " NOT NULL" : "");
}

}  // namespace

const std::vector<Column>& StatisticsLeadingColumns() {
  static const std::vector<Column> kColumns = {{"submission_date", "date"}, {"build_id", "text"}};
  return kColumns;
}

const std::vector<Column>& StatisticsTrailingColumns() {
  static const std::vector<Column> kColumns = {
      {"branch", "text"},  {"metric", "text"},
      {"statistic", "text"}, {"point", "double precision"},
      {"lower", "double precision"}, {"upper", "double precision"},
      {"parameter", "text"}};
  return kColumns;
}

absl::StatusOr<std::vector<Column>> ClientValuesColumns(const config::ResolvedProject& project) {
  std::vector<Column> metrics;
  for (const config::Metric& m : project.metrics) {
    // json keeps the text compute writes; jsonb would parse and rebuild every
    // client's histograms on the way in. lz4 for the rows too big for a page.
    if (m.type == config::MetricType::kHistogram) {
      metrics.push_back({m.name, "json", "COMPRESSION lz4"});
    } else {
      metrics.push_back({m.name, "double precision"});
    }
  }
  return Assemble(project, ClientValuesLeadingColumns(), {kBranchColumn}, metrics, "metrics");
}

absl::StatusOr<std::vector<Column>> StatisticsColumns(const config::ResolvedProject& project) {
  return Assemble(project, StatisticsLeadingColumns(), StatisticsTrailingColumns(), {}, "");
}

absl::StatusOr<std::vector<Column>> AlertsColumns(const config::ResolvedProject& project) {
  return Assemble(project, StatisticsLeadingColumns(), AlertsTrailingColumns(), {}, "");
}

absl::StatusOr<RelationSchema> ClientValuesSchema(const config::ResolvedProject& project) {
  return Schema(ClientValuesTable(project), ClientValuesColumns(project), kClientValuesStorage);
}

absl::StatusOr<RelationSchema> StatisticsSchema(const config::ResolvedProject& project) {
  return Schema(StatisticsTable(project), StatisticsColumns(project));
}

absl::StatusOr<RelationSchema> AlertsSchema(const config::ResolvedProject& project) {
  return Schema(AlertsTable(project), AlertsColumns(project));
}

std::string ColumnListSql(const std::vector<Column>& columns) {
  std::vector<std::string> names;
  names.reserve(columns.size());
  for (const Column& c : columns) names.push_back(sql::QuoteIdent(c.name));
  return absl::StrJoin(names, ", ");
}

bool CompatibleColumnType(std::string_view existing, std::string_view wanted) {
  return existing == wanted || (existing == "jsonb" && wanted == "json");
}

std::string CreateTableSql(const TableName& table, const std::vector<Column>& columns, std::string_view storage) {
  std::vector<std::string> parts;
  for (const Column& c : columns) parts.push_back(ColumnDefinition(c));
  return absl::StrCat("CREATE TABLE IF NOT EXISTS ", table.Qualified(), " (", absl::StrJoin(parts, ", "), ")",
                      storage.empty() ? "" : " WITH (", std::string(storage), storage.empty() ? "" : ")");
}

std::string AddColumnSql(const TableName& table, const Column& column) {
  return absl::StrCat("ALTER TABLE ", table.Qualified(), " ADD COLUMN IF NOT EXISTS ", ColumnDefinition(column));
}

std::string CreateDayIndexSql(const TableName& table) {
  return absl::StrCat("CREATE INDEX IF NOT EXISTS ", sql::QuoteIdent(RelationName(table.name, kDayIndexSuffix)), " ON ",
                      table.Qualified(), " (submission_date)");
}

std::string DeleteDaySql(const TableName& table) {
  return absl::StrCat("DELETE FROM ", table.Qualified(), " WHERE submission_date = $1::date");
}

}  // namespace opmon::results
