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
#include "absl/time/clock.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/wait_until.h"

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

  // fission-rollout stored as `slug` with its first write, Rows(1).
  static config::ResolvedProject SeedProject(const std::string& slug) {
    config::ResolvedProject project = ResolvedExample("fission-rollout", slug);
    RegisterProject(dsn(), project);
    WriteStatistics(dsn(), project, {"2024-03-01"}, Rows(1));
    return project;
  }

  static v1::QueryStatisticsRequest Query(const std::string& slug) {
    v1::QueryStatisticsRequest request;
    request.set_slug(slug);
    request.add_metrics("memory_total");
    return request;
  }
};

TEST_F(StatisticsCacheTest, APublishBetweenTwoIdenticalQueriesReturnsTheNewData) {
  const config::ResolvedProject project = SeedProject("cache-publish");
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
  const config::ResolvedProject project = SeedProject("cache-replicas");
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
  const config::ResolvedProject project = SeedProject("cache-concurrent");
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

// --db-read-url (issue 17): QueryStatistics reads from a streaming replica,
// and a replica that has not replayed a publish yet is never the one that
// answers: the data is never older than the version the primary shows.
TEST(StatisticsReadReplica, ReadsTheReplicaAndNeverAnswersOlderThanThePrimary) {
  auto primary = PgCluster::Start();
  ASSERT_THAT(primary, IsOk());
  ASSERT_THAT((*primary)->CreateDatabase("opmon"), IsOk());
  const std::string primary_dsn = (*primary)->Dsn("opmon");
  // Migrated by a first start on the primary alone.
  {
    auto migrate = ServiceProcess::StartServing("statistics", primary_dsn);
    ASSERT_THAT(migrate, IsOk());
  }
  config::ResolvedProject project = ResolvedExample("fission-rollout", "read-replica");
  RegisterProject(primary_dsn, project);
  auto rows = [](double value, int count) {
    std::vector<results::StatisticsRow> out;
    for (int i = 0; i < count; ++i) {
      out.push_back(StatRow("2024-03-01", "", {"Linux"}, i % 2 ? "enabled" : "disabled", "memory_total",
                            "percentile", std::to_string(i), value, value - 1, value + 1));
    }
    return out;
  };
  const int64_t first_version = WriteStatistics(primary_dsn, project, {"2024-03-01"}, rows(1, 20));
  auto standby = PgCluster::StartStandbyOf(**primary);
  ASSERT_THAT(standby, IsOk());
  const std::string standby_dsn = (*standby)->Dsn("opmon");
  auto replayed = [&](int64_t version) {
    auto r = QueryRows(standby_dsn, "SELECT version FROM opmon.data_versions WHERE slug = 'read-replica'");
    return !r.empty() && r[0][0] == std::to_string(version);
  };
  WaitUntil([&] { return replayed(first_version); }, absl::Seconds(10));
  ASSERT_TRUE(replayed(first_version));
  // Other sessions on the standby: the service's pool connects lazily, on
  // its first read there.
  auto standby_sessions = [&] {
    return QueryRows(standby_dsn,
                     "SELECT count(*) FROM pg_stat_activity WHERE datname = 'opmon' AND pid <> pg_backend_pid() "
                     "AND backend_type = 'client backend'")[0][0];
  };

  auto service = ServiceProcess::StartServing("statistics", primary_dsn, {"--db-read-url", standby_dsn,
                                                                          "--cache-bytes", "0"});
  ASSERT_THAT(service, IsOk());
  auto stub = StatisticsStub(**service);
  v1::QueryStatisticsRequest request;
  request.set_slug("read-replica");
  request.add_metrics("memory_total");

  EXPECT_EQ(standby_sessions(), "0");
  v1::QueryStatisticsResponse response;
  ASSERT_THAT(stub->QueryStatistics(Deadline().get(), request, &response), IsOk());
  EXPECT_EQ(response.data_version(), first_version);
  ASSERT_EQ(response.rows_size(), 20);
  EXPECT_EQ(response.rows(0).point(), 1);
  EXPECT_NE(standby_sessions(), "0") << "the page was not read from the replica";

  // The standby stops replaying; a publish on the primary must still be
  // answered with the new data (from the primary).
  ASSERT_THAT((*standby)->Exec("postgres", "SELECT pg_wal_replay_pause()"), IsOk());
  const int64_t second_version = WriteStatistics(primary_dsn, project, {"2024-03-01"}, rows(2, 10));
  absl::SleepFor(absl::Milliseconds(300));
  ASSERT_FALSE(replayed(second_version));
  ASSERT_THAT(stub->QueryStatistics(Deadline().get(), request, &response), IsOk());
  EXPECT_EQ(response.data_version(), second_version);
  ASSERT_EQ(response.rows_size(), 10);
  for (const auto& r : response.rows()) EXPECT_EQ(r.point(), 2);

  // A replica that is down is skipped too.
  ASSERT_THAT((*standby)->Exec("postgres", "SELECT pg_wal_replay_resume()"), IsOk());
  ASSERT_THAT((*standby)->Stop(), IsOk());
  ASSERT_THAT(stub->QueryStatistics(Deadline().get(), request, &response), IsOk());
  EXPECT_EQ(response.data_version(), second_version);
  EXPECT_EQ(response.rows_size(), 10);
}

}  // namespace
}  // namespace opmon::testing
