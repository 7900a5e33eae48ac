// Experiment health and the export over rows inserted with plain SQL: an srm
// alert for the experiment enrolling 55/45 against a planned 50/50 only,
// once per day, queued for the webhook; ListAlerts of an experiment that is
// no project; the export files of active experiments (not of one ended
// more than 14 days ago), newest first, written by the real service.
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/statistics/domain/live_export.h"
#include "services/statistics/domain/live_health.h"
#include "services/statistics/domain/live_series_queries.h"
#include "services/statistics/domain/query_cache.h"
#include "common/pg/pool.h"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/wait_until.h"

namespace opmon::statistics {
namespace {

using ::opmon::testing::Deadline;
using ::opmon::testing::IsOk;
using ::opmon::testing::PgTest;
using ::opmon::testing::QueryRows;
using ::opmon::testing::ServiceProcess;
using ::opmon::testing::StatisticsStub;
using ::opmon::testing::WaitUntil;
using ::testing::ElementsAre;

absl::Time Utc(int y, int m, int d, int hh, int mm = 0) {
  return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), absl::UTCTimeZone());
}

class LiveHealthExportTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    // exp-srm enrolls 5,500 / 4,500 against a planned 50/50 (χ² = 100);
    // exp-ok 2,750 / 2,250 against a planned 55/45 (as planned); old-exp
    // ended on 2025-12-01.
    ASSERT_THAT(cluster().Exec(database(), std::string(::opmon::testing::kEmptyLiveRelationsSql) + R"sql(
      INSERT INTO opmon.experiments (slug, start_date, end_date, branches, ratios) VALUES
        ('exp-srm', '2026-01-01', NULL, '{control,treatment}', '{1,1}'),
        ('exp-ok',  '2026-01-01', NULL, '{control,treatment}', '{55,45}'),
        ('old-exp', '2025-11-01', '2025-12-01', '{control,treatment}', '{}');
      INSERT INTO opmon.live_enrollment_windows (experiment, branch, channel, window_start, enroll) VALUES
        ('exp-srm', 'control',   'release', '2026-01-01 12:00:00+00', 3000),
        ('exp-srm', 'control',   'beta',    '2026-01-01 12:05:00+00', 2500),
        ('exp-srm', 'treatment', 'release', '2026-01-01 12:05:00+00', 4500),
        ('exp-ok',  'control',   'release', '2026-01-01 12:00:00+00', 2750),
        ('exp-ok',  'treatment', 'release', '2026-01-01 12:00:00+00', 2250),
        ('old-exp', 'control',   'release', '2025-11-01 12:00:00+00', 2),
        ('old-exp', 'treatment', 'release', '2025-11-01 12:00:00+00', 2);
    )sql"),
                IsOk());
  }

  LiveHealthOutcome Check(absl::Time now) {
    pqxx::connection conn(dsn());
    LiveHealthOptions options;
    options.webhook_url = "https://hooks.example/live";
    return CheckLiveHealth(conn, options, now);
  }
};

TEST_F(LiveHealthExportTest, SrmAlertOnlyForTheMismatchedExperimentOncePerDay) {
  LiveHealthOutcome first = Check(Utc(2026, 1, 1, 13));
  EXPECT_EQ(first.experiments_checked, 2);  // old-exp ended
  ASSERT_EQ(first.new_alerts.size(), 1u);
  EXPECT_EQ(first.new_alerts[0].first, "exp-srm");
  EXPECT_EQ(first.new_alerts[0].second.alert_type, config::AlertType::kSrm);
  EXPECT_TRUE(Check(Utc(2026, 1, 1, 13, 5)).new_alerts.empty());  // the same day
  EXPECT_THAT(QueryRows(dsn(), "SELECT slug, submission_date::text, alert_type, metric FROM opmon.alerts"),
              ElementsAre(ElementsAre("exp-srm", "2026-01-01", "srm", "enrollments")));
  EXPECT_THAT(QueryRows(dsn(), "SELECT slug, url, body::jsonb->>'alert_type' FROM opmon.webhook_outbox"),
              ElementsAre(ElementsAre("exp-srm", "https://hooks.example/live", "srm")));
  // The next day raises it again; 48 h after the start, 5,000 is enough.
  LiveHealthOutcome next_day = Check(Utc(2026, 1, 3, 13));
  ASSERT_EQ(next_day.new_alerts.size(), 1u);
  EXPECT_EQ(next_day.new_alerts[0].second.submission_date, absl::CivilDay(2026, 1, 3));
}

