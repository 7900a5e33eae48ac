#pragma once
// QueryErrorAggregates' request and its validated form: which measures of
// opmon.error_aggregates to sum, grouped by which dimensions, over which rows
// (docs/errors.md, Aggregates API). Plain values; the SQL is built by
// error_aggregates_sql.h.
//
// Rules the validated query carries:
//   - window_start is always grouped: first, unless the request places it;
//   - population: a ping is stored once with experiment_id NULL and once per
//     experiment, so a query that neither groups nor filters experiment_id
//     reads the population rows only (experiment_id IS NULL); grouping by it
//     gives the population row (experiment_id NULL) beside one row per
//     experiment; experiment_branch needs experiment_id grouped or filtered;
//   - a filter with one value is equality (a stored NULL equals ""), with two
//     an inclusive range in the dimension's order (versions numerically).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/errors/error_aggregates.h"

namespace opmon::statistics {

struct ErrorFilterRequest {
  std::string dimension;
  std::vector<std::string> values;
};

struct ErrorAggregatesRequest {
  std::vector<std::string> measurements;
  std::vector<std::string> dimensions;
  std::vector<ErrorFilterRequest> filters;
  std::string from;  // RFC 3339, inclusive (window_start >= from); "" is unbounded
  std::string to;    // RFC 3339, exclusive
  int page_size = 0;  // 0: kDefaultErrorPageSize
  std::string page_token;
};

inline constexpr int kDefaultErrorPageSize = 1000;
inline constexpr int kMaxErrorPageSize = 10000;

// How a dimension's values compare in a range filter.
enum class ValueOrder {
  kText,     // byte order (channel, build_id's YYYYMMDDhhmmss, ...)
  kVersion,  // numeric dot-separated components (version, display_version, os_version)
};
ValueOrder OrderOf(errors::Dimension dimension);

struct ErrorFilter {
  errors::Dimension dimension;
  std::string low;                  // equality: the value ("" matches NULL)
  std::optional<std::string> high;  // set: inclusive range [low, high]
  bool operator==(const ErrorFilter&) const = default;
};

struct ErrorAggregatesQuery {
  std::vector<errors::Measure> measures;      // as requested, each once
  std::vector<errors::Dimension> dimensions;  // as requested, window_start included
  std::vector<ErrorFilter> filters;           // sorted by dimension, at most one each
  bool population_only = false;               // adds experiment_id IS NULL
  std::optional<absl::Time> from;
  std::optional<absl::Time> to;
  int page_size = kDefaultErrorPageSize;

  // The same text for every request selecting the same rows, whatever the
  // filters' order (the cache key; page size and token excluded).
  std::string CanonicalKey() const;
};

// InvalidArgument naming the field and value at fault when: no measurement;
// a measurement, dimension or filter dimension is unknown (the message lists
// the known names) or repeated; a filter has no value or more than two, or
// filters window_start (use from/to); a range bound is empty or, for a
// version dimension, not dot-separated numbers; experiment_branch is asked
// without experiment_id; from or to is not RFC 3339, or to is not after
// from; page_size is negative or above kMaxErrorPageSize.
absl::StatusOr<ErrorAggregatesQuery> ValidateErrorAggregatesQuery(const ErrorAggregatesRequest& request);

}  // namespace opmon::statistics
