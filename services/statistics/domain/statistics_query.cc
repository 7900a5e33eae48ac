#include "services/statistics/domain/statistics_query.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/status_macros.h"
#include "common/time/civil_day.h"

namespace opmon::statistics {
namespace {

template <typename T>
void SortUnique(std::vector<T>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return absl::ascii_isdigit(c); });
}

// Build ids are YYYYMMDDhhmmss; a range bound may be any prefix of at least
// the day, and a YYYY-MM-DD date is accepted as that day's prefix.
absl::StatusOr<std::string> NormaliseBuildIdBound(const std::string& text, const std::string& field) {
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    OPMON_ASSIGN_OR_RETURN(absl::CivilDay day, time::ParseCivilDay(text, field));
    std::string formatted = time::FormatCivilDay(day);
    return absl::StrCat(formatted.substr(0, 4), formatted.substr(5, 2), formatted.substr(8, 2));
  }
  if (!AllDigits(text) || text.size() < 8 || text.size() > 14) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": \"", text, "\" is not a build id (YYYYMMDDhhmmss, or a prefix of at least YYYYMMDD) or a YYYY-MM-DD date"));
  }
  return text;
}

absl::Status UnknownName(const std::string& field, const std::string& value, const std::string& what,
                         const std::string& slug, const std::vector<std::string>& known) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": \"", value, "\" is not ", what, " of project \"", slug,
                                                 "\" (known: ", known.empty() ? "none" : absl::StrJoin(known, ", "),
                                                 ")"));
}

}  // namespace

std::vector<std::string> StatisticsQuery::StatisticNames() const {
  std::vector<std::string> names;
  for (StatisticKind s : statistics) names.emplace_back(ToString(s));
  return names;
}

std::vector<std::string> StatisticsQuery::ParameterTexts() const {
  std::vector<std::string> texts;
  for (const StatisticParameter& p : parameters) texts.push_back(p.text());
  return texts;
}

std::string StatisticsQuery::CanonicalKey() const {
  // Every value is length-prefixed, so values holding separators cannot make
  // two different queries share a key.
  std::string key;
  auto add = [&key](const std::string& tag, const std::vector<std::string>& values) {
    absl::StrAppend(&key, tag, values.size(), "[");
    for (const std::string& v : values) absl::StrAppend(&key, v.size(), ":", v);
    key.push_back(']');
  };
  absl::StrAppend(&key, slug.size(), ":", slug);
  add("|m", metrics);
  add("|s", StatisticNames());
  add("|p", ParameterTexts());
  add("|b", branches);
  for (const DimensionFilter& f : dimension_filters) add(absl::StrCat("|d", f.name.size(), ":", f.name), f.values);
  absl::StrAppend(&key, "|r", from, "..", to, by_build_id ? "|build" : "|date", "|n", page_size);
  return key;
}

