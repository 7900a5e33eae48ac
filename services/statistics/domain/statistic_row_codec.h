#pragma once
// The column list every statistics read selects, and its decoding: one place
// that knows how opmon_results.<table>_statistics maps to StatisticRecord.

#include <cstddef>
#include <optional>
#include <string>

#include "common/config/project.h"
#include "services/statistics/domain/statistics_record.h"

namespace pqxx {
class row;
class field;
}

namespace opmon::statistics {

// "submission_date::text, COALESCE(build_id, ''), COALESCE("<dim>", ''), ...,
// COALESCE(branch, ''), ..., point, lower, upper": 8 + dimensions columns.
std::string StatisticColumnsSql(const config::ResolvedProject& project);

// Decodes the columns of StatisticColumnsSql starting at `first`.
StatisticRecord DecodeStatisticRecord(const pqxx::row& row, int first, std::size_t dimensions);

std::optional<double> OptionalDouble(const pqxx::field& field);

// A double as SQL text that round-trips exactly ("" for nullopt; pair with
// NULLIF($n, '')::float8).
std::string DoubleParam(std::optional<double> value);

}  // namespace opmon::statistics