TEST_F(LiveHealthExportTest, TooFewEnrollmentsAfterADay) {
  ASSERT_THAT(cluster().Exec(database(), R"sql(
      INSERT INTO opmon.experiments (slug, start_date, branches) VALUES ('slow-exp', '2026-01-01', '{control,t}');
      INSERT INTO opmon.live_enrollment_windows (experiment, branch, channel, window_start, enroll) VALUES
        ('slow-exp', 'control', 'release', '2026-01-01 12:00:00+00', 200),
        ('slow-exp', 't',       'release', '2026-01-01 12:00:00+00', 210);
    )sql"),
              IsOk());
  auto slow_alerts = [](const LiveHealthOutcome& outcome) {
    std::vector<std::string> messages;
    for (const auto& [slug, alert] : outcome.new_alerts) {
      if (slug == "slow-exp") messages.push_back(alert.message);
    }
    return messages;
  };
  EXPECT_THAT(slow_alerts(Check(Utc(2026, 1, 1, 23, 55))), ElementsAre());
  // 24 h after the start date's midnight.
  EXPECT_THAT(slow_alerts(Check(Utc(2026, 1, 2, 0, 0))), ElementsAre("Fewer than 500 enrollments after 24 hours"));
}

TEST_F(LiveHealthExportTest, ActiveExperimentsAreThoseNotEndedFourteenDaysAgo) {
  pqxx::connection conn(dsn());
  std::vector<std::string> slugs;
  for (const ExportedExperiment& e : ReadExportedExperiments(conn, Utc(2025, 12, 14, 23, 59))) slugs.push_back(e.slug);
  EXPECT_THAT(slugs, ElementsAre("exp-ok", "exp-srm", "old-exp"));  // ended 2025-12-01: 13 days ago
  slugs.clear();
  for (const ExportedExperiment& e : ReadExportedExperiments(conn, Utc(2025, 12, 16, 0, 0))) slugs.push_back(e.slug);
  EXPECT_THAT(slugs, ElementsAre("exp-ok", "exp-srm"));
}

nlohmann::json ReadJson(const std::filesystem::path& path) {
  return nlohmann::json::parse(::opmon::testing::ReadFile(path), nullptr, /*allow_exceptions=*/false);
}

class LiveExportTest : public LiveHealthExportTest {
 protected:
  void SetUp() override {
    LiveHealthExportTest::SetUp();
    dir_ = std::filesystem::path(::testing::TempDir()) / ("live-export-" + database());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    pool_ = std::make_unique<pg::Pool>(pg::PoolOptions{.dsn = dsn(), .size = 2});
    cache_ = std::make_unique<QueryCache>(1 << 20);
    queries_ = std::make_unique<LiveSeriesQueries>(*pool_, *cache_);
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    LiveHealthExportTest::TearDown();
  }
  absl::Status Export(absl::Time now) {
    return ExportExperiment(*queries_, {"exp-srm", absl::CivilDay(2026, 1, 1), std::nullopt}, dir_.string(), now);
  }

  std::filesystem::path dir_;
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<QueryCache> cache_;
  std::unique_ptr<LiveSeriesQueries> queries_;
};

TEST_F(LiveExportTest, WritesEveryDatasetNewestFirstWithNumbersAndNulls) {
  ASSERT_THAT(Export(Utc(2026, 1, 2, 0)), IsOk());
  EXPECT_EQ(ReadJson(dir_ / "exp-srm_cumulative_population_estimate_by_branch.json"),
            nlohmann::json::parse(R"([{"time": "2026-01-01T12:05:00Z", "branch": "control", "value": 5500},
                                      {"time": "2026-01-01T12:05:00Z", "branch": "treatment", "value": 4500},
                                      {"time": "2026-01-01T12:00:00Z", "branch": "control", "value": 3000},
                                      {"time": "2026-01-01T12:00:00Z", "branch": "treatment", "value": null}])"));
  EXPECT_EQ(ReadJson(dir_ / "exp-srm_enrollment_overall.json"),
            nlohmann::json::parse(R"([{"time": "2026-01-01T12:05:00Z", "value": 7000},
                                      {"time": "2026-01-01T12:00:00Z", "value": 3000}])"));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().extension(), ".json") << entry.path();  // no temporary left
    ++files;
  }
  EXPECT_EQ(files, 16);  // 8 datasets, by branch and summed
}

