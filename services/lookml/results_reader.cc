#include "services/lookml/results_reader.h"

#include <optional>
#include <set>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/results/relation_name.h"
#include "common/sql/quote.h"

namespace opmon::lookml {
namespace {

// Columns of `table`; empty when the table does not exist.
std::set<std::string> Columns(pqxx::transaction_base& tx, const results::TableName& table) {
  constexpr char kSql[] =
      "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2";
  std::set<std::string> out;
  for (const pqxx::row& row : tx.exec_params(kSql, table.schema, table.name)) out.insert(row[0].as<std::string>());
  return out;
}

std::vector<ValueCount> ValueFrequencies(pqxx::transaction_base& tx, const results::TableName& table,
                                         const std::string& column, int max_values) {
  // Identifiers are quoted; the limit is bound.
  constexpr char kSql[] =
      "SELECT {column}, COUNT(*) FROM {table} WHERE {column} IS NOT NULL AND {column} <> '' "
      "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $1";
  const std::string sql = absl::StrReplaceAll(
      kSql, {{"{column}", sql::QuoteIdent(column)}, {"{table}", table.Qualified()}});
  std::vector<ValueCount> out;
  for (const pqxx::row& row : tx.exec_params(sql, max_values)) {
    out.push_back({row[0].as<std::string>(), row[1].as<int64_t>()});
  }
  return out;
}

std::optional<double> Double(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<double>();
}

std::string Text(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

// The x value of a row: the build id for build_id projects, else the date.
constexpr char kXSql[] = "submission_date::text";
constexpr char kBuildXSql[] = "COALESCE(build_id, '')";

}  // namespace

ResultsFacts ReadResultsFacts(pqxx::transaction_base& tx, const config::ResolvedProject& project, int max_values) {
  ResultsFacts facts;
  const results::TableName table = results::StatisticsTable(project);
  const std::set<std::string> columns = Columns(tx, table);
  if (columns.empty()) return facts;
  for (const config::Dimension& d : project.dimensions) {
    if (columns.count(d.name) == 0) continue;
    std::vector<ValueCount> values = ValueFrequencies(tx, table, d.name, max_values);
    if (!values.empty()) facts.dimension_values.push_back({d.name, std::move(values)});
  }
  if (columns.count("branch") > 0) {
    for (ValueCount& v : ValueFrequencies(tx, table, "branch", max_values)) {
      facts.observed_branches.push_back(std::move(v.value));
    }
  }
  return facts;
}

PreviewData ReadPreviewData(pqxx::transaction_base& tx, const config::ResolvedProject& project, size_t max_rows) {
  PreviewData data;
  const results::TableName statistics_table = results::StatisticsTable(project);
  const std::set<std::string> columns = Columns(tx, statistics_table);
  if (columns.empty()) return data;
  std::vector<std::string> dimension_sql;
  for (const config::Dimension& d : project.dimensions) {
    if (columns.count(d.name) == 0) continue;
    data.dimension_names.push_back(d.name);
    dimension_sql.push_back(absl::StrCat("COALESCE(", sql::QuoteIdent(d.name), ", '')"));
  }
  const bool by_build = project.xaxis == config::XAxis::kBuildId;
  const std::string x = by_build ? kBuildXSql : kXSql;
  const std::string dims = dimension_sql.empty() ? "" : absl::StrCat(absl::StrJoin(dimension_sql, ", "), ", ");
  const size_t n = data.dimension_names.size();
  const std::string statistics = statistics_table.Qualified();
  // Every daily run of a build_id project recomputes the last 14 days of
  // builds: keep each build's latest run, as the view's derived table does
  // (view_lkml.cc), so a build is one point and not a zigzag of runs.
  const std::string latest_runs =
      by_build ? absl::StrCat(" WHERE s.submission_date = (SELECT MAX(l.submission_date) FROM ", statistics,
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
    r.x = Text(row[0]);
    for (size_t i = 0; i < n; ++i) r.dimensions.push_back(Text(row[static_cast<int>(1 + i)]));
    const int c = static_cast<int>(1 + n);
    r.branch = Text(row[c]);
    r.metric = Text(row[c + 1]);
    r.statistic = Text(row[c + 2]);
    r.parameter = Text(row[c + 3]);
    r.point = Double(row[c + 4]);
    r.lower = Double(row[c + 5]);
    r.upper = Double(row[c + 6]);
    data.rows.push_back(std::move(r));
  }

  const results::TableName alerts_table = results::AlertsTable(project);
  const std::set<std::string> alert_columns = Columns(tx, alerts_table);
  if (alert_columns.count("message") == 0) return data;
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
    a.x = Text(row[0]);
    for (size_t i = 0; i < n; ++i) a.dimensions.push_back(Text(row[static_cast<int>(1 + i)]));
    const int c = static_cast<int>(1 + n);
    a.branch = Text(row[c]);
    a.metric = Text(row[c + 1]);
    a.statistic = Text(row[c + 2]);
    a.parameter = Text(row[c + 3]);
    a.alert_type = Text(row[c + 4]);
    a.message = Text(row[c + 5]);
    data.alerts.push_back(std::move(a));
  }
  return data;
}

}  // namespace opmon::lookml
