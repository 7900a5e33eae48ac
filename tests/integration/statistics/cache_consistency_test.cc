// The query cache is never stale: a publish between two identical queries
// returns the new data (on the publishing replica and on another one that
// was not told), and readers running during publishes never see a response
// that mixes two versions of the data.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

class StatisticsCacheTest : public PgTest {
 protected:
  std::unique_ptr<ServiceProcess> StartService() {
    auto service = ServiceProcess::Start("statistics", dsn());
    EXPECT_THAT(service, IsOk());
    if (!service.ok()) return nullptr;
    EXPECT_THAT((*service)->WaitForHealth(true), IsOk()) << (*service)->Log();
    return std::move(*service);
  }

  // Every row of the day carries `value` as its point: a response mixing two
  // writes would hold two different points.
  static std::vector<results::StatisticsRow> Rows(double value, int count = 60) {
    std::vector<results::StatisticsRow> rows;
    for (int i = 0; i < count; ++i) {
      rows.push_back(StatRow("2024-03-01", "", {i % 2 ? "Linux" : "Windows"}, i % 3 ? "enabled" : "disabled",
                      "memory_total", "percentile", std::to_string(i), value, value - 1, value + 1));
    }
    return rows;
  }

  static v1::QueryStatisticsRequest Query(const std::string& slug) {
    v1::QueryStatisticsRequest request;
    request.set_slug(slug);
    request.add_metrics("memory_total");
    return request;
  }
};

TEST_F(StatisticsCacheTest, APublishBetweenTwoIdenticalQueriesReturnsTheNewData) {
  config::ResolvedProject project = ResolvedExample("fission-rollout", "cache-publish");
  RegisterProject(dsn(), project);
  WriteStatistics(dsn(), project, {"2024-03-01"}, Rows(1));
  auto service = StartService();
  ASSERT_NE(service, nullptr);
  auto stub = StatisticsStub(*service);

  v1::QueryStatisticsResponse first, again;
  ASSERT_TRUE(stub->QueryStatistics(Deadline().get(), Query("cache-publish"), &first).ok());
  ASSERT_TRUE(stub->QueryStatistics(Deadline().get(), Query("cache-publish"), &again).ok());
  EXPECT_EQ(first.rows(0).point(), 1);
  EXPECT_EQ(MetricValue(*service, "opmon_statistics_cache_hits_total"), 1);  // the repeat came from the cache
  EXPECT_EQ(MetricValue(*service, "opmon_statistics_cache_misses_total"), 1);

  const int64_t version = WriteStatistics(dsn(), project, {"2024-03-01"}, Rows(2, 30));
  v1::PublishResultsRequest publish;
  publish.set_slug("cache-publish");
  publish.add_dates("2024-03-01");
  v1::PublishResultsResponse published;
  grpc::Status status = stub->PublishResults(Deadline().get(), publish, &published);
  ASSERT_THAT(status, IsOk());
  EXPECT_EQ(published.data_version(), version);

  v1::QueryStatisticsResponse after;
  ASSERT_TRUE(stub->QueryStatistics(Deadline().get(), Query("cache-publish"), &after).ok());
  EXPECT_EQ(after.data_version(), version);
  ASSERT_EQ(after.rows_size(), 30);
  for (const auto& r : after.rows()) EXPECT_EQ(r.point(), 2);
  EXPECT_EQ(MetricValue(*service, "opmon_statistics_cache_misses_total"), 2);
}

TEST_F(StatisticsCacheTest, AReplicaThatWasNotToldStillNeverServesStaleData) {
  config::ResolvedProject project = ResolvedExample("fission-rollout", "cache-replicas");
  RegisterProject(dsn(), project);
  WriteStatistics(dsn(), project, {"2024-03-01"}, Rows(1));
  auto a = StartService();
  auto b = StartService();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  auto stub_b = StatisticsStub(*b);
  v1::QueryStatisticsResponse response;
  for (int i = 0; i < 2; ++i) {  // cached on b
    ASSERT_TRUE(stub_b->QueryStatistics(Deadline().get(), Query("cache-replicas"), &response).ok());
    EXPECT_EQ(response.rows(0).point(), 1);
  }
  EXPECT_EQ(MetricValue(*b, "opmon_statistics_cache_hits_total"), 1);

  const int64_t version = WriteStatistics(dsn(), project, {"2024-03-01"}, Rows(5));
  v1::PublishResultsRequest publish;
  publish.set_slug("cache-replicas");
  publish.add_dates("2024-03-01");
  v1::PublishResultsResponse published;
  ASSERT_TRUE(StatisticsStub(*a)->PublishResults(Deadline().get(), publish, &published).ok());  // only a is told

  ASSERT_TRUE(stub_b->QueryStatistics(Deadline().get(), Query("cache-replicas"), &response).ok());
  EXPECT_EQ(response.data_version(), version);
  for (const auto& r : response.rows()) EXPECT_EQ(r.point(), 5);
}

TEST_F(StatisticsCacheTest, ConcurrentReadersDuringPublishesNeverSeeAMix) {
  config::ResolvedProject project = ResolvedExample("fission-rollout", "cache-concurrent");
  RegisterProject(dsn(), project);
  WriteStatistics(dsn(), project, {"2024-03-01"}, Rows(1));
  auto service = StartService();
  ASSERT_NE(service, nullptr);

  std::atomic<bool> done{false};
  absl::Mutex mu;
  std::vector<std::string> problems;
  std::atomic<int> responses{0};
  std::vector<std::jthread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      auto stub = StatisticsStub(*service);
      while (!done.load()) {
        v1::QueryStatisticsResponse response;
        grpc::Status status = stub->QueryStatistics(Deadline().get(), Query("cache-concurrent"), &response);
        absl::MutexLock lock(&mu);
        if (!status.ok()) {
          problems.push_back(status.error_message());
          continue;
        }
        ++responses;
        // Write k stores point k with data version k: every row must agree.
        for (const auto& r : response.rows()) {
          if (r.point() != static_cast<double>(response.data_version())) {
            problems.push_back(absl::StrCat("data version ", response.data_version(), " with point ", r.point()));
            break;
          }
        }
        if (response.rows_size() != 60) problems.push_back(absl::StrCat(response.rows_size(), " rows"));
      }
    });
  }
  // Stop and join the readers on every way out, failed assertions included.
  absl::Cleanup stop_readers = [&] {
    done = true;
    readers.clear();
  };
  auto stub = StatisticsStub(*service);
  for (int k = 2; k <= 15; ++k) {
    ASSERT_EQ(WriteStatistics(dsn(), project, {"2024-03-01"}, Rows(k)), k);
    v1::PublishResultsRequest publish;
    publish.set_slug("cache-concurrent");
    publish.add_dates("2024-03-01");
    v1::PublishResultsResponse published;
    ASSERT_TRUE(stub->PublishResults(Deadline().get(), publish, &published).ok());
  }
  // Let the readers see the last version at least once before stopping.
  for (int i = 0; i < 1000; ++i) {
    v1::QueryStatisticsResponse last;
    ASSERT_TRUE(stub->QueryStatistics(Deadline().get(), Query("cache-concurrent"), &last).ok());
    if (last.data_version() == 15 && responses.load() > 50) break;
  }
  std::move(stop_readers).Invoke();
  absl::MutexLock lock(&mu);
  EXPECT_THAT(problems, ::testing::IsEmpty());
  EXPECT_GT(responses.load(), 0);
}

}  // namespace
}  // namespace opmon::testing
