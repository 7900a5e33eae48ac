// opmon-compute with --config-addr against the real opmon-config: projects
// applied through the config service are computed, a project file is
// previewed and dry-run without being stored, and PublishResults failures
// (no statistics service listening) never fail a job.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "opmon/v1/config.grpc.pb.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/integration/compute/small_warehouse.h"
#include "tests/testing/example_files.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::testing {
namespace {

using ::testing::HasSubstr;

class ComputeConfigTest : public opmon::testing::PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    ASSERT_THAT(cluster().Exec(database(), SmallWarehouseSql()), IsOk());
    auto config = opmon::testing::ServiceProcess::StartServing("config", dsn());
    ASSERT_THAT(config, IsOk());
    config_ = config->release();
    auto stub = v1::ConfigService::NewStub(config_->channel());
    const absl::Status applied = opmon::testing::ApplyExampleDefinitions(*stub);
    ASSERT_THAT(applied, IsOk());
    v1::ApplyProjectRequest request;
    *request.mutable_file() = opmon::testing::ExampleProto("projects/desktop-health.yaml");
    v1::ApplyProjectResponse response;
    auto ctx = Context();
    grpc::Status status = stub->ApplyProject(ctx.get(), request, &response);
    ASSERT_THAT(status, IsOk());
    ASSERT_EQ(response.slug(), "desktop-health");
    // A statistics address nobody listens on: publishing fails, jobs do not.
    auto compute = opmon::testing::ServiceProcess::StartServing(
        "compute", dsn(),
        {"--config-addr", config_->grpc_address(), "--statistics-addr", "127.0.0.1:1", "--workers", "1"});
    ASSERT_THAT(compute, IsOk());
    compute_ = compute->release();
  }
  static void TearDownTestSuite() {
    delete compute_;
    delete config_;
    compute_ = config_ = nullptr;
  }
  static opmon::testing::ServiceProcess* config_;
  static opmon::testing::ServiceProcess* compute_;
};

opmon::testing::ServiceProcess* ComputeConfigTest::config_ = nullptr;
opmon::testing::ServiceProcess* ComputeConfigTest::compute_ = nullptr;

TEST_F(ComputeConfigTest, ComputesAProjectAppliedThroughTheConfigService) {
  auto stub = v1::ComputeService::NewStub(compute_->channel());
  v1::RunProjectRequest request = RunOf("desktop-health", kLastDay, /*wait=*/true);
  v1::RunProjectResponse response;
  ASSERT_TRUE(Rpc(*stub, &v1::ComputeService::Stub::RunProject, request, &response).ok());
  EXPECT_EQ(response.job().state(), v1::JOB_STATE_SUCCEEDED) << response.job().error();
  EXPECT_EQ(response.job().project_version(), 1);
  EXPECT_EQ(QueryValue(dsn(), "SELECT count(DISTINCT metric) FROM opmon_results.desktop_health_statistics"), "5");
  EXPECT_THAT(compute_->Log(), HasSubstr("PublishResults failed"));
  auto metrics = opmon::testing::HttpGet(compute_->metrics_port(), "/metrics");
  ASSERT_THAT(metrics, IsOk());
  EXPECT_THAT(*metrics, HasSubstr("opmon_compute_jobs_total{state=\"succeeded\"} 1"));
  EXPECT_THAT(*metrics, HasSubstr("opmon_compute_running_jobs 0"));

  request.set_slug("not-applied");
  v1::RunProjectResponse missing;
  grpc::Status status = Rpc(*stub, &v1::ComputeService::Stub::RunProject, request, &missing);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("not-applied"));
}

TEST_F(ComputeConfigTest, PreviewsAndDryRunsAFileWithoutStoringIt) {
  auto stub = v1::ComputeService::NewStub(compute_->channel());
  const std::string yaml = R"(
project:
  platform: firefox_desktop
  skip_default_metrics: true
  metrics: [search_count]
  population: {data_source: main, channel: beta, monitor_entire_population: true}
)";
  v1::PreviewRequest preview = PreviewOf("draft", kLastDay);
  preview.mutable_file()->set_path("draft.yaml");
  preview.mutable_file()->set_content(yaml);
  v1::PreviewResponse rows;
  grpc::Status status = Rpc(*stub, &v1::ComputeService::Stub::Preview, preview, &rows);
  ASSERT_THAT(status, IsOk());
  ASSERT_EQ(rows.rows_size(), 1);
  EXPECT_EQ(rows.rows(0).metric(), "search_count");
  EXPECT_EQ(rows.rows(0).branch(), "active");
  EXPECT_DOUBLE_EQ(rows.rows(0).point(),
                   std::stod(QueryValue(dsn(), "SELECT sum(s) FROM (SELECT sum(search_count) AS s FROM telemetry.main "
                                               "WHERE submission_date = '2024-02-10' AND normalized_channel = 'beta' "
                                               "GROUP BY client_id HAVING count(*) <= 10000) c")));
  EXPECT_EQ(QueryValue(dsn(), "SELECT count(*) FROM opmon.projects WHERE slug = 'draft'"), "0");

  v1::DryRunRequest dry = DryRunOf("draft", kLastDay);
  *dry.mutable_file() = preview.file();
  v1::DryRunResponse plan;
  ASSERT_TRUE(Rpc(*stub, &v1::ComputeService::Stub::DryRun, dry, &plan).ok());
  EXPECT_TRUE(plan.ok());

  preview.mutable_file()->set_content("project: {metrics: [nope]}");
  status = Rpc(*stub, &v1::ComputeService::Stub::Preview, preview, &rows);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("nope"));
}

}  // namespace
}  // namespace opmon::compute::testing
