// GetLiveSeries through the real service over window rows inserted with
// plain SQL: channels of one window summed, gaps filled, the NULL branch of a
// rollout, distinct daily clients, the cache hit on a repeat and its miss
// once the live data version moves.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// "time branch=value" per point; "-" for an unset branch or value.
std::vector<std::string> Points(const v1::GetLiveSeriesResponse& response) {
  std::vector<std::string> out;
  for (const v1::LivePoint& p : response.points()) {
    out.push_back(p.time() + " " + (p.has_branch() ? p.branch() : "-") + (p.event().empty() ? "" : "/" + p.event()) +
                  "=" + (p.has_value() ? std::to_string(p.value()) : "-"));
  }
  return out;
}

v1::GetLiveSeriesRequest Request(const std::string& experiment, const std::string& dataset, bool by_branch) {
  v1::GetLiveSeriesRequest request;
  request.set_experiment(experiment);
  request.set_dataset(dataset);
  request.set_by_branch(by_branch);
  return request;
}

class LiveSeriesTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    // exp-a: control has two channel rows at 12:00 (3 + 2), nothing at
    // 12:05, then 4 enroll − 1 unenroll − 1 graduate at 12:10; treatment
    // starts at 12:05 with 6 − 2. rollout-b has only the NULL branch.
    ASSERT_THAT(cluster().Exec(database(), std::string(kEmptyLiveRelationsSql) + R"sql(
      INSERT INTO opmon.live_enrollment_windows
        (experiment, branch, channel, window_start, enroll, unenroll, graduate, exposure) VALUES
        ('exp-a', 'control',   'release', '2026-01-01 12:00:00+00', 3, 0, 0, 5),
        ('exp-a', 'control',   'beta',    '2026-01-01 12:00:00+00', 2, 0, 0, 0),
        ('exp-a', 'treatment', 'release', '2026-01-01 12:05:00+00', 6, 2, 0, 0),
        ('exp-a', 'control',   'release', '2026-01-01 12:10:00+00', 4, 1, 1, 0),
        ('rollout-b', NULL,    'release', '2026-01-01 23:55:00+00', 2, 0, 0, 0),
        ('rollout-b', NULL,    'release', '2026-01-02 00:05:00+00', 1, 0, 0, 0);
      INSERT INTO opmon.live_daily_clients (experiment, branch, day, client_id) VALUES
        ('exp-a', 'control', '2026-01-01', 'c1'), ('exp-a', 'control', '2026-01-01', 'c2'),
        ('exp-a', 'treatment', '2026-01-01', 'c2'), ('exp-a', 'treatment', '2026-01-01', 'c3');
      INSERT INTO opmon.data_versions (slug, version) VALUES ('@live_windows', 1);
    )sql"),
                IsOk());
    auto service = ServiceProcess::Start("statistics", dsn());
    ASSERT_THAT(service, IsOk());
    service_ = std::move(*service);
    ASSERT_THAT(service_->WaitForHealth(true), IsOk()) << service_->Log();
    stub_ = StatisticsStub(*service_);
  }

  v1::GetLiveSeriesResponse Get(const v1::GetLiveSeriesRequest& request) {
    v1::GetLiveSeriesResponse response;
    grpc::Status status = stub_->GetLiveSeries(Deadline().get(), request, &response);
    EXPECT_THAT(status, IsOk());
    return response;
  }

  std::unique_ptr<ServiceProcess> service_;
  std::unique_ptr<v1::StatisticsService::Stub> stub_;
};

TEST_F(LiveSeriesTest, CumulativeEstimateByBranchSumsChannelsAndFillsGaps) {
  EXPECT_THAT(Points(Get(Request("exp-a", "cumulative_population_estimate", true))),
              ElementsAre("2026-01-01T12:00:00Z control=5", "2026-01-01T12:00:00Z treatment=-",
                          "2026-01-01T12:05:00Z control=5", "2026-01-01T12:05:00Z treatment=4",
                          "2026-01-01T12:10:00Z control=7", "2026-01-01T12:10:00Z treatment=4"));
  EXPECT_THAT(Points(Get(Request("exp-a", "cumulative_population_estimate", false))),
              ElementsAre("2026-01-01T12:00:00Z -=5", "2026-01-01T12:05:00Z -=9", "2026-01-01T12:10:00Z -=11"));
}

TEST_F(LiveSeriesTest, RangeAndPerWindowDatasets) {
  v1::GetLiveSeriesRequest request = Request("exp-a", "cumulative_population_estimate", false);
  request.set_from("2026-01-01T12:05:00Z");
  request.set_to("2026-01-01T12:10:00Z");
  EXPECT_THAT(Points(Get(request)), ElementsAre("2026-01-01T12:05:00Z -=9"));
  EXPECT_THAT(Points(Get(Request("exp-a", "enrollment_overall", true))),
              ElementsAre("2026-01-01T12:00:00Z control=5", "2026-01-01T12:05:00Z treatment=6",
                          "2026-01-01T12:10:00Z control=4"));
  EXPECT_THAT(Points(Get(Request("exp-a", "other_events_overall", false))),
              ElementsAre("2026-01-01T12:00:00Z -/exposure=5", "2026-01-01T12:10:00Z -/graduate=1"));
}

