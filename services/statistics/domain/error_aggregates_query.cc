#include "services/statistics/domain/error_aggregates_query.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status/status_macros.h"
#include "common/time/rfc3339.h"

namespace opmon::statistics {
namespace {

using errors::Dimension;
using errors::Measure;

template <typename Names>
std::string KnownNames(const Names& names) {
  std::vector<std::string> out;
  for (const auto& [value, name] : names) out.emplace_back(name);
  return absl::StrJoin(out, "|");
}

absl::Status Unknown(std::string_view field, std::string_view value, std::string_view known) {
  return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": \"", absl::CHexEscape(std::string(value)),
                                                 "\" is not ", std::string(known)));
}

absl::StatusOr<Dimension> ParseDimensionField(std::string_view field, std::string_view name) {
  std::optional<Dimension> d = errors::ParseDimension(name);
  if (!d) return Unknown(field, name, KnownNames(errors::kDimensionNames));
  return *d;
}

// "122", "122.0.1": what a version range bound may be.
bool IsDottedNumber(std::string_view text) {
  if (text.empty()) return false;
  for (absl::string_view part : absl::StrSplit(absl::string_view(text.data(), text.size()), '.')) {
    if (part.empty() || part.size() > 9 || !std::all_of(part.begin(), part.end(), absl::ascii_isdigit)) return false;
  }
  return true;
}

absl::StatusOr<ErrorFilter> ValidateFilter(const ErrorFilterRequest& request) {
  const std::string field = absl::StrCat("filters.", request.dimension);
  OPMON_ASSIGN_OR_RETURN(Dimension dimension, ParseDimensionField("filters", request.dimension));
  if (dimension == Dimension::kWindowStart) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": not a filter; use from and to for the time range"));
  }
  if (request.values.empty() || request.values.size() > 2) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", request.values.size(),
                                                   " values; give one (equality) or two (inclusive range)"));
  }
  ErrorFilter filter{.dimension = dimension, .low = request.values[0], .high = std::nullopt};
  if (request.values.size() == 1) return filter;
  filter.high = request.values[1];
  for (const std::string& bound : request.values) {
    if (bound.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": a range bound cannot be empty"));
    if (OrderOf(dimension) == ValueOrder::kVersion && !IsDottedNumber(bound)) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": range bound \"", absl::CHexEscape(bound),
                                                     "\" is not a version as dot-separated numbers, e.g. 122 or 122.0.1"));
    }
  }
  return filter;
}


bool Has(const std::vector<Dimension>& dimensions, Dimension d) {
  return std::find(dimensions.begin(), dimensions.end(), d) != dimensions.end();
}

bool Filters(const std::vector<ErrorFilter>& filters, Dimension d) {
  return std::any_of(filters.begin(), filters.end(), [d](const ErrorFilter& f) { return f.dimension == d; });
}

// Length-prefixed, so no value can imitate a separator.
void AppendPart(std::string& key, std::string_view part) {
  absl::StrAppend(&key, part.size(), ":", std::string(part), "|");
}

std::string BoundKey(const std::optional<absl::Time>& t) {
  return t ? absl::StrCat(absl::ToUnixMicros(*t)) : std::string("-");
}

}  // namespace

ValueOrder OrderOf(errors::Dimension dimension) {
  switch (dimension) {
    case Dimension::kVersion:
    case Dimension::kDisplayVersion:
    case Dimension::kOsVersion:
      return ValueOrder::kVersion;
    default:
      return ValueOrder::kText;
  }
}

std::string ErrorAggregatesQuery::CanonicalKey() const {
  std::string key = "errors|m";
  for (Measure m : measures) AppendPart(key, errors::MeasureName(m));
  key += "d";
  for (Dimension d : dimensions) AppendPart(key, errors::DimensionName(d));
  key += "f";
  for (const ErrorFilter& f : filters) {
    AppendPart(key, errors::DimensionName(f.dimension));
    AppendPart(key, f.low);
    AppendPart(key, f.high ? absl::StrCat("=", *f.high) : std::string("-"));
  }
  absl::StrAppend(&key, population_only ? "p" : "a", "|", BoundKey(from), "|", BoundKey(to));
  return key;
}

absl::StatusOr<ErrorAggregatesQuery> ValidateErrorAggregatesQuery(const ErrorAggregatesRequest& request) {
  ErrorAggregatesQuery query;
  if (request.measurements.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("measurements: required, one or more of ", KnownNames(errors::kMeasureNames)));
  }
  for (const std::string& name : request.measurements) {
    std::optional<Measure> m = errors::ParseMeasure(name);
    if (!m) return Unknown("measurements", name, KnownNames(errors::kMeasureNames));
    if (std::find(query.measures.begin(), query.measures.end(), *m) != query.measures.end()) {
      return absl::InvalidArgumentError(absl::StrCat("measurements: \"", name, "\" listed twice"));
    }
    query.measures.push_back(*m);
  }
  for (const std::string& name : request.dimensions) {
    OPMON_ASSIGN_OR_RETURN(Dimension d, ParseDimensionField("dimensions", name));
    if (Has(query.dimensions, d)) {
      return absl::InvalidArgumentError(absl::StrCat("dimensions: \"", name, "\" listed twice"));
    }
    query.dimensions.push_back(d);
  }
  if (!Has(query.dimensions, Dimension::kWindowStart)) {
    query.dimensions.insert(query.dimensions.begin(), Dimension::kWindowStart);
  }
  for (const ErrorFilterRequest& f : request.filters) {
    OPMON_ASSIGN_OR_RETURN(ErrorFilter filter, ValidateFilter(f));
    if (Filters(query.filters, filter.dimension)) {
      return absl::InvalidArgumentError(absl::StrCat("filters.", f.dimension, ": filtered more than once"));
    }
    query.filters.push_back(std::move(filter));
  }
  std::sort(query.filters.begin(), query.filters.end(),
            [](const ErrorFilter& a, const ErrorFilter& b) { return a.dimension < b.dimension; });
  const bool experiment_asked =
      Has(query.dimensions, Dimension::kExperimentId) || Filters(query.filters, Dimension::kExperimentId);
  const bool branch_asked =
      Has(query.dimensions, Dimension::kExperimentBranch) || Filters(query.filters, Dimension::kExperimentBranch);
  if (branch_asked && !experiment_asked) {
    return absl::InvalidArgumentError(
        "experiment_branch: needs experiment_id as a dimension or a filter (a branch is one experiment's)");
  }
  query.population_only = !experiment_asked;
  OPMON_ASSIGN_OR_RETURN(query.from, time::ParseOptionalRfc3339(request.from, "from"));
  OPMON_ASSIGN_OR_RETURN(query.to, time::ParseOptionalRfc3339(request.to, "to"));
  if (query.from && query.to && *query.from >= *query.to) {
    return absl::InvalidArgumentError(
        absl::StrCat("to: \"", request.to, "\" is not after from \"", request.from, "\" (to is exclusive)"));
  }
  if (request.page_size < 0 || request.page_size > kMaxErrorPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size: ", request.page_size, " is not between 0 and ", kMaxErrorPageSize));
  }
  if (request.page_size > 0) query.page_size = request.page_size;
  return query;
}

}  // namespace opmon::statistics