TEST_F(LiveExportTest, AfterFourteenDaysPointsAreHalfHoursWithTheLatestValue) {
  // Started 2026-01-01; 15 days later 12:00 stays 12:00 and 12:05 rounds up
  // to 12:30.
  ASSERT_THAT(Export(Utc(2026, 1, 16, 0)), IsOk());
  ASSERT_THAT(cluster().Exec(database(), R"sql(
      INSERT INTO opmon.live_enrollment_windows (experiment, branch, channel, window_start, enroll) VALUES
        ('exp-srm', 'control', 'release', '2026-01-01 12:25:00+00', 1),
        ('exp-srm', 'control', 'release', '2026-01-01 12:30:00+00', 1);
      UPDATE opmon.data_versions SET version = version + 1 WHERE slug = '@live_windows';
      INSERT INTO opmon.data_versions (slug, version) VALUES ('@live_windows', 1) ON CONFLICT DO NOTHING;
    )sql"),
              IsOk());
  ASSERT_THAT(Export(Utc(2026, 1, 16, 0)), IsOk());
  // 12:05 … 12:30 fall in the 12:30 bucket: the latest (12:30) counts,
  // 5,502 for control; treatment's latest there is its running 4,500.
  EXPECT_EQ(ReadJson(dir_ / "exp-srm_cumulative_population_estimate_by_branch.json"),
            nlohmann::json::parse(R"([{"time": "2026-01-01T12:30:00Z", "branch": "control", "value": 5502},
                                      {"time": "2026-01-01T12:30:00Z", "branch": "treatment", "value": 4500},
                                      {"time": "2026-01-01T12:00:00Z", "branch": "control", "value": 3000},
                                      {"time": "2026-01-01T12:00:00Z", "branch": "treatment", "value": null}])"));
}

TEST_F(LiveHealthExportTest, TheServiceExportsActiveExperimentsAndListsAnExperimentsAlerts) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / ("live-service-" + database());
  std::filesystem::remove_all(dir);
  auto service = ServiceProcess::Start(
      "statistics", dsn(), {"--live-export-dir", dir.string(), "--live-interval-seconds", "3600"});
  ASSERT_THAT(service, IsOk());
  ASSERT_THAT((*service)->WaitForHealth(true), IsOk()) << (*service)->Log();
  // The first tick runs once the service serves. Files appear only by
  // rename, so a complete set is 2 experiments × 16 files.
  auto json_files = [&] {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) names.push_back(entry.path().filename());
    return names;
  };
  WaitUntil([&] { return json_files().size() >= 32; }, absl::Seconds(30));
  const std::vector<std::string> names = json_files();
  EXPECT_EQ(names.size(), 32u);
  for (const std::string& name : names) EXPECT_THAT(name, ::testing::Not(::testing::StartsWith("old-exp")));

  auto stub = StatisticsStub(**service);
  v1::ListAlertsRequest request;
  request.set_slug("exp-srm");
  v1::ListAlertsResponse response;
  ASSERT_THAT(stub->ListAlerts(Deadline().get(), request, &response), IsOk());
  ASSERT_EQ(response.alerts_size(), 1);  // raised by the same tick, today
  EXPECT_EQ(response.alerts(0).alert_type(), "srm");
  request.set_slug("exp-ok");
  response.Clear();
  ASSERT_THAT(stub->ListAlerts(Deadline().get(), request, &response), IsOk());
  EXPECT_EQ(response.alerts_size(), 0);
  request.set_slug("nothing");
  EXPECT_EQ(stub->ListAlerts(Deadline().get(), request, &response).error_code(), grpc::StatusCode::NOT_FOUND);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace opmon::statistics
