// With --config-addr the statistics service takes project content from the
// real opmon-config (common/config_client): a project applied there is
// queryable, validated against the config's dimensions, and a new config
// version takes effect on the next query.
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "opmon/v1/config.grpc.pb.h"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using ::testing::HasSubstr;

class StatisticsWithConfigServiceTest : public PgTest {
 protected:
  void SetUp() override {
    ASSERT_THAT(ServiceProcess::StartServingInto(config_, "config", dsn()), IsOk());
    ASSERT_THAT(
        ServiceProcess::StartServingInto(statistics_, "statistics", dsn(), {"--config-addr", config_->grpc_address()}),
        IsOk());
    config_stub_ = v1::ConfigService::NewStub(config_->channel());
    const absl::Status applied = ApplyExampleDefinitions(*config_stub_);
    ASSERT_THAT(applied, IsOk());
  }

  void Apply(const std::string& slug, const std::string& content) {
    v1::ApplyProjectRequest request;
    request.mutable_file()->set_path(slug + ".yaml");
    request.mutable_file()->set_content(content);
    request.set_slug(slug);
    v1::ApplyProjectResponse response;
    grpc::Status status = config_stub_->ApplyProject(Deadline().get(), request, &response);
    ASSERT_THAT(status, IsOk());
    for (const auto& d : response.diagnostics()) ADD_FAILURE() << d.message();
  }

  std::unique_ptr<ServiceProcess> config_;
  std::unique_ptr<ServiceProcess> statistics_;
  std::unique_ptr<v1::ConfigService::Stub> config_stub_;
};

TEST_F(StatisticsWithConfigServiceTest, ServesProjectsAppliedThroughTheConfigServiceAndFollowsNewVersions) {
  const std::string rollout = ExampleText("projects/fission-rollout.yaml");
  Apply("cfg-rollout", rollout);
  config::ResolvedProject project = ResolvedExample("fission-rollout", "cfg-rollout");
  WriteStatistics(dsn(), project, {"2024-03-01"},
                  {StatRow("2024-03-01", "", {"Linux"}, "enabled", "memory_total", "percentile", "50", 7, 6, 8)});

  auto stub = StatisticsStub(*statistics_);
  v1::QueryStatisticsRequest request;
  request.set_slug("cfg-rollout");
  auto* filter = request.add_dimension_filters();
  filter->set_name("os");
  filter->set_value("Linux");
  v1::QueryStatisticsResponse response;
  grpc::Status status = stub->QueryStatistics(Deadline().get(), request, &response);
  ASSERT_THAT(status, IsOk());
  ASSERT_EQ(response.rows_size(), 1);
  EXPECT_EQ(response.rows(0).point(), 7);

  // Version 2 of the project drops the os dimension: the same query is now
  // refused, because validation follows the config.
  std::string without_os = rollout;
  const std::string dims = "    dimensions: [os]\n";
  ASSERT_NE(without_os.find(dims), std::string::npos);
  without_os.erase(without_os.find(dims), dims.size());
  Apply("cfg-rollout", without_os);
  status = stub->QueryStatistics(Deadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("dimension_filters[0].name: \"os\" is not a dimension"));

  request.set_slug("not-applied");
  status = stub->QueryStatistics(Deadline().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace opmon::testing
