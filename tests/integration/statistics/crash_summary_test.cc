// GetCrashSummary, `opmonctl crashes summary` and crash_rate alerts over
// error aggregates inserted with plain SQL, as compute writes them (windows
// and the @error_aggregates data version bumped in one transaction). Rates
// are checked against numbers worked by hand and against the ratio of sums
// in plain SQL (which the mean of per-window rates is not); experiment rows
// and other channels never count; an alert is raised once per build and
// measure, whoever evaluates and however often.
#include <cmath>
#include <memory>
#include <map>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/statistics/domain/crash_rate.h"
#include "services/statistics/domain/crash_rate_alerts.h"
#include "services/statistics/domain/crash_rate_monitor.h"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/wait_until.h"

namespace opmon::statistics {
namespace {

using ::opmon::testing::BumpDataVersionSql;
using ::opmon::testing::Deadline;
using ::opmon::testing::IsOk;
using ::opmon::testing::PgTest;
using ::opmon::testing::QueryRows;
using ::opmon::testing::ServiceProcess;
using ::opmon::testing::StatisticsServiceTest;
using ::opmon::testing::WaitUntil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Hourly windows from 2026-01-01 (hour h), on release/Firefox:
//   121.0 (build 20251201000000) on Windows_NT, hours 0..240, rows DE and FR:
//     even hours 1,000 usage hours, odd hours 250, each with 2 main and 2
//     content crashes;
//   122.0 (build 20260110000000) on Windows_NT, hours 240..312: 1,000 hours,
//     5 main and 2 content crashes per window; on Linux hours 240..250 alike.
// Never read: experiment rows (huge counts) and the beta channel.
constexpr char kSeedSql[] = R"sql(
  TRUNCATE opmon.error_aggregates, opmon.alerts, opmon.webhook_outbox;
  DELETE FROM opmon.data_versions WHERE slug = '@error_aggregates';
  BEGIN;
  INSERT INTO opmon.error_aggregates (window_start, channel, version, display_version, build_id, application,
      os_name, country, experiment_id, experiment_branch, count, usage_hours, main_crashes, content_crashes)
  SELECT '2026-01-01 00:00:00+00'::timestamptz + h * interval '1 hour', 'release', '121.0', '121.0',
         '20251201000000', 'Firefox', 'Windows_NT', c, NULL, NULL, 10,
         CASE WHEN h % 2 = 0 THEN 1000 ELSE 250 END * CASE c WHEN 'DE' THEN 0.6 ELSE 0.4 END, 1, 1
  FROM generate_series(0, 240) h, unnest(ARRAY['DE', 'FR']) c
  UNION ALL
  SELECT '2026-01-01 00:00:00+00'::timestamptz + h * interval '1 hour', 'release', '122.0', '122.0',
         '20260110000000', 'Firefox', os, c, NULL, NULL, 10, 500, CASE c WHEN 'DE' THEN 3 ELSE 2 END, 1
  FROM generate_series(240, 312) h, unnest(ARRAY['DE', 'FR']) c, unnest(ARRAY['Windows_NT', 'Linux']) os
  WHERE os = 'Windows_NT' OR h <= 250
  UNION ALL
  SELECT '2026-01-01 00:00:00+00'::timestamptz + h * interval '1 hour', 'release', '122.0', '122.0',
         '20260110000000', 'Firefox', 'Windows_NT', 'DE', 'exp', 'treatment', 10, 500, 1000, 1000
  FROM generate_series(240, 312) h
  UNION ALL
  SELECT '2026-01-01 00:00:00+00'::timestamptz + h * interval '1 hour', 'beta', '123.0', '123.0b3',
         '20260115000000', 'Firefox', 'Windows_NT', 'DE', NULL, NULL, 10, 1000, 500, 500
  FROM generate_series(240, 312) h;
  )sql";

class CrashSummaryTest : public StatisticsServiceTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    Exec(kSeedSql + BumpDataVersionSql("@error_aggregates") + "; COMMIT");
  }

  double Number(const std::string& sql) { return std::stod(QueryRows(dsn(), sql).at(0).at(0)); }

  v1::GetCrashSummaryResponse Summary(const std::string& platform = "") {
    v1::GetCrashSummaryRequest request;
    request.set_channel("release");
    request.set_platform(platform);
    v1::GetCrashSummaryResponse response;
    grpc::Status status = stub_->GetCrashSummary(Deadline().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static const v1::CrashMeasureSummary& Measure(const v1::CrashPlatformSummary& p, const std::string& name) {
    for (const v1::CrashMeasureSummary& m : p.measures()) {
      if (m.measure() == name) return m;
    }
    ADD_FAILURE() << "no " << name;
    return p.measures(0);
  }
};

TEST_F(CrashSummaryTest, RatesAreRatiosOfSumsAtEqualAgeAsWorkedByHand) {
  StartService();
  v1::GetCrashSummaryResponse r = Summary();
  EXPECT_EQ(r.current_version(), "122");
  EXPECT_EQ(r.application(), "Firefox");
  EXPECT_EQ(r.last_window(), "2026-01-14T00:00:00Z");
  EXPECT_EQ(r.data_version(), 1);
  ASSERT_EQ(r.platforms_size(), 2);
  EXPECT_EQ(r.platforms(0).platform(), "Linux");
  const v1::CrashPlatformSummary& windows = r.platforms(1);
  ASSERT_EQ(windows.platform(), "Windows_NT");
  const v1::CrashMeasureSummary& main = Measure(windows, "main_crashes");
  ASSERT_EQ(main.versions_size(), 2);
  EXPECT_EQ(main.versions(0).version(), "122");
  EXPECT_EQ(main.versions(0).field_seconds(), 72 * 3600);
  EXPECT_DOUBLE_EQ(main.versions(0).rate(), 5);
  EXPECT_DOUBLE_EQ(main.versions(0).adjusted_rate(), 5);
  // 121 at 122's age, first day skipped: hours 24..96, 37 even windows
  // (1,000 h) and 36 odd (250 h), 2 crashes each: 146 / 46,000 h.
  EXPECT_EQ(main.versions(1).version(), "121");
  EXPECT_EQ(main.versions(1).field_seconds(), 240 * 3600);
  EXPECT_EQ(main.versions(1).adjusted_count(), 146);
  EXPECT_NEAR(main.versions(1).adjusted_rate(), 146 / 46.0, 1e-9);
  EXPECT_NEAR(main.change_percent(), (5 - 146 / 46.0) / (146 / 46.0) * 100, 1e-9);
  EXPECT_EQ(main.change(), v1::CRASH_RATE_CHANGE_INCREASE);
  const v1::CrashMeasureSummary& content = Measure(windows, "content_crashes");
  EXPECT_DOUBLE_EQ(content.versions(0).adjusted_rate(), 2);
  EXPECT_EQ(content.change(), v1::CRASH_RATE_CHANGE_DECREASE);
  EXPECT_DOUBLE_EQ(windows.summary_rate(), 5 + 2);
  // Over its whole time in the field (hours 24..264 hold 24..240): the ratio
  // of sums in plain SQL, which the mean of the windows' rates is not.
  const std::string field =
      "FROM (SELECT window_start, sum(main_crashes) AS c, sum(usage_hours) AS u FROM opmon.error_aggregates "
      "  WHERE channel = 'release' AND os_name = 'Windows_NT' AND experiment_id IS NULL AND version = '121.0' "
      "  AND window_start BETWEEN '2026-01-02 00:00:00+00' AND '2026-01-11 00:00:00+00' GROUP BY 1) w";
  const double ratio_of_sums = Number("SELECT sum(c) * 1000.0 / sum(u) " + field);
  const double mean_of_rates = Number("SELECT avg(c * 1000.0 / u) " + field);
  EXPECT_NEAR(main.versions(1).rate(), ratio_of_sums, 1e-9);
  EXPECT_GT(std::abs(mean_of_rates - ratio_of_sums), 1);
}

TEST_F(CrashSummaryTest, AnswersFromTheCacheUntilTheAggregatesChange) {
  StartService();
  EXPECT_DOUBLE_EQ(Summary("Linux").platforms(0).measures(0).versions(0).rate(), 5);
  // Changed without a bump: the cached summary still answers.
  Exec("UPDATE opmon.error_aggregates SET main_crashes = main_crashes * 2 WHERE os_name = 'Linux'");
  v1::GetCrashSummaryResponse cached = Summary("Linux");
  ASSERT_EQ(cached.platforms_size(), 1);
  EXPECT_DOUBLE_EQ(Measure(cached.platforms(0), "main_crashes").versions(0).rate(), 5);
  Exec(BumpDataVersionSql("@error_aggregates"));
  v1::GetCrashSummaryResponse fresh = Summary("Linux");
  EXPECT_EQ(fresh.data_version(), 2);
  EXPECT_DOUBLE_EQ(Measure(fresh.platforms(0), "main_crashes").versions(0).rate(), 10);
}

TEST_F(CrashSummaryTest, RefusesAMissingChannelAndAnUnknownMeasure) {
  StartService();
  v1::GetCrashSummaryRequest request;
  v1::GetCrashSummaryResponse response;
  grpc::Status status = stub_->GetCrashSummary(Deadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("channel"));
  request.set_channel("release");
  request.add_measures("mian_crashes");
  status = stub_->GetCrashSummary(Deadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("measures[0]: \"mian_crashes\""));
}

TEST_F(CrashSummaryTest, OpmonctlPrintsTheSummaryAsTablesAndJson) {
  StartService();
  auto table = ::opmon::testing::RunOpmonctl(*service_, {"crashes", "summary", "--channel", "release",
                                                          "--platform", "Windows_NT", "--measure", "main_crashes",
                                                          "--measure", "content_crashes"});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_THAT(table.output, HasSubstr("Windows_NT: summary rate (main + content) 7.00"));
  EXPECT_THAT(table.output, HasSubstr("increase"));
  EXPECT_THAT(table.output, HasSubstr("5.00"));
  auto json = ::opmon::testing::RunOpmonctl(*service_, {"--json", "crashes", "summary", "--channel", "release"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const nlohmann::json doc = nlohmann::json::parse(json.output);
  EXPECT_EQ(doc["current_version"], "122");
  EXPECT_EQ(doc["platforms"][1]["platform"], "Windows_NT");
  EXPECT_DOUBLE_EQ(doc["platforms"][1]["summary_rate"].get<double>(), 7);
  auto missing = ::opmon::testing::RunOpmonctl(*service_, {"crashes", "summary"});
  EXPECT_EQ(missing.exit_code, 2);
}

std::vector<std::string> Keys(const std::vector<AlertRecord>& alerts) {
  std::vector<std::string> out;
  for (const AlertRecord& a : alerts) out.push_back(a.alert_name + ":" + a.build_id + ":" + a.metric);
  return out;
}

TEST_F(CrashSummaryTest, RaisesACrashRateAlertOncePerBuildAndMeasure) {
  CrashRateAlertOptions options;
  options.webhook_url = "https://hooks.example/crashes";
  pqxx::connection conn(dsn());
  // 122's build on every platform: 420 main crashes in 84,000 h (5) against
  // 121's first 72 h (146 in 46,000 h: 3.17) + 25%; content crashes (2) are
  // not above 121's.
  CrashRateCheck first = CheckCrashRates(conn, options);
  EXPECT_EQ(first.groups_checked, 2);  // release and beta
  ASSERT_THAT(Keys(first.new_alerts), ElementsAre("crash_rate_increase:20260110000000:main_crashes"));
  const AlertRecord& alert = first.new_alerts[0];
  EXPECT_DOUBLE_EQ(*alert.point, 5);
  const RateInterval ci = PoissonRateInterval(420, 84000, 0.95);
  EXPECT_NEAR(*alert.lower, ci.lower, 1e-9);
  EXPECT_NEAR(*alert.upper, ci.upper, 1e-9);
  EXPECT_THAT(alert.message, HasSubstr("version 121's 3.174 at the same age (72 h)"));
  // Evaluated again, and with a threshold also exceeded: 122's main crashes
  // stay one alert; beta's 123 (500) and 121 (3.19 over its field) are new.
  options.thresholds = {{errors::Measure::kMainCrashes, 1}};
  Exec(BumpDataVersionSql("@error_aggregates"));
  CrashRateCheck second = CheckCrashRates(conn, options);
  EXPECT_THAT(Keys(second.new_alerts), ElementsAre("crash_rate_above_threshold:20260115000000:main_crashes",
                                                   "crash_rate_above_threshold:20251201000000:main_crashes"));
  EXPECT_THAT(CheckCrashRates(conn, options).new_alerts, ::testing::IsEmpty());
  EXPECT_EQ(QueryRows(dsn(), "SELECT count(*) FROM opmon.alerts WHERE alert_type = 'crash_rate'")[0][0], "3");
  EXPECT_EQ(QueryRows(dsn(), "SELECT count(*) FROM opmon.webhook_outbox WHERE slug = '@crash_rate'")[0][0], "3");
  // The database itself refuses a second one for the same build and measure.
  EXPECT_FALSE(cluster()
                   .Exec(database(),
                         "INSERT INTO opmon.alerts (slug, submission_date, build_id, metric, statistic, branch, "
                         "alert_name, alert_type, message) VALUES ('@crash_rate', '2026-02-01', '20260110000000', "
                         "'main_crashes', 'total_ratio', '', 'other', 'crash_rate', 'again')")
                   .ok());
}

TEST_F(CrashSummaryTest, TheMonitorEvaluatesOnlyWhenTheAggregatesChanged) {
  pg::Pool pool(pg::PoolOptions{.dsn = dsn(), .size = 1});
  CrashRateMonitor monitor(pool, CrashRateMonitorOptions{});
  CrashRateTickOutcome first = monitor.Tick();
  EXPECT_TRUE(first.evaluated);
  EXPECT_EQ(first.new_alerts, 1);
  EXPECT_FALSE(monitor.Tick().evaluated);
  Exec(BumpDataVersionSql("@error_aggregates"));
  CrashRateTickOutcome after_change = monitor.Tick();
  EXPECT_TRUE(after_change.evaluated);
  EXPECT_EQ(after_change.new_alerts, 0);
}

TEST_F(CrashSummaryTest, TheServiceRaisesAndListsCrashRateAlerts) {
  StartService({"--crash-alert-interval-seconds", "1", "--crash-rate-threshold", "content_crashes=100"});
  v1::ListAlertsRequest request;
  request.set_slug(std::string(kCrashRateAlertsSlug));
  v1::ListAlertsResponse response;
  // Two alerts: release 122.0's main crashes against 121.0 at equal age,
  // and the beta build's content crashes (500 per 1,000 hours) over the
  // threshold of 100; alerts are per build, whatever its channel.
  bool listed = true;
  WaitUntil(
      [&] {
        response.Clear();
        listed = stub_->ListAlerts(Deadline().get(), request, &response).ok();
        return !listed || response.alerts_size() >= 2;
      },
      absl::Seconds(30), absl::Milliseconds(100));
  ASSERT_TRUE(listed);
  ASSERT_EQ(response.alerts_size(), 2) << service_->Log();
  std::map<std::string, v1::Alert> by_build;
  for (const auto& a : response.alerts()) by_build[a.build_id()] = a;
  ASSERT_EQ(by_build.count("20260110000000"), 1u);
  ASSERT_EQ(by_build.count("20260115000000"), 1u);
  const v1::Alert& release = by_build["20260110000000"];
  EXPECT_EQ(release.alert_type(), "crash_rate");
  EXPECT_EQ(release.metric(), "main_crashes");
  EXPECT_THAT(release.message(), HasSubstr("95% CI"));
  const v1::Alert& beta = by_build["20260115000000"];
  EXPECT_EQ(beta.alert_type(), "crash_rate");
  EXPECT_EQ(beta.metric(), "content_crashes");
  EXPECT_THAT(beta.message(), HasSubstr("100"));
}

}  // namespace
}  // namespace opmon::statistics
