#pragma once
// A statistics query as requested, and its validated, normalised form.
//
// Normalisation makes equal questions equal keys: every filter list is
// sorted and de-duplicated, statistics are parsed (StatisticKind), numeric
// parameters become numbers written in shortest form ("50.0" → "50"), dimension filters are grouped per dimension in project
// order (several values for one dimension mean any of them), and dates are
// written YYYY-MM-DD (build ids as digits). CanonicalKey() is the cache key
// of the question (without versions or paging).

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/project.h"
#include "common/statistic/statistic_kind.h"
#include "common/statistic/statistic_parameter.h"

namespace opmon::statistics {

inline constexpr int kDefaultPageSize = 1000;
inline constexpr int kMaxPageSize = 10000;

struct QueryRequest {
  std::string slug{};
  std::vector<std::string> metrics{};
  std::vector<std::string> statistics{};
  std::vector<std::string> parameters{};
  std::vector<std::string> branches{};
  std::vector<std::pair<std::string, std::string>> dimension_filters{};  // name = value
  std::string from{};  // inclusive; YYYY-MM-DD, or a build id (prefix) for build_id projects
  std::string to{};
  int page_size = 0;  // 0: kDefaultPageSize; larger than kMaxPageSize is clamped
  std::string page_token{};
};

struct DimensionFilter {
  std::string name;                 // a dimension of the project (also its column)
  std::vector<std::string> values;  // sorted, unique; a row matches any
  bool operator==(const DimensionFilter&) const = default;
};

struct StatisticsQuery {
  std::string slug;
  std::vector<std::string> metrics;  // empty: all
  std::vector<StatisticKind> statistics;       // sorted by name
  std::vector<StatisticParameter> parameters;  // canonical, sorted by text
  std::vector<std::string> branches;
  std::vector<DimensionFilter> dimension_filters;  // in project dimension order
  // Range on submission_date (YYYY-MM-DD) for submission_date projects, on
  // build_id (digits; `to` matches as a prefix) for build_id projects. Empty: open.
  std::string from;
  std::string to;
  bool by_build_id = false;
  int page_size = kDefaultPageSize;

  // Stable text naming the question; equal for equal normalised queries.
  std::string CanonicalKey() const;

  // The filters as stored text (the SQL edge): "percentile", "50".
  std::vector<std::string> StatisticNames() const;
  std::vector<std::string> ParameterTexts() const;
};

// Validates `request` against `project`. InvalidArgument naming the field and
// value for: an unknown metric, statistic or dimension, a malformed date or
// build id, from after to, a negative page size.
absl::StatusOr<StatisticsQuery> ValidateQuery(const config::ResolvedProject& project, const QueryRequest& request);

}  // namespace opmon::statistics
