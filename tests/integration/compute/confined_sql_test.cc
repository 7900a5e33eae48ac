// Project SQL runs confined (docs/operations.md, Security: project SQL): through
// the real binary, a data source that reads opmon's own tables, calls
// pg_read_file or sleeps past the statement timeout fails the job with the
// reason and stores nothing; a job past its wall-clock limit fails once,
// not retried; dry runs and previews run under the same role; and compute
// refuses to run project SQL as a role that could read opmon's tables.

#include "absl/strings/str_cat.h"
#include "common/config/table_name.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/integration/compute/small_warehouse.h"

namespace opmon::compute::testing {
namespace {

using ::testing::HasSubstr;

// A project counting rows of data source `source`, defined by `from`, with
// `project_keys` (YAML lines indented by two) added to its project section.
std::string ProjectReading(const std::string& from, const std::string& project_keys = "") {
  return absl::StrCat(R"(
project:
)",
                      project_keys, R"(  platform: firefox_desktop
  start_date: 2024-02-01
  skip_default_metrics: true
  metrics: [probe_rows]
  population: {data_source: main, monitor_entire_population: true}
metrics:
  probe_rows:
    select_expression: COUNT(*)
    data_source: probe
    statistics: {sum: {}}
data_sources:
  probe:
    from_expression: ")",
                      from, R"("
)");
}

constexpr char kReadsOpmon[] = "(SELECT p.slug AS client_id, m.submission_date FROM opmon.project_versions p "
                               "CROSS JOIN telemetry.main m)";
constexpr char kReadsServerFiles[] =
    "(SELECT * FROM telemetry.main WHERE pg_read_file('/etc/hostname') IS NOT NULL)";
constexpr char kSleeps[] = "(SELECT m.* FROM telemetry.main m CROSS JOIN (SELECT pg_sleep(30)) s)";

class ConfinedSqlTest : public ComputeTest {
 protected:
  static void SetUpTestSuite() {
    ComputeTest::SetUpTestSuite();
    StoreProjectYaml(database(), "reads-opmon", ProjectReading(kReadsOpmon));
    StoreProjectYaml(database(), "reads-files", ProjectReading(kReadsServerFiles));
    StoreProjectYaml(database(), "sleeps", ProjectReading(kSleeps));
    StoreProjectYaml(database(), "sleeps-own-limit", ProjectReading(kSleeps, "  statement_timeout_seconds: 1\n"));
  }

  // Runs `slug` on kLastDay on a compute started with `flags`; expects the
  // job failed once with `reason` and nothing of the day stored.
  static void ExpectFailedRun(const std::vector<std::string>& flags, const std::string& slug,
                              const std::string& reason) {
    auto service = StartCompute(flags);
    ASSERT_TRUE(service);
    auto stub = Stub(*service);
    const v1::Job job = RunAndWait(*stub, slug, kLastDay);
    EXPECT_EQ(job.state(), v1::JOB_STATE_FAILED);
    EXPECT_THAT(job.error(), HasSubstr(reason));
    EXPECT_EQ(job.attempts(), 1);
    const std::string table = config::ResultsTableName(slug);
    for (const std::string& relation : {table, table + "_statistics"}) {
      EXPECT_EQ(QueryValue(dsn(), absl::StrCat("SELECT count(*) FROM opmon_results.", relation,
                                               " WHERE submission_date = '", kLastDay, "'")),
                "0")
          << relation;
    }
  }
};

TEST_F(ConfinedSqlTest, ADataSourceReadingOpmonsTablesFailsTheJobAndStoresNothing) {
  ExpectFailedRun({}, "reads-opmon", "permission denied for schema opmon");
}

TEST_F(ConfinedSqlTest, ADataSourceCallingPgReadFileFailsTheJobAndStoresNothing) {
  ExpectFailedRun({}, "reads-files", "permission denied for function pg_read_file");
}

TEST_F(ConfinedSqlTest, AStatementPastTheTimeoutFailsTheJobOnce) {
  ExpectFailedRun({"--statement-timeout-seconds", "1"}, "sleeps", "canceling statement due to statement timeout");
}

TEST_F(ConfinedSqlTest, AProjectsOwnStatementTimeoutTightensTheServers) {
  // The server allows 30 minutes; the project itself asks for one second.
  ExpectFailedRun({}, "sleeps-own-limit", "canceling statement due to statement timeout");
}

TEST_F(ConfinedSqlTest, AJobPastItsWallClockLimitFailsWithTheReasonAndIsNotRetried) {
  ExpectFailedRun({"--statement-timeout-seconds", "0", "--job-timeout-seconds", "2"}, "sleeps",
                  "wall-clock limit of 2s");
}

TEST_F(ConfinedSqlTest, DryRunAndPreviewRunUnderTheWarehouseRole) {
  auto service = StartCompute({"--workers", "0"});
  ASSERT_TRUE(service);
  auto stub = Stub(*service);
  v1::DryRunResponse report;
  ASSERT_TRUE(Rpc(*stub, &v1::ComputeService::Stub::DryRun, DryRunOf("reads-opmon", kLastDay), &report).ok());
  EXPECT_FALSE(report.ok());
  bool pointed = false;
  for (const auto& s : report.statements()) {
    if (s.config_path() == "data_sources.probe.from_expression") {
      pointed = true;
      EXPECT_THAT(s.explain_error(), HasSubstr("permission denied for schema opmon"));
    }
  }
  EXPECT_TRUE(pointed);

  v1::PreviewResponse out;
  grpc::Status status = Rpc(*stub, &v1::ComputeService::Stub::Preview, PreviewOf("reads-files", kLastDay), &out);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.error_message(), HasSubstr("permission denied for function pg_read_file"));
}

TEST_F(ConfinedSqlTest, ProjectSqlIsRefusedUnderARoleThatCanReadOpmonsTables) {
  // The test cluster's superuser.
  auto service = StartCompute({"--workers", "0", "--warehouse-user", "opmon"});
  ASSERT_TRUE(service);
  auto stub = Stub(*service);
  v1::DryRunResponse report;
  grpc::Status status = Rpc(*stub, &v1::ComputeService::Stub::DryRun, DryRunOf("desktop-health", kLastDay), &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("must not run as role \"opmon\""));
}

}  // namespace
}  // namespace opmon::compute::testing
