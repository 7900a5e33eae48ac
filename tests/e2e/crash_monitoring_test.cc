// Crash monitoring end to end (issue 15): the real opmon-datagen fills a
// warehouse with its injected crash regression, the real opmon-compute
// aggregates it (RunErrorAggregation over gRPC), and the real
// opmon-statistics answers from it. Checked against independent values:
// the aggregates the API returns equal the same sums computed by plain SQL
// over the warehouse (bench/errors/plain_group_by.sql, the reference's
// acceptance rules written as SQL), and the crash summary and the crash_rate
// alerts find the build datagen made crash three times as often
// (docs/datagen.md, Injected effects) and no other release build.
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "opmon/v1/compute.grpc.pb.h"
#include "opmon/v1/statistics.grpc.pb.h"
#include "tests/integration/datagen/datagen_run.h"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/service_process.h"
#include "tests/testing/source_tree.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using ::testing::Pair;

// The crash-regressed release build of services/compute/datagen/injected_effects.h.
constexpr char kCrashyBuild[] = "20240202142208";
// From 121's release (2023-12-29) to six days into 122's (held until
// 2024-02-09), so 122 is compared with 121 at the same age.
const absl::CivilDay kFirstDay(2023, 12, 27);
const absl::CivilDay kLastDay(2024, 2, 14);
// The days whose sums are compared with plain SQL (all of 122's).
const absl::CivilDay kFirstComparedDay(2024, 2, 8);

// (channel, version) -> count, main crashes, content crashes, usage hours.
using Sums = std::map<std::pair<std::string, std::string>, std::tuple<int64_t, int64_t, int64_t, double>>;

class CrashMonitoringTest : public PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    auto datagen = RunDatagen(dsn(), {"--seed", "42", "--clients", "500", "--days",
                                      std::to_string(kLastDay - kFirstDay + 1), "--end-date", "2024-02-14"});
    ASSERT_THAT(datagen, IsOk());
    ASSERT_EQ(datagen->exit_code, 0) << datagen->output;
  }

  // The population rows' sums by plain SQL over the warehouse, day by day
  // from kFirstComparedDay.
  static Sums PlainSql() {
    std::ifstream file(SourceDir() + "/bench/errors/plain_group_by.sql");
    std::stringstream plain;
    plain << file.rdbuf();
    EXPECT_FALSE(plain.str().empty());
    const std::string sql = absl::StrCat(
        "SELECT channel, version, sum(count), sum(main_crashes), sum(content_crashes), sum(usage_hours) FROM (",
        plain.str(), ") p WHERE experiment_id IS NULL GROUP BY 1, 2");
    pqxx::connection c(dsn());
    pqxx::read_transaction tx(c);
    Sums sums;
    for (absl::CivilDay day = kFirstComparedDay; day <= kLastDay; ++day) {
      for (const pqxx::row& r : tx.exec_params(sql, absl::FormatCivilTime(day))) {
        auto& [count, main, content, hours] = sums[{r[0].as<std::string>(), r[1].as<std::string>()}];
        count += r[2].as<int64_t>();
        main += r[3].as<int64_t>();
        content += r[4].as<int64_t>();
        hours += r[5].as<double>();
      }
    }
    return sums;
  }
};