TEST_F(LiveSeriesTest, RolloutReportsItsNullBranchAcrossMidnight) {
  EXPECT_THAT(Points(Get(Request("rollout-b", "cumulative_population_estimate", true))),
              ElementsAre("2026-01-01T23:55:00Z -=2", "2026-01-02T00:00:00Z -=2", "2026-01-02T00:05:00Z -=3"));
}

TEST_F(LiveSeriesTest, DailyActivePopulationCountsDistinctClients) {
  EXPECT_THAT(Points(Get(Request("exp-a", "daily_active_population", true))),
              ElementsAre("2026-01-01T00:00:00Z control=2", "2026-01-01T00:00:00Z treatment=2"));
  // c2 is in both branches' rows and counts once for the experiment.
  EXPECT_THAT(Points(Get(Request("exp-a", "daily_active_population", false))),
              ElementsAre("2026-01-01T00:00:00Z -=3"));
}

TEST_F(LiveSeriesTest, RepeatsComeFromTheCacheUntilTheLiveDataVersionMoves) {
  const v1::GetLiveSeriesRequest request = Request("exp-a", "enrollment_overall", false);
  EXPECT_EQ(Get(request).data_version(), 1);
  Get(request);
  EXPECT_EQ(MetricValue(*service_, "opmon_statistics_cache_hits_total"), 1);

  // What compute does: replace a window and bump the version in one transaction.
  ASSERT_THAT(cluster().Exec(database(), R"sql(
      BEGIN;
      INSERT INTO opmon.live_enrollment_windows (experiment, branch, channel, window_start, enroll)
        VALUES ('exp-a', 'treatment', 'release', '2026-01-01 12:15:00+00', 8);
      UPDATE opmon.data_versions SET version = version + 1 WHERE slug = '@live_windows';
      COMMIT;
    )sql"),
              IsOk());
  const v1::GetLiveSeriesResponse after = Get(request);
  EXPECT_EQ(after.data_version(), 2);
  EXPECT_THAT(Points(after), ElementsAre("2026-01-01T12:00:00Z -=5", "2026-01-01T12:05:00Z -=6",
                                         "2026-01-01T12:10:00Z -=4", "2026-01-01T12:15:00Z -=8"));
}

TEST_F(LiveSeriesTest, RefusesAnUnknownDatasetAndABadTime) {
  v1::GetLiveSeriesResponse response;
  grpc::Status status =
      stub_->GetLiveSeries(Deadline().get(), Request("exp-a", "enrollments", false), &response);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("dataset: \"enrollments\"")));
  v1::GetLiveSeriesRequest bad_time = Request("exp-a", "enrollment_overall", false);
  bad_time.set_from("2026-01-01 12:00");
  status = stub_->GetLiveSeries(Deadline().get(), bad_time, &response);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("from: \"2026-01-01 12:00\"")));
  status = stub_->GetLiveSeries(Deadline().get(), Request("", "enrollment_overall", false), &response);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("experiment")));
}

TEST_F(LiveSeriesTest, OpmonctlPrintsASeriesAsATableOrJson) {
  auto run = [&](const std::vector<std::string>& args) { return RunOpmonctl(*service_, args); };
  CommandResult table = run({"live", "exp-a", "--dataset", "cumulative_population_estimate", "--by-branch",
                             "--from", "2026-01-01T12:00:00Z", "--to", "2026-01-01T12:05:00Z"});
  EXPECT_EQ(table.exit_code, 0) << table.output;
  EXPECT_THAT(table.output, ContainsRegex("TIME +BRANCH +VALUE\n"
                                          "2026-01-01T12:00:00Z +control +5\n"
                                          "2026-01-01T12:00:00Z +treatment +-\n"
                                          "2 points, data version 1\n"));
  CommandResult json = run({"--json", "live", "rollout-b", "--dataset", "enrollment_overall", "--by-branch"});
  EXPECT_EQ(json.exit_code, 0) << json.output;
  EXPECT_EQ(nlohmann::json::parse(json.output, nullptr, false)["points"],
            nlohmann::json::parse(R"([{"time": "2026-01-01T23:55:00Z", "branch": null, "value": 2},
                                      {"time": "2026-01-02T00:05:00Z", "branch": null, "value": 1}])"));
  CommandResult bad = run({"live", "exp-a", "--dataset", "enrollments"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.output, HasSubstr("dataset: \"enrollments\" is not one of"));
  EXPECT_EQ(run({"live", "exp-a"}).exit_code, 2);
}

}  // namespace
}  // namespace opmon::testing
