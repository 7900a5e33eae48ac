#include "services/statistics/domain/legacy_query.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/status_macros.h"
#include "common/time/civil_day.h"

namespace opmon::statistics {
namespace {

// "20240301" or "2024-03-01" as "20240301"; nullopt for ""; InvalidArgument
// naming `field` for anything else or a day that does not exist.
absl::StatusOr<std::optional<std::string>> ParseDay(std::string_view text, std::string_view field) {
  if (text.empty()) return std::optional<std::string>();
  std::string dashed(text);
  if (text.size() == 8 && std::all_of(text.begin(), text.end(), absl::ascii_isdigit)) {
    dashed = absl::StrCat(std::string(text.substr(0, 4)), "-", std::string(text.substr(4, 2)), "-", std::string(text.substr(6, 2)));
  }
  absl::StatusOr<absl::CivilDay> day = time::ParseCivilDay(dashed, field);
  if (!day.ok()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: \"%s\" is not a day as YYYYMMDD or YYYY-MM-DD", field, absl::CHexEscape(std::string(text))));
  }
  return std::optional<std::string>(absl::StrFormat("%04d%02d%02d", day->year(), day->month(), day->day()));
}

absl::Status Required(std::string_view value, std::string_view field) {
  if (value.empty()) return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": required"));
  return absl::OkStatus();
}

// Length-prefixed, so no value can imitate a separator.
void AppendPart(std::string& key, std::string_view part) { absl::StrAppend(&key, part.size(), ":", std::string(part), "|"); }

}  // namespace

std::string LegacyQuery::CanonicalKey() const {
  std::string key;
  AppendPart(key, legacy::AggregateTypeName(aggregate_type));
  for (const std::string* s : {&channel, &version, &metric}) AppendPart(key, *s);
  AppendPart(key, from.value_or("-"));
  AppendPart(key, to.value_or("-"));
  for (const LegacyDimensionFilter& f : filters) {
    AppendPart(key, LegacyDimensionName(f.dimension));
    AppendPart(key, f.value);
  }
  return key;
}

absl::StatusOr<LegacyQuery> ValidateLegacyQuery(const LegacyQueryRequest& request) {
  LegacyQuery query;
  if (!request.aggregate_type.empty()) {
    std::optional<legacy::AggregateType> type = legacy::ParseAggregateType(request.aggregate_type);
    if (!type) {
      return absl::InvalidArgumentError(absl::StrFormat("aggregate_type: \"%s\" is not build_id|submission_date",
                                                        absl::CHexEscape(request.aggregate_type)));
    }
    query.aggregate_type = *type;
  }
  OPMON_RETURN_IF_ERROR(Required(request.channel, "channel"));
  OPMON_RETURN_IF_ERROR(Required(request.version, "version"));
  OPMON_RETURN_IF_ERROR(Required(request.metric, "metric"));
  query.channel = request.channel;
  query.version = request.version;
  query.metric = request.metric;
  OPMON_ASSIGN_OR_RETURN(query.from, ParseDay(request.from, "from"));
  OPMON_ASSIGN_OR_RETURN(query.to, ParseDay(request.to, "to"));
  if (query.from && query.to && *query.from > *query.to) {
    return absl::InvalidArgumentError(
        absl::StrCat("from: ", *query.from, " is after to: ", *query.to, " (both are inclusive)"));
  }
  query.filters = request.filters;
  std::sort(query.filters.begin(), query.filters.end(),
            [](const LegacyDimensionFilter& a, const LegacyDimensionFilter& b) { return a.dimension < b.dimension; });
  for (std::size_t i = 1; i < query.filters.size(); ++i) {
    if (query.filters[i].dimension == query.filters[i - 1].dimension) {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(LegacyDimensionName(query.filters[i].dimension)), ": filtered more than once"));
    }
  }
  return query;
}

}  // namespace opmon::statistics
