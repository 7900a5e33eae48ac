// Every service binary, started for real against a real PostgreSQL: health,
// reflection, /metrics and a clean SIGTERM; health follows the database.
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "common/grpc/client_channel.h"
#include "opmon/v1/common.grpc.pb.h"
#include "tests/testing/free_port.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/service_process.h"
#include "tests/testing/status_matchers.h"

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
  auto service = ServiceProcess::StartServing(GetParam(), dsn());
  ASSERT_THAT(service, IsOk());

  std::vector<std::string> services = ListServices((*service)->channel());
  EXPECT_THAT(services, Contains((*service)->service_name()));
  EXPECT_THAT(services, Contains("grpc.reflection.v1alpha.ServerReflection"));
  EXPECT_THAT(services, Contains("opmon.v1.InfoService"));

  auto metrics_before = HttpGet((*service)->metrics_port(), "/metrics");
  ASSERT_THAT(metrics_before, IsOk());
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
  ASSERT_THAT(metrics_after, IsOk());
  EXPECT_EQ(MetricValue(*metrics_after, get_info_ok), before + 3);
  EXPECT_GT(MetricValue(*metrics_after, {"opmon_rpc_duration_seconds_count", "/opmon.v1.InfoService/GetInfo"}), 0);

  auto exit_code = (*service)->Terminate();
  ASSERT_THAT(exit_code, IsOk());
  EXPECT_EQ(*exit_code, 0) << (*service)->Log();
  EXPECT_THAT((*service)->Log(), HasSubstr("shutdown requested"));
}

INSTANTIATE_TEST_SUITE_P(AllServices, ServiceLifecycleTest,
                         ::testing::Values("config", "compute", "statistics", "lookml"));

TEST(ServiceHealth, FollowsTheDatabaseDownAndBackUp) {
  // A cluster of its own: stopping the shared one would break other suites.
  auto cluster = PgCluster::Start();
  ASSERT_THAT(cluster, IsOk());
  ASSERT_TRUE((*cluster)->CreateDatabase("opmon").ok());
  auto service = ServiceProcess::StartServing("statistics", (*cluster)->Dsn("opmon"));
  ASSERT_THAT(service, IsOk());

  ASSERT_THAT((*cluster)->Stop(), IsOk());
  EXPECT_THAT((*service)->WaitForHealth(false), IsOk()) << (*service)->Log();

  ASSERT_THAT((*cluster)->Restart(), IsOk());
  EXPECT_THAT((*service)->WaitForHealth(true), IsOk()) << (*service)->Log();
}

