#pragma once
// The per-project relations under opmon_results, described once for every
// service (docs/data-layout.md):
//
//   opmon_results.<table>             per-client values, one row per client
//                                     (and build) and day: submission_date,
//                                     build_id, client_id, <dimensions...>,
//                                     branch, <metrics...> (scalars as double
//                                     precision, histograms as json merged
//                                     counts {"<bucket>": count})
//   opmon_results.<table>_statistics  submission_date, build_id,
//                                     <dimensions...>, branch, metric,
//                                     statistic, point, lower, upper,
//                                     parameter (rows: statistics_row.h)
//   opmon_results.<table>_alerts      submission_date, build_id,
//                                     <dimensions...>, branch, metric,
//                                     statistic, parameter, alert_name,
//                                     alert_type, message, point, lower,
//                                     upper, raised_at (written by the
//                                     statistics service)
//
// with names from relation_name.h. The project's dimensions are real text
// columns. Tables grow: a new dimension or metric adds a column, nothing is
// ever dropped (older days keep their columns, NULL for newer ones).
//
// Each relation is a RelationSchema (name, columns with their SQL types,
// storage); a new relation adds one function returning its schema, and
// results_schema.h creates and extends it. This header only builds SQL text
// (golden-tested).

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/project.h"
#include "common/results/relation_name.h"

namespace opmon::results {

struct Column {
  std::string name;      // unquoted
  std::string sql_type;  // as format_type() spells it: "date", "text", "double precision", "json"
  std::string options = {};  // DDL after the type, e.g. "COMPRESSION lz4", "NOT NULL"; not part of the type
  bool operator==(const Column&) const = default;
};

// Storage parameters of the per-client table: its rows (a few KB of
// histogram JSON each) stay inline and uncompressed up to a page, so writing
// a day costs no TOAST compression (pglz took most of the COPY time).
inline constexpr char kClientValuesStorage[] = "toast_tuple_target = 8160";

// One results relation of one project.
struct RelationSchema {
  TableName table;
  std::vector<Column> columns;  // in table order
  std::string_view storage = {};  // CREATE TABLE ... WITH (<storage>) when not empty
};

// Columns of each relation for `project`, in order. FailedPrecondition naming
// the dimension or metric when its name collides with a fixed column (e.g. a
// dimension called "branch") or another dimension/metric.
absl::StatusOr<std::vector<Column>> ClientValuesColumns(const config::ResolvedProject& project);
absl::StatusOr<std::vector<Column>> StatisticsColumns(const config::ResolvedProject& project);
absl::StatusOr<std::vector<Column>> AlertsColumns(const config::ResolvedProject& project);

// The relations with their columns, failing as the Columns functions.
absl::StatusOr<RelationSchema> ClientValuesSchema(const config::ResolvedProject& project);
absl::StatusOr<RelationSchema> StatisticsSchema(const config::ResolvedProject& project);
absl::StatusOr<RelationSchema> AlertsSchema(const config::ResolvedProject& project);

// The fixed leading and trailing columns (dimensions go between).
const std::vector<Column>& StatisticsLeadingColumns();   // submission_date, build_id
const std::vector<Column>& StatisticsTrailingColumns();  // branch ... parameter

// "\"a\", \"b\"": the quoted names, for INSERT and COPY column lists.
std::string ColumnListSql(const std::vector<Column>& columns);

// CREATE TABLE IF NOT EXISTS <table> (<columns>) [WITH (<storage>)].
std::string CreateTableSql(const TableName& table, const std::vector<Column>& columns,
                           std::string_view storage = {});

// Whether an existing column of type `existing` (format_type) can take the
// values of `wanted`: equal types, or jsonb where json is wanted (tables
// created before per-client histograms became json).
bool CompatibleColumnType(std::string_view existing, std::string_view wanted);
// ALTER TABLE <table> ADD COLUMN IF NOT EXISTS <column> <type>.
std::string AddColumnSql(const TableName& table, const Column& column);
// CREATE INDEX IF NOT EXISTS <table>_day_idx ON <table> (submission_date).
std::string CreateDayIndexSql(const TableName& table);
// DELETE FROM <table> WHERE submission_date = $1::date.
std::string DeleteDaySql(const TableName& table);

}  // namespace opmon::results
