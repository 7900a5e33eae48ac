// No alert lost between compute and statistics (issue 13): the real
// opmon-compute and opmon-statistics binaries on one database. Compute dying
// (SIGKILL) between a job's commit and its PublishResults, and a statistics
// service that is down during the run: in both, once statistics runs, the
// day's alerts are stored exactly once and their webhook receives each once.
// And compute's own PublishResults evaluates the day once, leaving nothing
// pending.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/integration/compute/small_warehouse.h"
#include "tests/integration/statistics/webhook_receiver.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/wait_until.h"

namespace opmon::compute::testing {
namespace {

using ::opmon::testing::ServiceProcess;
using ::opmon::testing::WebhookReceiver;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSlug[] = "pending-alerts";
// One threshold alert per computed day: the mean of search_count is above -1.
constexpr char kProjectYaml[] = R"(
project:
  platform: firefox_desktop
  start_date: 2024-02-01
  skip_default_metrics: true
  metrics: [search_count]
  alerts: [always]
  population: {data_source: main, channel: beta, monitor_entire_population: true}
metrics:
  search_count:
    statistics:
      mean: {}
alerts:
  always:
    type: threshold
    metrics: [search_count]
    statistics: [mean]
    max: [-1]
)";

class AlertsPendingTest : public ComputeTest {
 protected:
  static void SetUpTestSuite() {
    ComputeTest::SetUpTestSuite();
    StoreProjectYaml(database(), kSlug, kProjectYaml);
  }

  // A statistics replica delivering to `receiver`; pending days are taken
  // 200 ms after their commit.
  std::unique_ptr<ServiceProcess> StartStatistics(const WebhookReceiver& receiver) {
    auto service = ServiceProcess::Start(
        "statistics", dsn(),
        {"--webhook-url", receiver.url(), "--webhook-allow-private", "--webhook-poll-ms", "100",
         "--pending-alerts-grace-ms", "200"});
    EXPECT_THAT(service, IsOk());
    if (!service.ok()) return nullptr;
    absl::Status healthy = (*service)->WaitForHealth(true);
    EXPECT_THAT(healthy, IsOk()) << healthy << (*service)->Log();
    return std::move(*service);
  }

  static std::string AlertsOf(const std::string& date) {
    return QueryValue(dsn(), absl::StrCat("SELECT count(*) FROM opmon.alerts WHERE slug = '", kSlug,
                                          "' AND submission_date = '", date, "'"));
  }
  static std::string PendingOf(const std::string& date) {
    return QueryValue(dsn(), absl::StrCat("SELECT count(*) FROM opmon.alerts_pending WHERE slug = '", kSlug,
                                          "' AND submission_date = '", date, "'"));
  }

  // The database has no change feed for these tables: polls until `sql`
  // reads `expected`, for at most 60 s.
  static bool WaitForValue(const std::function<std::string()>& read, const std::string& expected) {
    return ::opmon::testing::WaitUntil([&] { return read() == expected; }, absl::Seconds(60));
  }

  static int64_t StartRun(ServiceProcess& compute, const std::string& date) {
    return ::opmon::compute::testing::StartRun(*Stub(compute), kSlug, date);
  }

  static std::string JobState(int64_t id) {
    return QueryValue(dsn(), absl::StrCat("SELECT state FROM opmon.jobs WHERE id = ", id));
  }