namespace {

// metrics, statistics, parameters, branches: checked, sorted, duplicates dropped.
absl::Status ValidateSelection(const config::ResolvedProject& project, const QueryRequest& request,
                               StatisticsQuery& q) {
  std::vector<std::string> known_metrics;
  for (const config::Metric& m : project.metrics) known_metrics.push_back(m.name);
  for (std::size_t i = 0; i < request.metrics.size(); ++i) {
    const std::string& name = request.metrics[i];
    if (std::find(known_metrics.begin(), known_metrics.end(), name) == known_metrics.end()) {
      return UnknownName(absl::StrCat("metrics[", i, "]"), name, "a metric", project.slug, known_metrics);
    }
    q.metrics.push_back(name);
  }
  for (std::size_t i = 0; i < request.statistics.size(); ++i) {
    std::optional<StatisticKind> kind = ParseStatisticKind(request.statistics[i]);
    if (!kind) {
      return absl::InvalidArgumentError(
          absl::StrCat("statistics[", i, "]: \"", request.statistics[i],
                       "\" is not a statistic (count, sum, mean, quantile, percentile, total_ratio)"));
    }
    q.statistics.push_back(*kind);
  }
  for (std::size_t i = 0; i < request.parameters.size(); ++i) {
    if (request.parameters[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat("parameters[", i, "]: empty parameter"));
    }
    q.parameters.push_back(StatisticParameter::FromText(request.parameters[i]).Canonical());
  }
  for (std::size_t i = 0; i < request.branches.size(); ++i) {
    if (request.branches[i].empty()) {
      return absl::InvalidArgumentError(absl::StrCat("branches[", i, "]: empty branch name"));
    }
    q.branches.push_back(request.branches[i]);
  }
  SortUnique(q.metrics);
  std::sort(q.statistics.begin(), q.statistics.end(),
            [](StatisticKind a, StatisticKind b) { return ToString(a) < ToString(b); });
  q.statistics.erase(std::unique(q.statistics.begin(), q.statistics.end()), q.statistics.end());
  SortUnique(q.parameters);
  SortUnique(q.branches);
  return absl::OkStatus();
}

// dimension_filters: names the project has; values grouped per dimension in
// project order, sorted, duplicates dropped.
absl::Status ValidateDimensionFilters(const config::ResolvedProject& project, const QueryRequest& request,
                                      StatisticsQuery& q) {
  std::vector<std::string> known_dimensions;
  for (const config::Dimension& d : project.dimensions) known_dimensions.push_back(d.name);
  for (std::size_t i = 0; i < request.dimension_filters.size(); ++i) {
    const auto& [name, value] = request.dimension_filters[i];
    if (std::find(known_dimensions.begin(), known_dimensions.end(), name) == known_dimensions.end()) {
      return UnknownName(absl::StrCat("dimension_filters[", i, "].name"), name, "a dimension", project.slug,
                         known_dimensions);
    }
  }
  for (const std::string& name : known_dimensions) {
    DimensionFilter filter{name, {}};
    for (const auto& [n, v] : request.dimension_filters) {
      if (n == name) filter.values.push_back(v);
    }
    if (filter.values.empty()) continue;
    SortUnique(filter.values);
    q.dimension_filters.push_back(std::move(filter));
  }
  return absl::OkStatus();
}

// from, to: build id prefixes or days by the project's x-axis, in order.
absl::Status ValidateRange(const QueryRequest& request, StatisticsQuery& q) {
  if (q.by_build_id) {
    if (!request.from.empty()) {
      OPMON_ASSIGN_OR_RETURN(q.from, NormaliseBuildIdBound(request.from, "from"));
    }
    if (!request.to.empty()) {
      OPMON_ASSIGN_OR_RETURN(q.to, NormaliseBuildIdBound(request.to, "to"));
    }
    // `to` is a prefix bound: compare on the common length.
    if (!q.from.empty() && !q.to.empty() && q.from.substr(0, q.to.size()) > q.to) {
      return absl::InvalidArgumentError(
          absl::StrCat("from: \"", request.from, "\" is after to: \"", request.to, "\""));
    }
  } else {
    std::optional<absl::CivilDay> from, to;
    if (!request.from.empty()) {
      OPMON_ASSIGN_OR_RETURN(from, time::ParseCivilDay(request.from, "from"));
      q.from = time::FormatCivilDay(*from);
    }
    if (!request.to.empty()) {
      OPMON_ASSIGN_OR_RETURN(to, time::ParseCivilDay(request.to, "to"));
      q.to = time::FormatCivilDay(*to);
    }
    if (from && to && *from > *to) {
      return absl::InvalidArgumentError(
          absl::StrCat("from: \"", request.from, "\" is after to: \"", request.to, "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<StatisticsQuery> ValidateQuery(const config::ResolvedProject& project, const QueryRequest& request) {
  StatisticsQuery q;
  q.slug = request.slug;
  q.by_build_id = project.xaxis == config::XAxis::kBuildId;
  OPMON_RETURN_IF_ERROR(ValidateSelection(project, request, q));
  OPMON_RETURN_IF_ERROR(ValidateDimensionFilters(project, request, q));
  OPMON_RETURN_IF_ERROR(ValidateRange(request, q));
  if (request.page_size < 0) {
    return absl::InvalidArgumentError(absl::StrCat("page_size: ", request.page_size, " is negative"));
  }
  q.page_size = request.page_size == 0 ? kDefaultPageSize : std::min(request.page_size, kMaxPageSize);
  return q;
}

}  // namespace opmon::statistics
