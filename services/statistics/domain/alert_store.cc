#include "services/statistics/domain/alert_store.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <pqxx/pqxx>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "common/results/data_version.h"
#include "common/results/results_tables.h"
#include "common/results/statistics_row.h"
#include "common/results/text_array.h"
#include "common/time/civil_day.h"
#include "services/statistics/domain/alert_rules.h"
#include "services/statistics/domain/webhook_outbox.h"

namespace opmon::statistics {
namespace {

constexpr std::string_view kLockSql = "SELECT pg_advisory_xact_lock(hashtext('opmon.alerts/' || $1))";
constexpr std::string_view kTableExistsSql = "SELECT to_regclass($1) IS NOT NULL";
constexpr std::string_view kPreviousAlertsSql =
    "SELECT submission_date::text, build_id, dimensions::text, metric, statistic, parameter, branch, alert_name, "
    "message, to_char(raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
    "FROM opmon.alerts WHERE slug = $1 AND submission_date = ANY($2::date[])";
constexpr std::string_view kDeleteAlertsSql =
    "DELETE FROM opmon.alerts WHERE slug = $1 AND submission_date = ANY($2::date[])";
constexpr std::string_view kInsertAlertSql =
    "INSERT INTO opmon.alerts (slug, submission_date, build_id, dimensions, metric, statistic, parameter, branch, "
    "alert_name, alert_type, message, point, lower, upper, raised_at) VALUES ($1, $2::date, $3, $4::jsonb, $5, $6, "
    "$7, $8, $9, $10, $11, NULLIF($12, '')::float8, NULLIF($13, '')::float8, NULLIF($14, '')::float8, "
    "COALESCE(NULLIF($15, '')::timestamptz, now())) "
    "RETURNING to_char(raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
constexpr std::string_view kListAlertsSql =
    "SELECT submission_date::text, build_id, dimensions::text, metric, statistic, parameter, branch, alert_name, "
    "alert_type, message, point, lower, upper, "
    "to_char(raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
    "FROM opmon.alerts WHERE slug = $1 AND submission_date >= COALESCE(NULLIF($2, '')::date, '-infinity') "
    "ORDER BY submission_date, build_id, dimensions, metric, statistic, parameter, branch, alert_name, message "
    "LIMIT $3::bigint";

// A double as SQL text that round-trips exactly ("" for nullopt; pair with
// NULLIF($n, '')::float8).
std::string DoubleParam(std::optional<double> value) {
  if (!value) return "";
  if (std::isnan(*value)) return "NaN";
  if (std::isinf(*value)) return *value > 0 ? "Infinity" : "-Infinity";
  return absl::StrFormat("%.17g", *value);
}

std::string DatesArray(std::span<const absl::CivilDay> dates) {
  std::vector<std::string> text;
  for (const absl::CivilDay& d : dates) text.push_back(time::FormatCivilDay(d));
  return results::TextArrayLiteral(text);
}

std::vector<NamedValue> ParseDimensionsJson(const std::string& text) {
  std::vector<NamedValue> out;
  nlohmann::json array = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!array.is_array()) return out;
  for (const nlohmann::json& d : array) {
    if (!d.is_object() || !d.contains("name") || !d.contains("value")) continue;
    if (!d["name"].is_string() || !d["value"].is_string()) continue;
    out.push_back({d["name"].get<std::string>(), d["value"].get<std::string>()});
  }
  return out;
}

std::vector<results::StatisticsRow> ReadEvaluationRows(pqxx::transaction_base& tx, const config::ResolvedProject& project,
                                                std::span<const absl::CivilDay> dates) {
  // History only for avg_diff metrics (every alert's in sequential mode, whose
  // boundaries depend on the look number and the number of series): every
  // earlier row of those metrics.
  std::vector<std::string> history_metrics;
  for (const config::Alert& a : project.alerts) {
    if (a.type != config::AlertType::kAvgDiff && !project.false_alert_rate) continue;
    history_metrics.insert(history_metrics.end(), a.metrics.begin(), a.metrics.end());
  }
  const absl::CivilDay last = *std::max_element(dates.begin(), dates.end());
  const std::string sql = absl::StrCat(
      "SELECT ", results::StatisticsSelectSql(project), " FROM ", results::StatisticsTable(project).Qualified(),
      " WHERE submission_date = ANY($1::date[]) OR (metric = ANY($2::text[]) AND submission_date <= $3::date)");
  std::vector<results::StatisticsRow> rows;
  for (const pqxx::row& row : tx.exec_params(sql, DatesArray(dates), results::TextArrayLiteral(history_metrics),
                                             time::FormatCivilDay(last))) {
    rows.push_back(results::DecodeStatisticsRow(row, 0, project.dimensions.size()));
  }
  return rows;
}

// The project's alerts relation, created on first use; throws (Internal once
// converted) when a dimension's name collides with one of its columns.
results::RelationSchema EnsureProjectAlertsTable(pqxx::transaction_base& tx, const config::ResolvedProject& project) {
  absl::StatusOr<results::RelationSchema> alerts = results::AlertsSchema(project);
  if (!alerts.ok()) throw std::invalid_argument(std::string(alerts.status().message()));
  tx.exec(results::CreateTableSql(alerts->table, alerts->columns));
  // A dimension added to the project after the table was created.
  for (const config::Dimension& d : project.dimensions) tx.exec(results::AddColumnSql(alerts->table, {d.name, "text"}));
  return *std::move(alerts);
}

// The first eight columns of kPreviousAlertsSql and kListAlertsSql: what
// identifies an alert.
AlertRecord AlertIdentity(const pqxx::row& row) {
  AlertRecord a;
  a.submission_date = time::ParseCivilDay(row[0].c_str()).value_or(absl::CivilDay());
  a.build_id = row[1].c_str();
  a.dimensions = ParseDimensionsJson(row[2].c_str());
  a.metric = row[3].c_str();
  a.statistic = results::StatisticKindColumn(row[4]);
  a.parameter = StatisticParameter::FromText(row[5].c_str());
  a.branch = row[6].c_str();
  a.alert_name = row[7].c_str();
  return a;
}

void ReplaceProjectAlertsRows(pqxx::transaction_base& tx, const config::ResolvedProject& project,
                              std::span<const absl::CivilDay> dates, const std::vector<AlertRecord>& alerts) {
  const results::RelationSchema relation = EnsureProjectAlertsTable(tx, project);
  const std::string table = relation.table.Qualified();
  tx.exec_params(absl::StrCat("DELETE FROM ", table, " WHERE submission_date = ANY($1::date[])"), DatesArray(dates));
  if (alerts.empty()) return;
  // Values in the order of results::AlertsColumns.
  const std::size_t dims = project.dimensions.size();
  std::vector<std::string> values = {"$1::date", "NULLIF($2, '')"};
  std::size_t n = 3;
  for (std::size_t i = 0; i < dims; ++i) values.push_back(absl::StrCat("$", n++));
  for (int i = 0; i < 3; ++i) values.push_back(absl::StrCat("$", n++));
  values.push_back(absl::StrCat("NULLIF($", n++, ", '')"));  // parameter
  for (int i = 0; i < 3; ++i) values.push_back(absl::StrCat("$", n++));
  for (int i = 0; i < 3; ++i) values.push_back(absl::StrCat("NULLIF($", n++, ", '')::float8"));
  values.push_back(absl::StrCat("$", n++, "::timestamptz"));
  const std::string sql = absl::StrCat("INSERT INTO ", table, " (", results::ColumnListSql(relation.columns), ") VALUES (",
                                       absl::StrJoin(values, ", "), ")");
  for (const AlertRecord& a : alerts) {
    std::vector<std::string> params = {time::FormatCivilDay(a.submission_date), a.build_id};
    for (std::size_t i = 0; i < dims; ++i) params.push_back(i < a.dimensions.size() ? a.dimensions[i].value : "");
    for (const std::string& v :
         {a.branch, a.metric, std::string(ToString(a.statistic)), a.parameter.text(), a.alert_name}) {
      params.push_back(v);
    }
    params.emplace_back(config::ToString(a.alert_type));
    params.push_back(a.message);
    params.push_back(DoubleParam(a.point));
    params.push_back(DoubleParam(a.lower));
    params.push_back(DoubleParam(a.upper));
    params.push_back(a.raised_at);
    tx.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
  }
}

}  // namespace