TEST_F(CrashMonitoringTest, ServicesFindTheInjectedBuildAndAgreeWithPlainSql) {
  auto compute = ServiceProcess::StartServing("compute", dsn(), {"--warehouse-url", dsn(), "--errors-interval-seconds", "0"});
  ASSERT_THAT(compute, IsOk());
  auto statistics = ServiceProcess::StartServing("statistics", dsn(), {"--crash-alert-interval-seconds", "1"});
  ASSERT_THAT(statistics, IsOk());
  auto compute_stub = v1::ComputeService::NewStub((*compute)->channel());
  auto stub = StatisticsStub(**statistics);

  // One incremental pass reads the whole warehouse.
  v1::RunErrorAggregationResponse pass;
  grpc::Status status = compute_stub->RunErrorAggregation(Deadline(300).get(), v1::RunErrorAggregationRequest(), &pass);
  ASSERT_TRUE(status.ok()) << status.error_message() << (*compute)->Log();
  EXPECT_EQ(pass.pings_read(), QueryInt(dsn(), "SELECT (SELECT count(*) FROM telemetry.main) + "
                                              "(SELECT count(*) FROM telemetry.crash)"));
  EXPECT_GT(pass.pings_rejected(), 0);  // datagen's malformed pings, counted, not fatal

  // The API's sums (population rows, every window from kFirstComparedDay)
  // equal plain SQL's.
  Sums api;
  v1::QueryErrorAggregatesRequest query;
  for (const char* m : {"count", "main_crashes", "content_crashes", "usage_hours"}) query.add_measurements(m);
  query.add_dimensions("channel");
  query.add_dimensions("version");
  query.set_page_size(10000);
  query.set_from(absl::StrCat(absl::FormatCivilTime(kFirstComparedDay), "T00:00:00Z"));
  do {
    v1::QueryErrorAggregatesResponse page;
    status = stub->QueryErrorAggregates(Deadline(60).get(), query, &page);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(page.dimensions(0), "window_start");  // added: no time dimension asked
    for (const v1::ErrorAggregateRow& row : page.rows()) {
      auto& [count, main, content, hours] = api[{row.dimensions(1).value(), row.dimensions(2).value()}];
      count += std::llround(row.sums(0));
      main += std::llround(row.sums(1));
      content += std::llround(row.sums(2));
      hours += row.sums(3);
    }
    query.set_page_token(page.next_page_token());
  } while (!query.page_token().empty());
  const Sums plain = PlainSql();
  ASSERT_EQ(api.size(), plain.size());
  for (const auto& [key, sums] : plain) {
    SCOPED_TRACE(key.first + " " + key.second);
    ASSERT_TRUE(api.contains(key));
    EXPECT_EQ(std::get<0>(api[key]), std::get<0>(sums));
    EXPECT_EQ(std::get<1>(api[key]), std::get<1>(sums));
    EXPECT_EQ(std::get<2>(api[key]), std::get<2>(sums));
    EXPECT_NEAR(std::get<3>(api[key]), std::get<3>(sums), 1e-6 * std::get<3>(sums));
  }
  EXPECT_GT(std::get<1>(plain.at({"release", "122.0"})), 20);  // enough crashes to find anything

  // The crash summary: 122 against 121 at the same age, main crashes up.
  v1::GetCrashSummaryRequest summary_request;
  summary_request.set_channel("release");
  summary_request.set_platform("Windows_NT");
  v1::GetCrashSummaryResponse summary;
  status = stub->GetCrashSummary(Deadline(60).get(), summary_request, &summary);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(summary.current_version(), "122");
  ASSERT_EQ(summary.platforms_size(), 1);
  bool found_main = false;
  for (const v1::CrashMeasureSummary& m : summary.platforms(0).measures()) {
    if (m.measure() != "main_crashes") continue;
    found_main = true;
    EXPECT_EQ(m.change(), v1::CRASH_RATE_CHANGE_INCREASE) << m.DebugString();
    EXPECT_GT(m.change_percent(), 100) << m.DebugString();
  }
  EXPECT_TRUE(found_main);

  // The crash_rate alert names the injected build, and no other release
  // build is alerted on main crashes.
  std::vector<std::pair<std::string, std::string>> release_main;  // (build, alert name)
  for (int attempt = 0; attempt < 120 && release_main.empty(); ++attempt) {
    v1::ListAlertsRequest list;
    list.set_slug("@crash_rate");
    v1::ListAlertsResponse alerts;
    status = stub->ListAlerts(Deadline().get(), list, &alerts);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const v1::Alert& a : alerts.alerts()) {
      bool release = false;
      for (const v1::DimensionValue& d : a.dimensions()) release |= d.name() == "channel" && d.value() == "release";
      if (release && a.metric() == "main_crashes") release_main.emplace_back(a.build_id(), a.alert_name());
    }
    if (release_main.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  EXPECT_THAT(release_main, ::testing::ElementsAre(Pair(kCrashyBuild, "crash_rate_increase")));
}

}  // namespace
}  // namespace opmon::testing
