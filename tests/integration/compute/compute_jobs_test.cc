// The job lifecycle through the real binary: backfill and WatchJob, cancel
// mid-write (nothing stored), SIGKILL mid-write then restart (no partial
// day, the job completes on its second attempt), SIGTERM (the job goes back
// to the queue), the scheduler, DryRun pointing at the faulty config entry,
// and bad arguments answered with the code and the field.

#include <signal.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "opmon/v1/common.grpc.pb.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/integration/compute/small_warehouse.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::testing {
namespace {

using ::testing::HasSubstr;

// Follows WatchJob until `until` holds for a message or the stream ends;
// returns the last message.
v1::JobProgress Watch(v1::ComputeService::Stub& stub, int64_t id,
                      const std::function<bool(const v1::JobProgress&)>& until) {
  v1::WatchJobRequest request;
  request.set_id(id);
  auto ctx = Context(120);
  auto reader = stub.WatchJob(ctx.get(), request);
  v1::JobProgress last;
  v1::JobProgress message;
  while (reader->Read(&message)) {
    last = message;
    if (until(message)) {
      ctx->TryCancel();
      break;
    }
  }
  reader->Finish();
  return last;
}

bool Ended(const v1::JobProgress& p) {
  return p.state() == v1::JOB_STATE_SUCCEEDED || p.state() == v1::JOB_STATE_FAILED ||
         p.state() == v1::JOB_STATE_CANCELLED;
}

// Per-row delay on a results table: a job's write takes seconds, long
// enough to act on it mid-way (the delay is in the database, the test waits
// on the job's own progress).
std::string SlowWritesSql(const std::string& table) {
  return absl::StrCat(
      "CREATE OR REPLACE FUNCTION public.slow_row() RETURNS trigger LANGUAGE plpgsql AS "
      "$$ BEGIN PERFORM pg_sleep(0.03); RETURN NEW; END $$;\n"
      "CREATE TRIGGER slow_rows BEFORE INSERT ON opmon_results.", table,
      " FOR EACH ROW EXECUTE FUNCTION public.slow_row();");
}
std::string FastWritesSql(const std::string& table) {
  return absl::StrCat("DROP TRIGGER IF EXISTS slow_rows ON opmon_results.", table, ";");
}

std::string StatisticsDump(const std::string& table, const std::string& date) {
  return absl::StrCat("SELECT count(*) || ':' || COALESCE(string_agg(concat_ws(',', branch, metric, statistic, "
                      "parameter, point, lower, upper), ';' ORDER BY branch, metric, statistic, parameter, os, point), '') "
                      "FROM opmon_results.", table, "_statistics WHERE submission_date = '", date, "'");
}
std::string ClientsDump(const std::string& table, const std::string& date) {
  return absl::StrCat("SELECT count(*) || ':' || COALESCE(md5(string_agg(client_id || branch, ',' ORDER BY client_id)), '') "
                      "FROM opmon_results.", table, " WHERE submission_date = '", date, "'");
}

int ServicePid(opmon::testing::ServiceProcess& service) {
  auto stub = v1::InfoService::NewStub(service.channel());
  v1::GetInfoResponse info;
  auto ctx = Context();
  EXPECT_TRUE(stub->GetInfo(ctx.get(), v1::GetInfoRequest(), &info).ok());
  std::vector<std::string> parts = absl::StrSplit(info.instance(), ':');
  return std::stoi(parts.back());
}

class ComputeJobsTest : public ComputeTest {};

class JobChanges final : public pqxx::notification_receiver {
 public:
  explicit JobChanges(pqxx::connection_base& c) : pqxx::notification_receiver(c, "opmon_job_changes") {}
  void operator()(const std::string&, int) override {}
};

TEST_F(ComputeJobsTest, BackfillQueuesOneJobPerDayAndWatchFollowsThem) {
  auto service = StartCompute();
  ASSERT_TRUE(service);
  auto stub = Stub(*service);
  v1::BackfillRequest request;
  request.set_slug("engagement-statistics");
  request.set_from_date("2024-02-01");
  request.set_to_date("2024-02-03");
  v1::BackfillResponse response;
  auto ctx = Context();
  ASSERT_TRUE(stub->Backfill(ctx.get(), request, &response).ok());
  ASSERT_EQ(response.jobs_size(), 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(response.jobs(i).date(), absl::StrCat("2024-02-0", i + 1));
    v1::JobProgress last = Watch(*stub, response.jobs(i).id(), Ended);
    EXPECT_EQ(last.state(), v1::JOB_STATE_SUCCEEDED);
    EXPECT_EQ(last.phase(), "done");
    EXPECT_GT(last.clients(), 0);
    EXPECT_GT(last.statistics_rows(), 0);
  }
  EXPECT_EQ(QueryValue(dsn(), "SELECT count(DISTINCT submission_date) FROM "
                              "opmon_results.engagement_statistics_statistics WHERE submission_date <= '2024-02-03'"),
            "3");
  v1::ListJobsRequest list;
  list.set_slug("engagement-statistics");
  list.set_state(v1::JOB_STATE_SUCCEEDED);
  v1::ListJobsResponse jobs;
  auto ctx2 = Context();
  ASSERT_TRUE(stub->ListJobs(ctx2.get(), list, &jobs).ok());
  EXPECT_GE(jobs.jobs_size(), 3);
  for (const auto& job : jobs.jobs()) EXPECT_EQ(job.slug(), "engagement-statistics");
}

TEST_F(ComputeJobsTest, CancelMidWriteStoresNothing) {
  auto service = StartCompute({"--batch-rows", "5"});
  ASSERT_TRUE(service);
  auto stub = Stub(*service);
  const std::string date = "2024-02-05";
  ASSERT_EQ(RunAndWait(*stub, "desktop-health", date).state(), v1::JOB_STATE_SUCCEEDED);
  const std::string before = QueryValue(dsn(), StatisticsDump("desktop_health", date));
  const std::string clients_before = QueryValue(dsn(), ClientsDump("desktop_health", date));
  ASSERT_TRUE(cluster().Exec(database(), SlowWritesSql("desktop_health")).ok());

  int64_t id = StartRun(*stub, "desktop-health", date);
  v1::JobProgress seen = Watch(*stub, id, [](const v1::JobProgress& p) { return p.rows_read() > 0 || Ended(p); });
  ASSERT_EQ(seen.state(), v1::JOB_STATE_RUNNING) << "the job ended before it could be cancelled";
  v1::CancelJobRequest cancel;
  cancel.set_id(id);
  v1::CancelJobResponse cancelled;
  auto ctx = Context();
  ASSERT_TRUE(stub->CancelJob(ctx.get(), cancel, &cancelled).ok());
  v1::JobProgress last = Watch(*stub, id, Ended);
  ASSERT_TRUE(cluster().Exec(database(), FastWritesSql("desktop_health")).ok());
  EXPECT_EQ(last.state(), v1::JOB_STATE_CANCELLED);
  EXPECT_EQ(QueryValue(dsn(), StatisticsDump("desktop_health", date)), before);
  EXPECT_EQ(QueryValue(dsn(), ClientsDump("desktop_health", date)), clients_before);

  // A finished job cannot be cancelled.
  auto ctx2 = Context();
  grpc::Status again = stub->CancelJob(ctx2.get(), cancel, &cancelled);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(again.error_message(), HasSubstr("id"));
}

TEST_F(ComputeJobsTest, KilledMidWriteLeavesNoPartialDayAndCompletesAfterRestart) {
  const std::string date = "2024-02-06";
  int64_t id = 0;
  std::string before;
  std::string clients_before;
  {
    auto service = StartCompute({"--batch-rows", "5"});
    ASSERT_TRUE(service);
    auto stub = Stub(*service);
    ASSERT_EQ(RunAndWait(*stub, "fission-rollout", date).state(), v1::JOB_STATE_SUCCEEDED);
    before = QueryValue(dsn(), StatisticsDump("fission_rollout", date));
    clients_before = QueryValue(dsn(), ClientsDump("fission_rollout", date));
    ASSERT_TRUE(cluster().Exec(database(), SlowWritesSql("fission_rollout")).ok());
    id = StartRun(*stub, "fission-rollout", date);
    v1::JobProgress seen = Watch(*stub, id, [](const v1::JobProgress& p) { return p.rows_read() > 0 || Ended(p); });
    ASSERT_EQ(seen.state(), v1::JOB_STATE_RUNNING);
    ASSERT_EQ(::kill(ServicePid(*service), SIGKILL), 0);
    auto exit = service->Terminate();  // reaps it
    ASSERT_THAT(exit, IsOk());
    EXPECT_EQ(*exit, -SIGKILL);
  }
  ASSERT_TRUE(cluster().Exec(database(), FastWritesSql("fission_rollout")).ok());
  // The killed transaction left nothing behind.
  EXPECT_EQ(QueryValue(dsn(), StatisticsDump("fission_rollout", date)), before);
  EXPECT_EQ(QueryValue(dsn(), ClientsDump("fission_rollout", date)), clients_before);
  EXPECT_EQ(QueryValue(dsn(), absl::StrCat("SELECT state FROM opmon.jobs WHERE id = ", id)), "running");

  auto service = StartCompute({"--batch-rows", "5"});
  ASSERT_TRUE(service);
  auto stub = Stub(*service);
  // Asking for the same day returns the live job and waits for it: its
  // heartbeat is stale, so it is requeued and run again.
  v1::Job job = RunAndWait(*stub, "fission-rollout", date);
  EXPECT_EQ(job.id(), id);
  EXPECT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED) << job.error();
  EXPECT_EQ(job.attempts(), 2);
  EXPECT_EQ(QueryValue(dsn(), StatisticsDump("fission_rollout", date)), before);
  EXPECT_EQ(QueryValue(dsn(), ClientsDump("fission_rollout", date)), clients_before);
}

