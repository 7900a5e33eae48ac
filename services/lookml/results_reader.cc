#include "services/lookml/results_reader.h"

#include <optional>
#include <set>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/results/dimension_frequencies.h"
#include "common/results/relation_columns.h"
#include "common/results/relation_name.h"
#include "common/results/statistics_row.h"
#include "common/sql/quote.h"

namespace opmon::lookml {
namespace {

using results::OptionalDouble;

std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

// The x value of a row: the build id for build_id projects, else the date.
constexpr char kXSql[] = "submission_date::text";
constexpr char kBuildXSql[] = "COALESCE(build_id, '')";

}  // namespace

ResultsFacts ReadResultsFacts(pqxx::transaction_base& tx, const config::ResolvedProject& project, int max_values) {
  ResultsFacts facts;
  // A filter cannot offer the empty value: read one more and drop it, so the
  // ranking of the others is what it would be without it.
  const auto without_empty = [max_values](std::vector<ValueCount> values) {
    std::erase_if(values, [](const ValueCount& v) { return v.value.empty(); });
    if (values.size() > static_cast<size_t>(max_values)) values.resize(max_values);
    return values;
  };
  for (DimensionValues& d : results::ReadDimensionFrequencies(tx, project, max_values + 1)) {
    d.values = without_empty(std::move(d.values));
    if (!d.values.empty()) facts.dimension_values.push_back(std::move(d));
  }
  const results::TableName statistics = results::StatisticsTable(project);
  if (results::ReadRelationColumns(tx, statistics).count("branch") > 0) {
    for (ValueCount& v : without_empty(results::ReadValueFrequencies(tx, statistics, "branch", max_values + 1))) {
      facts.observed_branches.push_back(std::move(v.value));
    }
  }
  return facts;
}

namespace {

// The leading columns both preview selects share: x, the dimensions, then
// branch, metric, statistic, parameter. Returns the next column's index.
template <typename Row>
int ReadSeriesKey(const pqxx::row& row, size_t dimensions, Row& out) {
  out.x = Text(row[0]);
  for (size_t i = 0; i < dimensions; ++i) out.dimensions.push_back(Text(row[static_cast<int>(1 + i)]));
  const int c = static_cast<int>(1 + dimensions);
  out.branch = Text(row[c]);
  out.metric = Text(row[c + 1]);
  out.statistic = Text(row[c + 2]);
  out.parameter = Text(row[c + 3]);
  return c + 4;
}

// False when the project has no statistics relation yet.
bool ReadPreviewStatistics(pqxx::transaction_base& tx, const config::ResolvedProject& project,
                           const std::string& x, size_t max_rows, PreviewData& data) {
  const results::TableName statistics_table = results::StatisticsTable(project);
  const std::set<std::string> columns = results::ReadRelationColumns(tx, statistics_table);
  if (columns.empty()) return false;
  std::vector<std::string> dimension_sql;
  for (const config::Dimension& d : project.dimensions) {
    if (columns.count(d.name) == 0) continue;
    data.dimension_names.push_back(d.name);
    dimension_sql.push_back(absl::StrCat("COALESCE(", sql::QuoteIdent(d.name), ", '')"));
  }
  const std::string dims = dimension_sql.empty() ? "" : absl::StrCat(absl::StrJoin(dimension_sql, ", "), ", ");
  const size_t n = data.dimension_names.size();
  const std::string statistics = statistics_table.Qualified();
  // Every daily run of a build_id project recomputes the last 14 days of
  // builds: keep each build's latest run, as the view's derived table does
  // (view_lkml.cc), so a build is one point and not a zigzag of runs.
  const std::string latest_runs =
      project.xaxis == config::XAxis::kBuildId
          ? absl::StrCat(" WHERE s.submission_date = (SELECT MAX(l.submission_date) FROM ", statistics,
                         " AS l WHERE l.build_id = s.build_id)")
          : "";
  // Oldest first; every selected column takes part so the order is total.
  std::string order = "1";
  for (size_t i = 0; i < n + 4; ++i) absl::StrAppend(&order, ", ", i + 2);
  const std::string sql = absl::StrCat("SELECT ", x, ", ", dims,
                                       "branch, metric, statistic, COALESCE(parameter, ''), point, lower, upper FROM ",
                                       statistics, " AS s", latest_runs, " ORDER BY ", order, " LIMIT $1");
  for (const pqxx::row& row : tx.exec_params(sql, static_cast<int64_t>(max_rows))) {
    StatisticsRow r;
    const int c = ReadSeriesKey(row, n, r);
    r.point = OptionalDouble(row[c]);
    r.lower = OptionalDouble(row[c + 1]);
    r.upper = OptionalDouble(row[c + 2]);
    data.rows.push_back(std::move(r));
  }
  return true;
}

// Alerts with the dimensions the statistics have (in their order; '' where
// the alerts relation has no such column yet).
void ReadPreviewAlerts(pqxx::transaction_base& tx, const config::ResolvedProject& project, const std::string& x,
                       PreviewData& data) {
  const results::TableName alerts_table = results::AlertsTable(project);
  const std::set<std::string> alert_columns = results::ReadRelationColumns(tx, alerts_table);
  if (alert_columns.count("message") == 0) return;
  std::vector<std::string> alert_dims;
  for (const std::string& d : data.dimension_names) {
    alert_dims.push_back(alert_columns.count(d) > 0 ? absl::StrCat("COALESCE(", sql::QuoteIdent(d), ", '')")
                                                    : std::string("''"));
  }
  const std::string alert_sql = absl::StrCat(
      "SELECT ", x, ", ", alert_dims.empty() ? "" : absl::StrCat(absl::StrJoin(alert_dims, ", "), ", "),
      "branch, metric, statistic, COALESCE(parameter, ''), alert_type, message FROM ",
      alerts_table.Qualified(), " ORDER BY 1 DESC, message");
  for (const pqxx::row& row : tx.exec(alert_sql)) {
    AlertRow a;
    const int c = ReadSeriesKey(row, data.dimension_names.size(), a);
    a.alert_type = Text(row[c]);
    a.message = Text(row[c + 1]);
    data.alerts.push_back(std::move(a));
  }
}

}  // namespace

PreviewData ReadPreviewData(pqxx::transaction_base& tx, const config::ResolvedProject& project, size_t max_rows) {
  PreviewData data;
  const std::string x = project.xaxis == config::XAxis::kBuildId ? kBuildXSql : kXSql;
  if (ReadPreviewStatistics(tx, project, x, max_rows, data)) ReadPreviewAlerts(tx, project, x, data);
  return data;
}

}  // namespace opmon::lookml
