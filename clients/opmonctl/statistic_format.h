#pragma once
// How opmonctl shows statistics (`stats`, `preview`) and alerts: JSON objects
// with full-precision numbers, and the cells their tables and CSV share.
// Templates over the two messages that carry a statistic, v1::StatisticRow
// and v1::Alert (same field names).

#include <array>
#include <optional>
#include <string>

#include "google/protobuf/repeated_ptr_field.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/common.pb.h"

namespace opmon::ctl {

// A statistic's point, lower and upper bound; nullopt where it is NULL.
template <typename Row>
std::array<std::optional<double>, 3> PointLowerUpper(const Row& row) {
  auto value = [](bool present, double v) { return present ? std::optional<double>(v) : std::nullopt; };
  return {value(row.has_point(), row.point()), value(row.has_lower(), row.lower()),
          value(row.has_upper(), row.upper())};
}

// A number as JSON at full precision; null when absent or not finite (JSON
// has no NaN or infinity).
nlohmann::json JsonNumber(std::optional<double> value);

// {"os": "Linux", ...}
nlohmann::json DimensionsJson(const google::protobuf::RepeatedPtrField<v1::DimensionValue>& dimensions);

// "os=Linux,channel=release": every dimension in one table cell.
std::string DimensionsCell(const google::protobuf::RepeatedPtrField<v1::DimensionValue>& dimensions);

// submission_date, build_id, dimensions, branch, metric, statistic,
// parameter, point, lower, upper.
template <typename Row>
nlohmann::json StatisticJson(const Row& row) {
  const auto [point, lower, upper] = PointLowerUpper(row);
  return {{"submission_date", row.submission_date()},
          {"build_id", row.build_id()},
          {"dimensions", DimensionsJson(row.dimensions())},
          {"branch", row.branch()},
          {"metric", row.metric()},
          {"statistic", row.statistic()},
          {"parameter", row.parameter()},
          {"point", JsonNumber(point)},
          {"lower", JsonNumber(lower)},
          {"upper", JsonNumber(upper)}};
}

// The point, lower and upper cells, each shown by `format` (TableNumber for
// tables, RoundTripNumber for CSV); empty where the value is NULL.
template <typename Row>
std::array<std::string, 3> PointLowerUpperCells(const Row& row, std::string (*format)(double)) {
  std::array<std::string, 3> cells;
  const std::array<std::optional<double>, 3> values = PointLowerUpper(row);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (values[i]) cells[i] = format(*values[i]);
  }
  return cells;
}

}  // namespace opmon::ctl