TEST_F(ComputeJobsTest, SigtermPutsTheRunningJobBackInTheQueue) {
  const std::string date = "2024-02-07";
  auto service = StartCompute({"--batch-rows", "5"});
  ASSERT_TRUE(service);
  auto stub = Stub(*service);
  ASSERT_EQ(RunAndWait(*stub, "fission-experiment", date).state(), v1::JOB_STATE_SUCCEEDED);
  ASSERT_TRUE(cluster().Exec(database(), SlowWritesSql("fission_experiment")).ok());
  int64_t id = StartRun(*stub, "fission-experiment", date);
  v1::JobProgress seen = Watch(*stub, id, [](const v1::JobProgress& p) { return p.rows_read() > 0 || Ended(p); });
  ASSERT_EQ(seen.state(), v1::JOB_STATE_RUNNING);
  auto exit = service->Terminate();
  ASSERT_TRUE(cluster().Exec(database(), FastWritesSql("fission_experiment")).ok());
  ASSERT_THAT(exit, IsOk());
  EXPECT_EQ(*exit, 0) << service->Log();
  EXPECT_EQ(QueryValue(dsn(), absl::StrCat("SELECT state || ',' || attempts FROM opmon.jobs WHERE id = ", id)),
            "queued,0")
      << service->Log();
}

