#pragma once
// One row of opmon_results.<table>_statistics as the statistics service reads
// it: the project's dimensions in project order, NULL text columns read as
// "" (build_id of submission_date projects, parameter of non-percentile
// statistics), NULL numbers as nullopt.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace opmon::statistics {

struct StatisticRecord {
  absl::CivilDay submission_date;
  std::string build_id;
  std::vector<std::string> dimensions;  // parallel to ResolvedProject::dimensions
  std::string branch;
  std::string metric;
  std::string statistic;
  std::string parameter;
  std::optional<double> point;
  std::optional<double> lower;
  std::optional<double> upper;
  bool operator==(const StatisticRecord&) const = default;
};

// Heap and inline bytes of one record, for the cache's memory bound.
std::size_t ApproximateBytes(const StatisticRecord& record);

}  // namespace opmon::statistics
