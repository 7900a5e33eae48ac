#include "services/statistics/domain/legacy_aggregates_reader.h"

#include <string>
#include <string_view>

#include <pqxx/pqxx>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/sql/quote.h"
#include "common/status/status_macros.h"

namespace opmon::statistics {
namespace {

// bigint[] as PostgreSQL prints it ("{1,2,3}", "{}"). FailedPrecondition for
// NULL elements or anything else (a multi-dimensional array).
absl::StatusOr<std::vector<std::int64_t>> ParseBigintArray(std::string_view text, std::string_view date,
                                                           std::string_view label) {
  auto bad = [&](std::string_view why) {
    return absl::FailedPreconditionError(absl::StrCat(LegacyRowLocation(date, label), ": ", std::string(why),
                                                      " in \"", absl::CHexEscape(std::string(text.substr(0, 80))),
                                                      "\""));
  };
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return bad("not a one-dimensional array");
  std::vector<std::int64_t> out;
  const std::string_view inner = text.substr(1, text.size() - 2);
  if (inner.empty()) return out;
  for (absl::string_view element : absl::StrSplit(absl::string_view(inner.data(), inner.size()), ',')) {
    std::int64_t value = 0;
    if (element == "NULL") return bad(absl::StrCat("a NULL element at index ", out.size()));
    if (!absl::SimpleAtoi(element, &value)) return bad(absl::StrCat("a non-integer element at index ", out.size()));
    out.push_back(value);
  }
  return out;
}

// A field's text, valid while its result lives (libpqxx 6 has no view()).
std::string_view Text(const pqxx::field& field) { return {field.c_str(), field.size()}; }

}  // namespace

std::size_t ApproximateBytes(const LegacyAggregates& aggregates) {
  std::size_t bytes = sizeof(LegacyAggregates);
  for (const LegacyHistogram& h : aggregates.histograms) {
    bytes += sizeof(LegacyHistogram) + h.date.capacity() + h.label.capacity() +
             h.buckets.capacity() * sizeof(std::int64_t);
  }
  return bytes;
}

SqlStatement BuildLegacyAggregatesSql(const LegacyQuery& query) {
  SqlStatement out;
  auto param = [&out](std::string value) {
    out.params.push_back(std::move(value));
    return absl::StrCat("$", out.params.size());
  };
  const std::string version_key = param(std::string(legacy::kDataVersionKey));
  std::vector<std::string> where = {
      absl::StrCat("aggregate_type = ", param(std::string(legacy::AggregateTypeName(query.aggregate_type)))),
      absl::StrCat("channel = ", param(query.channel)),
      absl::StrCat("version = ", param(query.version)),
      absl::StrCat("metric = ", param(query.metric)),
  };
  if (query.from) where.push_back(absl::StrCat("ds_nodash >= ", param(*query.from)));
  if (query.to) where.push_back(absl::StrCat("ds_nodash <= ", param(*query.to)));
  for (const LegacyDimensionFilter& f : query.filters) {
    where.push_back(
        absl::StrCat("COALESCE(", sql::QuoteIdent(LegacyDimensionName(f.dimension)), ", '') = ", param(f.value)));
  }
  out.text = absl::StrCat(
      "WITH version AS (SELECT COALESCE((SELECT version FROM opmon.data_versions WHERE slug = ", version_key,
      "), 0) AS data_version) "
      "SELECT version.data_version, selected.ds_nodash, selected.label, selected.aggregate::text "
      "FROM version LEFT JOIN LATERAL (SELECT ds_nodash, COALESCE(label, '') AS label, aggregate FROM ",
      std::string(legacy::kAggregatesTable), " WHERE ", absl::StrJoin(where, " AND "), ") AS selected ON TRUE");
  return out;
}

absl::StatusOr<LegacyAggregates> ReadLegacyAggregates(pqxx::connection_base& conn, const LegacyQuery& query) {
  const SqlStatement sql = BuildLegacyAggregatesSql(query);
  pqxx::nontransaction tx(conn);
  pqxx::result result = tx.exec_params(sql.text, pqxx::prepare::make_dynamic_params(sql.params));
  LegacyAggregates out;
  LegacyHistogramMerger merger;
  for (const pqxx::row& row : result) {
    out.data_version = row[0].as<std::int64_t>();
    if (row[1].is_null()) break;  // no rows: the version row only
    const std::string_view date = Text(row[1]);
    const std::string_view label = Text(row[2]);
    OPMON_ASSIGN_OR_RETURN(std::vector<std::int64_t> aggregate, ParseBigintArray(Text(row[3]), date, label));
    OPMON_RETURN_IF_ERROR(merger.Add(date, label, aggregate));
  }
  out.histograms = std::move(merger).Finish();
  return out;
}

}  // namespace opmon::statistics
