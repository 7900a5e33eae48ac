// RunProject and Backfill through the real binary refuse a skipped project
// and days outside a project's start and end dates with FAILED_PRECONDITION
// naming the setting at fault, and queue them when forced (the request's
// `force`, opmonctl --force).

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

class RunDatesTest : public ComputeTest {
 protected:
  static void SetUpTestSuite() {
    ComputeTest::SetUpTestSuite();
    StoreProjectYaml(database(), "skipped", R"(
project:
  platform: firefox_desktop
  skip: true
  population: {data_source: main, monitor_entire_population: true}
)");
    // No workers: queued jobs stay queued, the test only looks at the queue.
    service_ = StartCompute({"--workers", "0"}).release();
  }
  static void TearDownTestSuite() {
    delete service_;
    service_ = nullptr;
  }

  static grpc::Status Run(const std::string& slug, const std::string& date, bool force, v1::Job* job = nullptr) {
    v1::RunProjectRequest request = RunOf(slug, date);
    request.set_force(force);
    v1::RunProjectResponse response;
    grpc::Status status = Rpc(*Stub(*service_), &v1::ComputeService::Stub::RunProject, request, &response);
    if (job != nullptr) *job = response.job();
    return status;
  }

  static grpc::Status Backfill(const std::string& slug, const std::string& from, const std::string& to, bool force,
                               int* jobs = nullptr) {
    v1::BackfillRequest request;
    request.set_slug(slug);
    request.set_from_date(from);
    request.set_to_date(to);
    request.set_force(force);
    v1::BackfillResponse response;
    auto ctx = Context();
    grpc::Status status = Stub(*service_)->Backfill(ctx.get(), request, &response);
    if (jobs != nullptr) *jobs = response.jobs_size();
    return status;
  }

  static opmon::testing::CommandResult Ctl(const std::vector<std::string>& args) { return Opmonctl(*service_, args); }

  static opmon::testing::ServiceProcess* service_;
};

opmon::testing::ServiceProcess* RunDatesTest::service_ = nullptr;

// fission-experiment runs 2024-01-08..2024-03-31 (deploy/examples).
TEST_F(RunDatesTest, RunProjectRefusesADayOutsideTheProjectsDatesUnlessForced) {
  for (const char* day : {"2024-01-07", "2024-04-01"}) {
    grpc::Status refused = Run("fission-experiment", day, false);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << refused.error_message();
    EXPECT_THAT(refused.error_message(),
                AllOf(HasSubstr(day), HasSubstr("outside project fission-experiment's dates 2024-01-08..2024-03-31"),
                      HasSubstr("force")));
  }
  v1::Job job;
  grpc::Status forced = Run("fission-experiment", "2024-04-01", true, &job);
  ASSERT_THAT(forced, IsOk());
  EXPECT_EQ(job.date(), "2024-04-01");
  EXPECT_EQ(job.state(), v1::JOB_STATE_QUEUED);
  EXPECT_TRUE(Run("fission-experiment", "2024-03-31", false).ok());
}

TEST_F(RunDatesTest, BackfillRefusesARangeReachingPastTheProjectsDatesUnlessForced) {
  grpc::Status refused = Backfill("fission-experiment", "2024-03-30", "2024-04-02", false);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << refused.error_message();
  EXPECT_THAT(refused.error_message(),
              AllOf(HasSubstr("project.end_date"), HasSubstr("the days inside them are 2024-03-30..2024-03-31")));
  int jobs = 0;
  grpc::Status forced = Backfill("fission-experiment", "2024-03-30", "2024-04-02", true, &jobs);
  ASSERT_THAT(forced, IsOk());
  EXPECT_EQ(jobs, 4);
}

TEST_F(RunDatesTest, ASkippedProjectIsRefusedUnlessForced) {
  grpc::Status run = Run("skipped", "2024-02-05", false);
  EXPECT_EQ(run.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << run.error_message();
  EXPECT_THAT(run.error_message(), HasSubstr("project skipped is skipped (project.skip: true)"));
  grpc::Status backfill = Backfill("skipped", "2024-02-01", "2024-02-03", false);
  EXPECT_EQ(backfill.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << backfill.error_message();
  EXPECT_TRUE(Run("skipped", "2024-02-05", true).ok());
}

TEST_F(RunDatesTest, OpmonctlSaysWhyAndForceQueuesTheJob) {
  auto refused = Ctl({"run", "fission-experiment", "--date", "2024-05-01", "--no-wait"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, AllOf(HasSubstr("outside project fission-experiment's dates"), HasSubstr("opmonctl --force")));
  auto forced = Ctl({"run", "fission-experiment", "--date", "2024-05-01", "--no-wait", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.output;
  EXPECT_THAT(forced.output, HasSubstr("2024-05-01"));
  auto backfill = Ctl({"backfill", "skipped", "--from", "2024-02-01", "--to", "2024-02-02"});
  EXPECT_NE(backfill.exit_code, 0);
  EXPECT_THAT(backfill.output, HasSubstr("project.skip"));
  auto forced_backfill = Ctl({"backfill", "skipped", "--from", "2024-02-01", "--to", "2024-02-02", "--force"});
  EXPECT_EQ(forced_backfill.exit_code, 0) << forced_backfill.output;
}

}  // namespace
}  // namespace opmon::compute::testing
