#pragma once
// The per-project results relations every service shares (DESIGN.md §2):
//
//   opmon_results.<table>             per-client values, one row per client
//                                     (and build) and day: submission_date,
//                                     build_id, client_id, <dimensions...>,
//                                     branch, <metrics...> (scalars as double
//                                     precision, histograms as jsonb
//                                     {"<bucket>": normalised mass})
//   opmon_results.<table>_statistics  submission_date, build_id,
//                                     <dimensions...>, branch, metric,
//                                     statistic, point, lower, upper, parameter
//
// where <table> = config::ResultsTableName(slug). The project's dimensions
// are real text columns. Tables grow: a new dimension or metric adds a column,
// nothing is ever dropped (older days keep their columns, NULL for newer
// ones). This header only builds SQL text (golden-tested); results_schema.h
// applies it.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/project.h"

namespace opmon::results {

inline constexpr char kResultsSchema[] = "opmon_results";

struct Column {
  std::string name;      // unquoted
  std::string sql_type;  // "date", "text", "double precision", "json"
  std::string options = {};  // DDL after the type, e.g. "COMPRESSION lz4"; not part of the type
  bool operator==(const Column&) const = default;
};

// Storage parameters of the per-client table: its rows (a few KB of
// histogram JSON each) stay inline and uncompressed up to a page, so writing
// a day costs no TOAST compression (pglz took most of the COPY time).
inline constexpr char kClientValuesStorage[] = "toast_tuple_target = 8160";

// Names a results relation: the unquoted parts and the quoted qualified name.
struct TableName {
  std::string schema;
  std::string name;
  std::string Qualified() const;  // "opmon_results"."fission_experiment"
};

TableName ClientValuesTable(const config::ResolvedProject& project);
TableName StatisticsTable(const config::ResolvedProject& project);

// Columns of each relation for `project`, in order. FailedPrecondition naming
// the dimension or metric when its name collides with a fixed column (e.g. a
// dimension called "branch") or another dimension/metric.
absl::StatusOr<std::vector<Column>> ClientValuesColumns(const config::ResolvedProject& project);
absl::StatusOr<std::vector<Column>> StatisticsColumns(const config::ResolvedProject& project);

// The fixed leading and trailing columns (dimensions go between).
const std::vector<Column>& StatisticsLeadingColumns();   // submission_date, build_id
const std::vector<Column>& StatisticsTrailingColumns();  // branch ... parameter

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