AlertEvaluation EvaluateAndStoreAlerts(pqxx::connection_base& conn, const config::ResolvedProject& project,
                                       std::span<const absl::CivilDay> dates, const std::string& webhook_url) {
  pqxx::work tx(conn);
  AlertEvaluation out = EvaluateAndStoreAlerts(tx, project, dates, webhook_url);
  tx.commit();
  return out;
}

AlertEvaluation EvaluateAndStoreAlerts(pqxx::transaction_base& tx, const config::ResolvedProject& project,
                                       std::span<const absl::CivilDay> dates, const std::string& webhook_url) {
  AlertEvaluation out;
  if (dates.empty()) return out;
  tx.exec_params(std::string(kLockSql), project.slug);
  out.data_version = results::ReadDataVersion(tx, project.slug);

  std::vector<results::StatisticsRow> rows;
  if (tx.exec_params(std::string(kTableExistsSql), results::StatisticsTable(project).Qualified())[0][0]
          .as<bool>()) {
    rows = ReadEvaluationRows(tx, project, dates);
  }
  std::vector<AlertRecord> alerts = EvaluateAlerts(project, rows, dates);

  absl::flat_hash_map<std::string, std::string> previous;  // AlertKey → raised_at
  for (const pqxx::row& row : tx.exec_params(std::string(kPreviousAlertsSql), project.slug, DatesArray(dates))) {
    AlertRecord a = AlertIdentity(row);
    a.message = row[8].c_str();
    previous.emplace(AlertKey(a), row[9].c_str());
  }
  tx.exec_params(std::string(kDeleteAlertsSql), project.slug, DatesArray(dates));
  for (AlertRecord& a : alerts) {
    auto it = previous.find(AlertKey(a));
    const bool is_new = it == previous.end();
    pqxx::result inserted = tx.exec_params(
        std::string(kInsertAlertSql), project.slug, time::FormatCivilDay(a.submission_date), a.build_id,
        DimensionsJson(a.dimensions), a.metric, std::string(ToString(a.statistic)), a.parameter.text(), a.branch,
        a.alert_name, std::string(config::ToString(a.alert_type)), a.message, DoubleParam(a.point),
        DoubleParam(a.lower), DoubleParam(a.upper), is_new ? std::string() : it->second);
    a.raised_at = inserted[0][0].c_str();
    if (is_new) out.new_alerts.push_back(a);
  }
  ReplaceProjectAlertsRows(tx, project, dates, alerts);
  if (!webhook_url.empty()) QueueAlertDeliveries(tx, project.slug, webhook_url, out.new_alerts);
  out.alerts = std::move(alerts);
  return out;
}

std::vector<AlertRecord> ListStoredAlerts(pqxx::connection_base& conn, const std::string& slug,
                                          std::optional<absl::CivilDay> since, int limit) {
  pqxx::nontransaction tx(conn);
  std::vector<AlertRecord> out;
  for (const pqxx::row& row : tx.exec_params(std::string(kListAlertsSql), slug,
                                             since ? time::FormatCivilDay(*since) : std::string(), limit)) {
    AlertRecord a = AlertIdentity(row);
    a.alert_type = config::ParseAlertType(row[8].c_str()).value_or(config::AlertType::kThreshold);
    a.message = row[9].c_str();
    a.point = results::OptionalDouble(row[10]);
    a.lower = results::OptionalDouble(row[11]);
    a.upper = results::OptionalDouble(row[12]);
    a.raised_at = row[13].c_str();
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace opmon::statistics
