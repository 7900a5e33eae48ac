#pragma once
// QueryLegacyAggregates' request and its validated form: which imported
// legacy (mozaggregator) rows of opmon.legacy_aggregates to merge
// (docs/legacy.md, Query). Plain values; the SQL lives in
// legacy_aggregates_reader.h.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/enums/enum_names.h"
#include "common/legacy/legacy_aggregates.h"

namespace opmon::statistics {

// The optional filters, each named as its opmon.legacy_aggregates column
// (and its request field).
enum class LegacyDimension { kOs, kOsVersion, kApplication, kArchitecture, kLabel, kChild };

inline constexpr EnumNames<LegacyDimension, 6> kLegacyDimensionNames{{
    {LegacyDimension::kOs, "os"},
    {LegacyDimension::kOsVersion, "os_version"},
    {LegacyDimension::kApplication, "application"},
    {LegacyDimension::kArchitecture, "architecture"},
    {LegacyDimension::kLabel, "label"},
    {LegacyDimension::kChild, "child"},
}};

constexpr std::string_view LegacyDimensionName(LegacyDimension d) { return NameIn(kLegacyDimensionNames, d); }

struct LegacyDimensionFilter {
  LegacyDimension dimension;
  std::string value;  // matches a stored NULL when ""
  bool operator==(const LegacyDimensionFilter&) const = default;
};

struct LegacyQueryRequest {
  std::string aggregate_type;  // "" means submission_date
  std::string channel;
  std::string version;
  std::string metric;
  std::string from;  // YYYYMMDD or YYYY-MM-DD, inclusive; "" is unbounded
  std::string to;
  std::vector<LegacyDimensionFilter> filters;  // at most one per dimension
};

struct LegacyQuery {
  legacy::AggregateType aggregate_type = legacy::AggregateType::kSubmissionDate;
  std::string channel;
  std::string version;
  std::string metric;
  std::optional<std::string> from;  // YYYYMMDD (the ds_nodash column's form)
  std::optional<std::string> to;
  std::vector<LegacyDimensionFilter> filters;  // sorted by dimension

  // The same text for every request selecting the same rows (the cache key).
  std::string CanonicalKey() const;
};

// InvalidArgument naming the field when: aggregate_type is neither build_id
// nor submission_date; channel, version or metric is empty; from or to is not
// a real day as YYYYMMDD or YYYY-MM-DD; from is after to; a dimension is
// filtered twice.
absl::StatusOr<LegacyQuery> ValidateLegacyQuery(const LegacyQueryRequest& request);

}  // namespace opmon::statistics
