// Every service binary, started for real against a real PostgreSQL: health,
// reflection, /metrics and a clean SIGTERM; health follows the database.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "opmon/v1/common.grpc.pb.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/service_process.h"

namespace opmon::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

std::vector<std::string> ListServices(const std::shared_ptr<grpc::Channel>& channel) {
  auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub->ServerReflectionInfo(&ctx);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  std::vector<std::string> names;
  if (!stream->Write(request)) return names;
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  while (stream->Read(&response)) {
    for (const auto& s : response.list_services_response().service()) names.push_back(s.name());
  }
  stream->Finish();
  return names;
}

// The value of the first sample line that contains every fragment, or -1.
double MetricValue(const std::string& text, const std::vector<std::string>& fragments) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    bool all = true;
    for (const auto& f : fragments) all = all && absl::StrContains(line, f);
    if (all) return std::stod(std::string(line.substr(line.rfind(' ') + 1)));
  }
  return -1;
}

class ServiceLifecycleTest : public PgTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(ServiceLifecycleTest, ServesHealthReflectionAndMetricsThenStopsOnSigterm) {
  auto service = ServiceProcess::Start(GetParam(), dsn());
  ASSERT_TRUE(service.ok()) << service.status();
  ASSERT_TRUE((*service)->WaitForHealth(true).ok()) << (*service)->Log();

  std::vector<std::string> services = ListServices((*service)->channel());
  EXPECT_THAT(services, Contains((*service)->service_name()));
  EXPECT_THAT(services, Contains("grpc.reflection.v1alpha.ServerReflection"));
  EXPECT_THAT(services, Contains("opmon.v1.InfoService"));

  auto metrics_before = HttpGet((*service)->metrics_port(), "/metrics");
  ASSERT_TRUE(metrics_before.ok()) << metrics_before.status();
  EXPECT_THAT(*metrics_before, HasSubstr("opmon_database_up 1"));
  const std::vector<std::string> get_info_ok = {"opmon_rpc_requests_total", "/opmon.v1.InfoService/GetInfo",
                                                "code=\"OK\""};
  double before = std::max(0.0, MetricValue(*metrics_before, get_info_ok));

  auto stub = v1::InfoService::NewStub((*service)->channel());
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext ctx;
    v1::GetInfoResponse info;
    ASSERT_TRUE(stub->GetInfo(&ctx, v1::GetInfoRequest(), &info).ok());
    EXPECT_EQ(info.binary(), "opmon-" + GetParam());
    EXPECT_EQ(info.service(), (*service)->service_name());
    EXPECT_TRUE(info.database_reachable());
    EXPECT_GE(info.schema_version(), 1);
  }
  auto metrics_after = HttpGet((*service)->metrics_port(), "/metrics");
  ASSERT_TRUE(metrics_after.ok());
  EXPECT_EQ(MetricValue(*metrics_after, get_info_ok), before + 3);
  EXPECT_GT(MetricValue(*metrics_after, {"opmon_rpc_duration_seconds_count", "/opmon.v1.InfoService/GetInfo"}), 0);

  auto exit_code = (*service)->Terminate();
  ASSERT_TRUE(exit_code.ok()) << exit_code.status();
  EXPECT_EQ(*exit_code, 0) << (*service)->Log();
  EXPECT_THAT((*service)->Log(), HasSubstr("shutdown requested"));
}

INSTANTIATE_TEST_SUITE_P(AllServices, ServiceLifecycleTest,
                         ::testing::Values("config", "compute", "statistics", "lookml"));

TEST(ServiceHealth, FollowsTheDatabaseDownAndBackUp) {
  // A cluster of its own: stopping the shared one would break other suites.
  auto cluster = PgCluster::Start();
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  ASSERT_TRUE((*cluster)->CreateDatabase("opmon").ok());
  auto service = ServiceProcess::Start("statistics", (*cluster)->Dsn("opmon"));
  ASSERT_TRUE(service.ok()) << service.status();
  ASSERT_TRUE((*service)->WaitForHealth(true).ok()) << (*service)->Log();

  ASSERT_TRUE((*cluster)->Stop().ok());
  EXPECT_TRUE((*service)->WaitForHealth(false).ok()) << (*service)->Log();

  ASSERT_TRUE((*cluster)->Restart().ok());
  EXPECT_TRUE((*service)->WaitForHealth(true).ok()) << (*service)->Log();
}

TEST(ServiceStartup, RefusesToStartWithoutADatabaseUrl) {
  auto result = RunCommand({BuiltBinary("services/config/opmon-config"), "--listen", "127.0.0.1:0"},
                           {"OPMON_DB_URL="});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->exit_code, 2);
  EXPECT_THAT(result->output, HasSubstr("--db-url (or OPMON_DB_URL) is required"));
}

}  // namespace
}  // namespace opmon::testing