// --health-listen: a plaintext listener for probes that cannot speak TLS
// (Kubernetes' gRPC probes) answers Health.Check from the same status as the
// main listener, and serves nothing else.
TEST(ServiceHealth, ProbeListenerAnswersHealthOnlyAndFollowsTheDatabase) {
  auto cluster = PgCluster::Start();
  ASSERT_THAT(cluster, IsOk());
  ASSERT_TRUE((*cluster)->CreateDatabase("opmon").ok());
  const int probe_port = FreeLoopbackPort();
  ASSERT_GT(probe_port, 0);
  auto service = ServiceProcess::StartServing("compute", (*cluster)->Dsn("opmon"),
                                              {"--health-listen", absl::StrCat("127.0.0.1:", probe_port)});
  ASSERT_THAT(service, IsOk());
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", probe_port), grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(channel);
  auto check = [&](const std::string& name, grpc::health::v1::HealthCheckResponse* response) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(name);
    return health->Check(&ctx, request, response);
  };
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(check("", &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  ASSERT_TRUE(check((*service)->service_name(), &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(check("opmon.v1.NoSuchService", &response).error_code(), grpc::StatusCode::NOT_FOUND);

  // Nothing but health on the probe port: no opmon API (reflection, which
  // gRPC adds to every server of the process, lists only health).
  grpc::ClientContext ctx;
  v1::GetInfoResponse info;
  EXPECT_EQ(v1::InfoService::NewStub(channel)->GetInfo(&ctx, v1::GetInfoRequest(), &info).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
  for (const std::string& name : ListServices(channel)) {
    EXPECT_THAT(name, ::testing::StartsWith("grpc.")) << "served on the probe port";
  }

  ASSERT_THAT((*cluster)->Stop(), IsOk());
  ASSERT_THAT((*service)->WaitForHealth(false), IsOk()) << (*service)->Log();
  ASSERT_TRUE(check("", &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  ASSERT_TRUE(check("liveness", &response).ok());  // alive: a restart would not bring the database back
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  ASSERT_THAT((*cluster)->Restart(), IsOk());
  ASSERT_THAT((*service)->WaitForHealth(true), IsOk()) << (*service)->Log();
  ASSERT_TRUE(check("", &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

// Several replicas behind one name (here an ipv4: list; a DNS name with
// several records resolves the same way): service-to-service channels spread
// calls round-robin and skip a replica that does not serve.
TEST(ClientBalancing, SpreadsCallsRoundRobinAndSkipsAReplicaThatDoesNotServe) {
  // Each replica on a database of its own, so one can lose it.
  auto cluster_a = PgCluster::Start();
  auto cluster_b = PgCluster::Start();
  ASSERT_THAT(cluster_a, IsOk());
  ASSERT_THAT(cluster_b, IsOk());
  ASSERT_TRUE((*cluster_a)->CreateDatabase("opmon").ok());
  ASSERT_TRUE((*cluster_b)->CreateDatabase("opmon").ok());
  auto a = ServiceProcess::StartServing("config", (*cluster_a)->Dsn("opmon"));
  auto b = ServiceProcess::StartServing("config", (*cluster_b)->Dsn("opmon"));
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());

  auto channel = grpc_edge::MakeClientChannel(absl::StrCat("ipv4:", (*a)->grpc_address(), ",", (*b)->grpc_address()),
                                              {.token = TestAdminToken(), .health_checked = true});
  auto stub = v1::InfoService::NewStub(channel);
  const std::vector<std::string> get_info_ok = {"opmon_rpc_requests_total", "/opmon.v1.InfoService/GetInfo",
                                                "code=\"OK\""};
  auto calls_to = [&](ServiceProcess& replica) {
    auto metrics = HttpGet(replica.metrics_port(), "/metrics");
    return metrics.ok() ? std::max(0.0, MetricValue(*metrics, get_info_ok)) : -1.0;
  };
  auto call = [&](int n) {
    for (int i = 0; i < n; ++i) {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
      v1::GetInfoResponse info;
      ASSERT_TRUE(stub->GetInfo(&ctx, v1::GetInfoRequest(), &info).ok());
    }
  };
  // Round-robin starts once both subchannels are connected and their health
  // watch said SERVING: until then the calls go to the one that is ready.
  ASSERT_TRUE(channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10)));
  const double a_start = calls_to(**a), b_start = calls_to(**b);
  for (int i = 0; i < 200 && (calls_to(**a) == a_start || calls_to(**b) == b_start); ++i) {
    call(1);
    absl::SleepFor(absl::Milliseconds(50));
  }
  const double a0 = calls_to(**a), b0 = calls_to(**b);
  call(20);
  EXPECT_NEAR(calls_to(**a) - a0, 10, 2);
  EXPECT_NEAR(calls_to(**b) - b0, 10, 2);

  // Replica a loses its database: NOT_SERVING, so every call goes to b.
  ASSERT_THAT((*cluster_a)->Stop(), IsOk());
  ASSERT_THAT((*a)->WaitForHealth(false), IsOk()) << (*a)->Log();
  absl::SleepFor(absl::Milliseconds(500));  // the health watch reaches the channel
  const double a1 = calls_to(**a), b1 = calls_to(**b);
  call(10);
  EXPECT_EQ(calls_to(**a), a1);
  EXPECT_EQ(calls_to(**b) - b1, 10);

  // Back: both share the calls again.
  ASSERT_THAT((*cluster_a)->Restart(), IsOk());
  ASSERT_THAT((*a)->WaitForHealth(true), IsOk()) << (*a)->Log();
  absl::SleepFor(absl::Milliseconds(500));
  const double a2 = calls_to(**a);
  call(10);
  EXPECT_GT(calls_to(**a) - a2, 0);
}

TEST(ServiceStartup, RefusesToStartWithoutADatabaseUrl) {
  auto result = RunCommand({BuiltBinary("services/config/opmon-config"), "--listen", "127.0.0.1:0"},
                           {"OPMON_DB_URL="});
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 2);
  EXPECT_THAT(result->output, HasSubstr("--db-url (or OPMON_DB_URL) is required"));
}

}  // namespace
}  // namespace opmon::testing
