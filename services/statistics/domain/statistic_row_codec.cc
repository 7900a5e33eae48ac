#include "services/statistics/domain/statistic_row_codec.h"

#include <cmath>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/time/civil_day.h"
#include "common/sql/quote.h"
#include "services/statistics/domain/results_relations.h"

namespace opmon::statistics {

std::string StatisticColumnsSql(const config::ResolvedProject& project) {
  std::string sql = "submission_date::text, COALESCE(build_id, '')";
  for (const config::Dimension& d : project.dimensions) absl::StrAppend(&sql, ", COALESCE(", sql::QuoteIdent(d.name), ", '')");
  absl::StrAppend(&sql, ", COALESCE(branch, ''), COALESCE(metric, ''), COALESCE(statistic, ''), "
                        "COALESCE(parameter, ''), point, lower, upper");
  return sql;
}

std::optional<double> OptionalDouble(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<double>();
}

StatisticRecord DecodeStatisticRecord(const pqxx::row& row, int first, std::size_t dimensions) {
  StatisticRecord r;
  // The database only holds valid dates.
  r.submission_date = time::ParseCivilDay(row[first].c_str()).value_or(absl::CivilDay());
  r.build_id = row[first + 1].c_str();
  r.dimensions.reserve(dimensions);
  int i = first + 2;
  for (std::size_t d = 0; d < dimensions; ++d) r.dimensions.emplace_back(row[i++].c_str());
  r.branch = row[i++].c_str();
  r.metric = row[i++].c_str();
  r.statistic = row[i++].c_str();
  r.parameter = row[i++].c_str();
  r.point = OptionalDouble(row[i++]);
  r.lower = OptionalDouble(row[i++]);
  r.upper = OptionalDouble(row[i++]);
  return r;
}

std::string DoubleParam(std::optional<double> value) {
  if (!value) return "";
  if (std::isnan(*value)) return "NaN";
  if (std::isinf(*value)) return *value > 0 ? "Infinity" : "-Infinity";
  return absl::StrFormat("%.17g", *value);
}

}  // namespace opmon::statistics