TEST_F(ComputeJobsTest, SchedulerQueuesYesterdayAndMissingDaysSinceStart) {
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  StoreProjectYaml(database(), "scheduled", absl::StrCat(R"(
project:
  platform: firefox_desktop
  start_date: )", absl::FormatCivilTime(today - 3), R"(
  population: {data_source: main, monitor_entire_population: true}
)"));
  // Job inserts NOTIFY opmon_job_changes: the test waits on that, with a deadline.
  pqxx::connection listener(dsn());
  JobChanges changes(listener);
  auto service = StartCompute({"--scheduler"});
  ASSERT_TRUE(service);
  auto stub = Stub(*service);
  std::vector<v1::Job> jobs;
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (absl::Now() < deadline) {
    v1::ListJobsRequest list;
    list.set_slug("scheduled");
    v1::ListJobsResponse response;
    auto ctx = Context();
    ASSERT_TRUE(stub->ListJobs(ctx.get(), list, &response).ok());
    jobs.assign(response.jobs().begin(), response.jobs().end());
    if (jobs.size() >= 3) break;
    listener.await_notification(1, 0);
  }
  ASSERT_EQ(jobs.size(), 3u);
  std::vector<std::string> dates;
  for (const auto& job : jobs) {
    dates.push_back(job.date());
    EXPECT_EQ(Watch(*stub, job.id(), Ended).state(), v1::JOB_STATE_SUCCEEDED);
  }
  std::sort(dates.begin(), dates.end());
  EXPECT_EQ(dates, (std::vector<std::string>{absl::FormatCivilTime(today - 3), absl::FormatCivilTime(today - 2),
                                             absl::FormatCivilTime(today - 1)}));
}

TEST_F(ComputeJobsTest, DryRunPointsAtTheFaultyMetric) {
  StoreProjectYaml(database(), "broken-metric", R"(
project:
  platform: firefox_desktop
  skip_default_metrics: true
  metrics: [uri_count, broken]
  population: {data_source: main, monitor_entire_population: true}
metrics:
  broken:
    select_expression: SUM(no_such_column)
    data_source: main
    statistics: {sum: {}}
)");
  auto service = StartCompute({"--workers", "0"});
  ASSERT_TRUE(service);
  auto stub = Stub(*service);
  v1::DryRunResponse response;
  ASSERT_TRUE(Rpc(*stub, &v1::ComputeService::Stub::DryRun, DryRunOf("broken-metric", kLastDay), &response).ok());
  EXPECT_FALSE(response.ok());
  bool found = false;
  for (const auto& s : response.statements()) {
    if (s.purpose() == "data source main") {
      EXPECT_EQ(s.config_path(), "metrics.broken.select_expression");
      EXPECT_THAT(s.explain_error(), HasSubstr("no_such_column"));
      found = true;
    }
    if (s.purpose() == "population") {
      EXPECT_TRUE(s.explain_error().empty()) << s.explain_error();
    }
  }
  EXPECT_TRUE(found);

  v1::DryRunResponse good;
  ASSERT_TRUE(Rpc(*stub, &v1::ComputeService::Stub::DryRun, DryRunOf("desktop-health", kLastDay), &good).ok());
  EXPECT_TRUE(good.ok());
  ASSERT_GE(good.statements_size(), 3);  // population, data sources, run
  EXPECT_EQ(good.statements(good.statements_size() - 1).purpose(), "run");
  EXPECT_THAT(good.statements(0).sql(), HasSubstr("'2024-02-10'::date"));
}

TEST_F(ComputeJobsTest, BadArgumentsNameTheField) {
  auto service = StartCompute({"--workers", "0"});
  ASSERT_TRUE(service);
  auto stub = Stub(*service);
  auto expect = [](const grpc::Status& s, grpc::StatusCode code, const std::string& field) {
    EXPECT_EQ(s.error_code(), code) << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr(field));
  };
  {
    v1::RunProjectRequest r;
    r.set_date(kLastDay);
    v1::RunProjectResponse out;
    auto ctx = Context();
    expect(stub->RunProject(ctx.get(), r, &out), grpc::StatusCode::INVALID_ARGUMENT, "slug");
    r.set_slug("desktop-health");
    r.set_date("2024-13-01");
    auto ctx2 = Context();
    expect(stub->RunProject(ctx2.get(), r, &out), grpc::StatusCode::INVALID_ARGUMENT, "date");
    r.set_slug("no-such-project");
    r.set_date(kLastDay);
    auto ctx3 = Context();
    expect(stub->RunProject(ctx3.get(), r, &out), grpc::StatusCode::NOT_FOUND, "no-such-project");
  }
  {
    v1::BackfillRequest r;
    r.set_slug("desktop-health");
    r.set_from_date("2024-02-05");
    r.set_to_date("2024-02-01");
    v1::BackfillResponse out;
    auto ctx = Context();
    expect(stub->Backfill(ctx.get(), r, &out), grpc::StatusCode::INVALID_ARGUMENT, "to_date");
  }
  {
    v1::GetJobRequest r;
    v1::GetJobResponse out;
    auto ctx = Context();
    expect(stub->GetJob(ctx.get(), r, &out), grpc::StatusCode::INVALID_ARGUMENT, "id");
    r.set_id(987654);
    auto ctx2 = Context();
    expect(stub->GetJob(ctx2.get(), r, &out), grpc::StatusCode::NOT_FOUND, "987654");
  }
  {
    v1::PreviewResponse out;
    expect(Rpc(*stub, &v1::ComputeService::Stub::Preview, PreviewOf("desktop-health", kLastDay, 150), &out),
           grpc::StatusCode::INVALID_ARGUMENT, "sample_percent");
  }
  {
    v1::ListJobsRequest r;
    r.set_limit(-1);
    v1::ListJobsResponse out;
    auto ctx = Context();
    expect(stub->ListJobs(ctx.get(), r, &out), grpc::StatusCode::INVALID_ARGUMENT, "limit");
  }
  {
    v1::WatchJobRequest r;
    auto ctx = Context();
    auto reader = stub->WatchJob(ctx.get(), r);
    v1::JobProgress p;
    EXPECT_FALSE(reader->Read(&p));
    expect(reader->Finish(), grpc::StatusCode::INVALID_ARGUMENT, "id");
    r.set_id(987654);
    auto ctx2 = Context();
    auto reader2 = stub->WatchJob(ctx2.get(), r);
    EXPECT_FALSE(reader2->Read(&p));
    expect(reader2->Finish(), grpc::StatusCode::NOT_FOUND, "987654");
  }
  {
    // Built by issue 14 (was UNIMPLEMENTED): a bad day is the caller's to fix.
    v1::RunLiveAggregationRequest r;
    r.set_recompute_day("2024-13-01");
    v1::RunLiveAggregationResponse out;
    auto ctx = Context();
    expect(stub->RunLiveAggregation(ctx.get(), r, &out), grpc::StatusCode::INVALID_ARGUMENT, "recompute_day");
  }
}

}  // namespace
}  // namespace opmon::compute::testing