  // After the alerts appeared: they stay at one and one webhook each, with
  // nothing left pending.
  static void ExpectEvaluatedOnce(const std::string& date, WebhookReceiver& receiver) {
    ASSERT_TRUE(receiver.WaitForAccepted(1, absl::Seconds(30)));
    // Long enough for a second evaluation or delivery to show.
    absl::SleepFor(absl::Seconds(1));
    EXPECT_EQ(AlertsOf(date), "1");
    EXPECT_EQ(PendingOf(date), "0");
    EXPECT_EQ(receiver.accepted().size(), 1u);
    EXPECT_THAT(receiver.accepted()[0], HasSubstr(date));
  }
};

TEST_F(AlertsPendingTest, ACrashBetweenCommitAndPublishStillRaisesTheAlertsOnce) {
  const std::string date = "2024-02-08";
  WebhookReceiver receiver;
  auto statistics = StartStatistics(receiver);
  ASSERT_NE(statistics, nullptr);
  auto compute = StartCompute(
      {"--workers", "1", "--statistics-addr", statistics->grpc_address(), "--kill-after-commit-for-test"});
  ASSERT_NE(compute, nullptr);
  const int64_t job = StartRun(*compute, date);
  // Compute kills itself right after the commit that marks the job done.
  ASSERT_TRUE(WaitForValue([&] { return JobState(job); }, "succeeded")) << compute->Log();
  ASSERT_THAT(compute->Kill(), IsOk());
  EXPECT_THAT(compute->Log(), HasSubstr("dying before PublishResults"));
  EXPECT_THAT(compute->Log(), Not(HasSubstr("results published")));

  ASSERT_TRUE(WaitForValue([&] { return AlertsOf(date); }, "1")) << statistics->Log();
  ExpectEvaluatedOnce(date, receiver);
  EXPECT_THAT(statistics->Log(), HasSubstr("pending alerts evaluated"));
}

TEST_F(AlertsPendingTest, AlertsOfARunWhileStatisticsIsDownAppearOnceItIsBack) {
  const std::string date = "2024-02-09";
  WebhookReceiver receiver;
  auto first = StartStatistics(receiver);
  ASSERT_NE(first, nullptr);
  const std::string address = first->grpc_address();
  ASSERT_THAT(first->Terminate(), IsOk());
  first.reset();

  auto compute = StartCompute({"--workers", "1", "--statistics-addr", address});
  ASSERT_NE(compute, nullptr);
  const int64_t job = StartRun(*compute, date);
  ASSERT_TRUE(WaitForValue([&] { return JobState(job); }, "succeeded")) << compute->Log();
  ASSERT_TRUE(WaitForValue([&] { return compute->Log().find("PublishResults failed") != std::string::npos
                                                 ? std::string("logged")
                                                 : std::string(); },
                           "logged"));
  EXPECT_EQ(AlertsOf(date), "0");
  EXPECT_EQ(PendingOf(date), "1");

  auto back = StartStatistics(receiver);
  ASSERT_NE(back, nullptr);
  ASSERT_TRUE(WaitForValue([&] { return AlertsOf(date); }, "1")) << back->Log();
  ExpectEvaluatedOnce(date, receiver);
}

TEST_F(AlertsPendingTest, ComputesOwnPublishEvaluatesTheDayAndLeavesNothingPending) {
  const std::string date = "2024-02-07";
  WebhookReceiver receiver;
  // The default grace (seconds): the replica leaves the row to the publish.
  auto statistics = ServiceProcess::StartServing(
      "statistics", dsn(), {"--webhook-url", receiver.url(), "--webhook-allow-private", "--webhook-poll-ms", "100"});
  ASSERT_THAT(statistics, IsOk());
  auto compute = StartCompute({"--workers", "1", "--statistics-addr", (*statistics)->grpc_address()});
  ASSERT_NE(compute, nullptr);
  const int64_t job = StartRun(*compute, date);
  ASSERT_TRUE(WaitForValue([&] { return JobState(job); }, "succeeded")) << compute->Log();
  ASSERT_TRUE(WaitForValue([&] { return AlertsOf(date); }, "1")) << (*statistics)->Log();
  ExpectEvaluatedOnce(date, receiver);
  EXPECT_THAT(compute->Log(), HasSubstr("results published"));
  EXPECT_THAT((*statistics)->Log(), Not(HasSubstr("pending alerts evaluated")));
}

// Two replicas of compute and of statistics on one database (issue 17): the
// workers of both take jobs from the one queue, compute reaches statistics
// through a name with both addresses (round-robin), and still every job runs
// once (one attempt each) and each day's alert is stored and delivered once.
TEST_F(AlertsPendingTest, TwoReplicasOfComputeAndStatisticsRunEachJobAndRaiseEachAlertOnce) {
  const std::vector<std::string> dates = {"2024-02-02", "2024-02-03", "2024-02-04", "2024-02-05", "2024-02-06"};
  WebhookReceiver receiver;
  auto statistics_a = StartStatistics(receiver);
  auto statistics_b = StartStatistics(receiver);
  ASSERT_NE(statistics_a, nullptr);
  ASSERT_NE(statistics_b, nullptr);
  const std::string both_statistics =
      absl::StrCat("ipv4:", statistics_a->grpc_address(), ",", statistics_b->grpc_address());
  auto compute_a = StartCompute({"--workers", "2", "--statistics-addr", both_statistics});
  auto compute_b = StartCompute({"--workers", "2", "--statistics-addr", both_statistics});
  ASSERT_NE(compute_a, nullptr);
  ASSERT_NE(compute_b, nullptr);

  std::vector<int64_t> jobs;
  for (const std::string& date : dates) jobs.push_back(StartRun(*compute_a, date));
  for (int64_t job : jobs) {
    ASSERT_TRUE(WaitForValue([&] { return JobState(job); }, "succeeded")) << compute_a->Log() << compute_b->Log();
  }
  for (const std::string& date : dates) {
    ASSERT_TRUE(WaitForValue([&] { return AlertsOf(date); }, "1")) << statistics_a->Log() << statistics_b->Log();
  }
  ASSERT_TRUE(receiver.WaitForAccepted(dates.size(), absl::Seconds(30)));
  absl::SleepFor(absl::Seconds(1));  // long enough for a second run, evaluation or delivery to show

  const std::string ids = absl::StrJoin(jobs, ",");
  EXPECT_EQ(QueryValue(dsn(), absl::StrCat("SELECT sum(attempts) FROM opmon.jobs WHERE id IN (", ids, ")")),
            std::to_string(jobs.size()));
  for (const std::string& date : dates) {
    EXPECT_EQ(AlertsOf(date), "1") << date;
    EXPECT_EQ(PendingOf(date), "0") << date;
  }
  EXPECT_EQ(receiver.accepted().size(), dates.size());
}

}  // namespace
}  // namespace opmon::compute::testing
