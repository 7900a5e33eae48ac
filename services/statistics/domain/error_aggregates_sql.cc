#include "services/statistics/domain/error_aggregates_sql.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/sql/quote.h"
#include "services/statistics/domain/sql_param_list.h"

namespace opmon::statistics {
namespace {

using errors::Dimension;

// The NOT NULL key columns of migration 0011; the others may be NULL.
bool Nullable(Dimension d) {
  switch (d) {
    case Dimension::kWindowStart:
    case Dimension::kChannel:
    case Dimension::kVersion:
    case Dimension::kBuildId:
    case Dimension::kApplication:
      return false;
    default:
      return true;
  }
}

std::string Column(Dimension d) { return sql::QuoteIdent(errors::DimensionName(d)); }

std::string SelectExpression(Dimension d) {
  if (d == Dimension::kWindowStart) {
    return "to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')";
  }
  return Column(d);
}

// The leading dot-separated numbers of a version ("123.0b3" → {123,0}), cut
// to the bound's number of components, so a bound "123" covers every 123.x.
std::string VersionPrefix(Dimension d, std::string_view bound, ParamList& params) {
  const std::size_t parts = static_cast<std::size_t>(std::count(bound.begin(), bound.end(), '.')) + 1;
  return absl::StrCat("(string_to_array(substring(", Column(d), " FROM '^[0-9]+(?:\\.[0-9]+)*'), '.')::bigint[])[1:",
                      params.Add(absl::StrCat(parts)), "::int]");
}

std::string VersionBound(std::string_view bound, ParamList& params) {
  return absl::StrCat("string_to_array(", params.Add(std::string(bound)), "::text, '.')::bigint[]");
}

// Parameters are numbered in the order they are added: each is added in its
// own statement (the order of a call's arguments is unspecified).
std::string Condition(const ErrorFilter& f, ParamList& params) {
  if (!f.high) {
    const std::string column = Nullable(f.dimension) ? absl::StrCat("COALESCE(", Column(f.dimension), ", '')")
                                                     : Column(f.dimension);
    return absl::StrCat(column, " = ", params.Add(f.low), "::text");
  }
  if (OrderOf(f.dimension) == ValueOrder::kVersion) {
    const std::string low_prefix = VersionPrefix(f.dimension, f.low, params);
    const std::string low = VersionBound(f.low, params);
    const std::string high_prefix = VersionPrefix(f.dimension, *f.high, params);
    const std::string high = VersionBound(*f.high, params);
    return absl::StrCat(low_prefix, " >= ", low, " AND ", high_prefix, " <= ", high);
  }
  const std::string low = params.Add(f.low);
  const std::string high = params.Add(*f.high);
  return absl::StrCat(Column(f.dimension), " BETWEEN ", low, "::text AND ", high, "::text");
}

std::string TimeParam(absl::Time t, ParamList& params) {
  return absl::StrCat(params.Add(absl::FormatTime(absl::RFC3339_full, t, absl::UTCTimeZone())), "::timestamptz");
}

}  // namespace

SqlStatement BuildErrorAggregatesSql(const ErrorAggregatesQuery& query, std::int64_t limit) {
  ParamList params;
  std::vector<std::string> columns;
  std::vector<std::string> positions;
  for (Dimension d : query.dimensions) {
    columns.push_back(SelectExpression(d));
    positions.push_back(absl::StrCat(positions.size() + 1));
  }
  for (errors::Measure m : query.measures) {
    columns.push_back(absl::StrCat("sum(", sql::QuoteIdent(errors::MeasureName(m)), ")::double precision"));
  }
  std::vector<std::string> where;
  if (query.population_only) where.push_back("experiment_id IS NULL");
  for (const ErrorFilter& f : query.filters) where.push_back(Condition(f, params));
  if (query.from) where.push_back(absl::StrCat("window_start >= ", TimeParam(*query.from, params)));
  if (query.to) where.push_back(absl::StrCat("window_start < ", TimeParam(*query.to, params)));

  std::string text = absl::StrCat("SELECT ", absl::StrJoin(columns, ", "), " FROM ", std::string(errors::kAggregatesTable));
  if (!where.empty()) absl::StrAppend(&text, " WHERE ", absl::StrJoin(where, " AND "));
  absl::StrAppend(&text, " GROUP BY ", absl::StrJoin(positions, ", "), " ORDER BY ",
                  absl::StrJoin(positions, " NULLS FIRST, "), " NULLS FIRST LIMIT ",
                  params.Add(absl::StrCat(limit)), "::bigint");
  return {.text = std::move(text), .params = params.Take()};
}

}  // namespace opmon::statistics
