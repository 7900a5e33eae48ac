#pragma once
// One row of opmon_results.<table>_statistics, the one type compute writes,
// the statistics and LookML services read and the tests store, with the
// relation's two codecs: COPY text (writing) and the column list readers
// select with its decoder (reading).

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/config/project.h"
#include "common/pg/copy_text.h"
#include "common/pg/pg_fwd.h"
#include "common/statistic/statistic_kind.h"
#include "common/statistic/statistic_parameter.h"

namespace opmon::results {

struct RelationSchema;

struct StatisticsRow {
  absl::CivilDay submission_date;
  std::string build_id;  // "" (stored as NULL) for submission_date projects
  // Project dimension order. Compute stores a missing value as NULL
  // (nullopt); the readers select COALESCE(<dimension>, ''), so they see "".
  std::vector<std::optional<std::string>> dimensions;
  std::string branch;
  std::string metric;
  StatisticKind statistic = StatisticKind::kMean;
  StatisticParameter parameter;  // stored as '' when none
  std::optional<double> point;   // NULL when nullopt (or NaN)
  std::optional<double> lower;
  std::optional<double> upper;
  bool operator==(const StatisticsRow&) const = default;
};

// Heap and inline bytes of one row, for caches' memory bounds.
std::size_t ApproximateBytes(const StatisticsRow& row);

// Replaces `line` with `row` in the column order of StatisticsColumns.
void EncodeCopyLine(const StatisticsRow& row, pg::CopyLine& line);

// COPYs `rows` into the relation of StatisticsSchema (each row holding one
// dimension per project dimension). Throws pqxx exceptions: call it inside
// the caller's adapter.
void CopyStatisticsRows(pqxx::transaction_base& tx, const RelationSchema& statistics,
                        std::span<const StatisticsRow> rows);

// The columns every statistics read selects, for DecodeStatisticsRow:
// "submission_date::text, COALESCE(build_id, ''), COALESCE("<dim>", ''), ...,
// COALESCE(branch, ''), COALESCE(metric, ''), COALESCE(statistic, ''),
// COALESCE(parameter, ''), point, lower, upper": 9 + dimensions columns.
std::string StatisticsSelectSql(const config::ResolvedProject& project);

// Decodes the columns of StatisticsSelectSql (or any select of the same
// columns in that order) starting at `first`. Throws pqxx::conversion_error,
// as pqxx's own field conversions do, when the stored statistic is not one
// opmon knows.
StatisticsRow DecodeStatisticsRow(const pqxx::row& row, int first, std::size_t dimensions);

// A nullable double column.
std::optional<double> OptionalDouble(const pqxx::field& field);
// A statistic column's value; throws pqxx::conversion_error for text that
// names no statistic opmon computes (the pool maps it to an error status).
StatisticKind StatisticKindColumn(const pqxx::field& field);

}  // namespace opmon::results
