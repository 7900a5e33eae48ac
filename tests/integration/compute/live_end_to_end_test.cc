// Live experiment monitoring end to end through the real services (issue
// 14): opmon-datagen's warehouse events → compute's warehouse pass → windows
// → statistics' GetLiveSeries, health check and JSON export. The expected
// numbers come from plain SQL over the warehouse tables (each event id
// once), independent of compute's windows.
#include <pqxx/pqxx>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/statistics.grpc.pb.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/testing/scratch_dir.h"
#include "tests/testing/source_tree.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/wait_until.h"

namespace opmon::compute::testing {
namespace {

using ::opmon::testing::IsOk;
using ::opmon::testing::ServiceProcess;
using ::opmon::testing::WaitUntil;

constexpr char kDay[] = "2024-02-20";

// Per branch of engagement-statistics: distinct valid enroll ids minus
// unenroll and graduate ids (the reference's cumulative estimate at the
// end of the data), from the warehouse as datagen wrote it.
std::map<std::string, long long> ExpectedPopulation(const std::string& dsn) {
  auto rows = Query(dsn, R"sql(
    SELECT branch,
           count(DISTINCT event_id) FILTER (WHERE event IN ('enroll', 'enrollment'))
         - count(DISTINCT event_id) FILTER (WHERE event IN ('unenroll', 'unenrollment'))
         - count(DISTINCT event_id) FILTER (WHERE event IN ('graduate', 'graduation'))
    FROM telemetry.normandy
    WHERE experiment = 'engagement-statistics' AND branch IS NOT NULL AND client_id <> ''
    GROUP BY branch ORDER BY branch)sql");
  std::map<std::string, long long> out;
  if (!rows.ok()) {
    ADD_FAILURE() << rows.status();
    return out;
  }
  for (const auto& row : *rows) out[*row[0]] = std::stoll(*row[1]);
  return out;
}

class LiveEndToEndTest : public ComputeTest {};

TEST_F(LiveEndToEndTest, WarehouseEventsBecomeSeriesHealthAlertsAndExportFiles) {
  // The registry: the experiment with datagen's known 55/45 split and one
  // without a mismatch, both planned 1:1 (ratios empty: equal).
  {
    pqxx::connection conn(dsn());
    pqxx::work tx(conn);
    tx.exec("INSERT INTO opmon.experiments (slug, start_date, is_rollout, branches) VALUES "
            "('engagement-statistics', '2024-02-20', false, '{control,treatment}'), "
            "('new-tab-layout-v2', '2024-02-20', false, '{control,treatment}')");
    tx.commit();
  }
  const std::string datagen = opmon::testing::BuiltBinary("services/compute/datagen/opmon-datagen");
  auto loaded = opmon::testing::RunCommand(
      {datagen, "--live", "--warehouse-url", dsn(), "--end-date", kDay, "--days", "1", "--live-clients", "5000"});
  ASSERT_THAT(loaded, IsOk());
  ASSERT_EQ(loaded->exit_code, 0) << loaded->output;

  auto compute = StartCompute({"--workers", "0", "--live-interval-seconds", "0"});
  ASSERT_NE(compute, nullptr);
  {
    auto stub = Stub(*compute);
    v1::RunLiveAggregationRequest request;
    v1::RunLiveAggregationResponse response;
    auto ctx = Context();
    ASSERT_THAT(stub->RunLiveAggregation(ctx.get(), request, &response), IsOk());
    EXPECT_GT(response.stored(), 10'000);
  }

  auto export_dir = opmon::testing::ScratchDir::Create("live-export");
  ASSERT_THAT(export_dir, IsOk());
  auto statistics = ServiceProcess::StartServing(
      "statistics", dsn(), {"--live-interval-seconds", "1", "--live-export-dir", (*export_dir)->path()});
  ASSERT_THAT(statistics, IsOk());

  // The series: the last cumulative estimate per branch equals the plain SQL.
  const std::map<std::string, long long> expected = ExpectedPopulation(dsn());
  ASSERT_EQ(expected.size(), 2u);
  auto stub = v1::StatisticsService::NewStub((*statistics)->channel());
  v1::GetLiveSeriesRequest request;
  request.set_experiment("engagement-statistics");
  request.set_dataset("cumulative_population_estimate");
  request.set_by_branch(true);
  v1::GetLiveSeriesResponse response;
  auto ctx = Context();
  ASSERT_THAT(stub->GetLiveSeries(ctx.get(), request, &response), IsOk());
  std::map<std::string, long long> last;
  for (const v1::LivePoint& p : response.points()) {
    if (p.has_branch() && p.has_value()) last[p.branch()] = p.value();
  }
  EXPECT_EQ(last, expected);
  // The known mismatch is visible in the numbers themselves.
  EXPECT_GT(expected.at("control"), expected.at("treatment") * 11 / 10);

  // Health: an srm alert for the mismatched experiment only.
  std::string srm;
  WaitUntil(
      [&] {
        srm = QueryValue(dsn(),
                         "SELECT string_agg(slug, ',' ORDER BY slug) FROM opmon.alerts WHERE alert_type = 'srm'");
        return !srm.empty();
      },
      absl::Seconds(30), absl::Milliseconds(100));
  EXPECT_EQ(srm, "engagement-statistics");

  // Export: the by-branch file's newest value per branch is the same estimate.
  const std::filesystem::path file =
      std::filesystem::path((*export_dir)->path()) / "engagement-statistics_cumulative_population_estimate_by_branch.json";
  WaitUntil([&] { return std::filesystem::exists(file); }, absl::Seconds(30), absl::Milliseconds(100));
  ASSERT_TRUE(std::filesystem::exists(file)) << file;
  std::ifstream in(file);
  const nlohmann::json points = nlohmann::json::parse(in);
  ASSERT_TRUE(points.is_array());
  std::map<std::string, long long> newest;
  for (const auto& p : points) {  // newest first
    if (p["branch"].is_string() && p["value"].is_number() && !newest.contains(p["branch"].get<std::string>())) {
      newest[p["branch"].get<std::string>()] = p["value"].get<long long>();
    }
  }
  EXPECT_EQ(newest, expected);
}

}  // namespace
}  // namespace opmon::compute::testing
