#include "services/statistics/domain/live_health.h"

#include <string_view>
#include <utility>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/live/live_relations.h"
#include "common/time/civil_day.h"
#include "nlohmann/json.hpp"
#include "services/statistics/domain/webhook_outbox.h"

namespace opmon::statistics {
namespace {

constexpr char kEnrollmentsMetric[] = "enrollments";
constexpr char kSrmName[] = "sample_ratio_mismatch";
constexpr char kSrmMessage[] = "Enrollments per branch do not match the planned ratios";
constexpr char kTooFewName[] = "too_few_enrollments";

// Experiments with live windows, not ended before `today`, with the start
// of their enrollment (registry start date, else first window).
constexpr std::string_view kExperimentsSql =
    "SELECT e.slug, e.is_rollout, array_to_json(e.branches)::text, array_to_json(e.ratios)::text, "
    "  extract(epoch FROM COALESCE(e.start_date::timestamp AT TIME ZONE 'UTC', w.first))::bigint "
    "FROM opmon.experiments e "
    "JOIN (SELECT experiment, min(window_start) AS first FROM opmon.live_enrollment_windows "
    "      GROUP BY experiment) w ON w.experiment = e.slug "
    "WHERE e.end_date IS NULL OR e.end_date >= $1::date ORDER BY e.slug";
constexpr std::string_view kEnrollmentsSql =
    "SELECT branch, sum(enroll)::bigint FROM opmon.live_enrollment_windows WHERE experiment = $1 "
    "GROUP BY branch ORDER BY branch NULLS FIRST";
// Once per (experiment, day, alert): the unique key of opmon.alerts.
constexpr std::string_view kInsertSql =
    "INSERT INTO opmon.alerts (slug, submission_date, metric, statistic, branch, alert_name, alert_type, message, "
    "  point, lower, upper) "
    "VALUES ($1, $2::date, $3, $4, '', $5, $6, $7, NULLIF($8, '')::float8, NULLIF($9, '')::float8, "
    "  NULLIF($10, '')::float8) ON CONFLICT DO NOTHING "
    "RETURNING to_char(raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

// Health values are finite (a p-value, counts); "" binds NULL.
std::string NumberParam(std::optional<double> value) { return value ? absl::StrFormat("%.17g", *value) : ""; }

AlertRecord HealthAlert(absl::Time now, std::string name, config::AlertType type, std::string message) {
  AlertRecord a;
  a.submission_date = absl::ToCivilDay(now, absl::UTCTimeZone());
  a.metric = kEnrollmentsMetric;
  a.statistic = StatisticKind::kCount;
  a.alert_name = std::move(name);
  a.alert_type = type;
  a.message = std::move(message);
  return a;
}

ExperimentEnrollments ReadEnrollments(pqxx::transaction_base& tx, const pqxx::row& row) {
  ExperimentEnrollments e;
  e.slug = row[0].as<std::string>();
  e.is_rollout = row[1].as<bool>();
  const auto planned = nlohmann::json::parse(row[2].c_str()).get<std::vector<std::string>>();
  const auto ratios = nlohmann::json::parse(row[3].c_str()).get<std::vector<int>>();
  e.started = absl::FromUnixSeconds(row[4].as<std::int64_t>());
  std::vector<std::pair<std::string, std::int64_t>> observed;
  for (const pqxx::row& b : tx.exec_params(std::string(kEnrollmentsSql), e.slug)) {
    const std::int64_t n = b[1].as<std::int64_t>();
    e.total += n;
    if (!b[0].is_null()) observed.emplace_back(b[0].as<std::string>(), n);
  }
  // The registry's branches with their ratios; without any, the branches
  // seen, planned equal.
  if (planned.empty()) {
    for (const auto& [branch, n] : observed) e.branches.push_back({branch, n, 1});
    return e;
  }
  for (std::size_t i = 0; i < planned.size(); ++i) {
    std::int64_t n = 0;
    for (const auto& [branch, count] : observed) {
      if (branch == planned[i]) n = count;
    }
    e.branches.push_back({planned[i], n, i < ratios.size() ? static_cast<double>(ratios[i]) : 1.0});
  }
  return e;
}

}  // namespace

std::vector<AlertRecord> EvaluateLiveHealth(const ExperimentEnrollments& e, const LiveHealthOptions& options,
                                            absl::Time now) {
  std::vector<AlertRecord> out;
  if (!e.is_rollout) {
    if (std::optional<SampleRatioTest> test = TestSampleRatio(e.branches);
        test && test->p_value < options.srm_p_threshold) {
      AlertRecord a = HealthAlert(now, kSrmName, config::AlertType::kSrm, kSrmMessage);
      a.point = test->p_value;
      a.upper = options.srm_p_threshold;
      out.push_back(std::move(a));
    }
  }
  const absl::Duration age = now - e.started;
  std::optional<std::int64_t> minimum;
  std::string after;
  if (age >= absl::Hours(48)) {
    minimum = options.min_enrollments_after_2_days;
    after = "2 days";
  } else if (age >= absl::Hours(24)) {
    minimum = options.min_enrollments_after_1_day;
    after = "24 hours";
  }
  if (minimum && e.total < *minimum) {
    AlertRecord a = HealthAlert(now, kTooFewName, config::AlertType::kTooFewEnrollments,
                                absl::StrCat("Fewer than ", *minimum, " enrollments after ", after));
    a.point = static_cast<double>(e.total);
    a.lower = static_cast<double>(*minimum);
    out.push_back(std::move(a));
  }
  return out;
}

LiveHealthOutcome CheckLiveHealth(pqxx::connection_base& conn, const LiveHealthOptions& options, absl::Time now) {
  LiveHealthOutcome outcome;
  const std::string today = time::FormatCivilDay(absl::ToCivilDay(now, absl::UTCTimeZone()));
  pqxx::result experiments;
  {
    pqxx::read_transaction tx(conn);
    experiments = tx.exec_params(std::string(kExperimentsSql), today);
  }
  for (const pqxx::row& row : experiments) {
    pqxx::work tx(conn);
    const ExperimentEnrollments e = ReadEnrollments(tx, row);
    std::vector<AlertRecord> fresh;
    for (AlertRecord& a : EvaluateLiveHealth(e, options, now)) {
      pqxx::result inserted = tx.exec_params(
          std::string(kInsertSql), e.slug, today, a.metric, std::string(ToString(a.statistic)), a.alert_name,
          std::string(config::ToString(a.alert_type)), a.message, NumberParam(a.point), NumberParam(a.lower),
          NumberParam(a.upper));
      if (inserted.empty()) continue;  // raised earlier today
      a.raised_at = inserted[0][0].c_str();
      fresh.push_back(std::move(a));
    }
    if (!options.webhook_url.empty()) QueueAlertDeliveries(tx, e.slug, options.webhook_url, fresh);
    tx.commit();
    ++outcome.experiments_checked;
    for (AlertRecord& a : fresh) outcome.new_alerts.emplace_back(e.slug, std::move(a));
  }
  return outcome;
}

}  // namespace opmon::statistics
