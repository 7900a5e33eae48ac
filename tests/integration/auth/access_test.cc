// Access control as a client meets it: every method of every service refuses
// a call without a token (UNAUTHENTICATED) and a caller below the method's
// role (PERMISSION_DENIED naming the role), admits the role the table names,
// a revoked token stops working within seconds, opmonctl manages tokens, and
// no token appears in a log or on /metrics. Health and reflection stay open.
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/auth/role.h"
#include "common/auth/rpc_roles.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "opmon/v1/compute.grpc.pb.h"
#include "opmon/v1/config.grpc.pb.h"
#include "opmon/v1/statistics.grpc.pb.h"
#include "opmon/v1/tokens.grpc.pb.h"
#include "tests/testing/example_files.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/service_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/wait_until.h"

namespace opmon::testing {
namespace {

using auth::Role;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// Which process serves each service of the role table.
const std::map<std::string, std::string>& ProcessOfService() {
  static const auto* const kProcess = new std::map<std::string, std::string>{
      {"ConfigService", "config"},   {"TokenService", "config"},        {"ComputeService", "compute"},
      {"StatisticsService", "statistics"}, {"LookmlService", "lookml"}, {"InfoService", "config"}};
  return *kProcess;
}

// "/opmon.v1.ConfigService/GetProject" for "ConfigService.GetProject".
std::string PathOf(std::string_view rpc) {
  const std::vector<std::string> parts = absl::StrSplit(std::string(rpc), '.');
  return absl::StrCat("/opmon.v1.", parts[0], "/", parts[1]);
}

// One call of the method at `path` with an empty request, on the wire as a
// unary call (a refused server stream ends the same way). Short deadline:
// an admitted stream runs until it.
grpc::Status CallEmpty(const std::shared_ptr<grpc::Channel>& channel, const std::string& path) {
  grpc::GenericStub stub(channel);
  grpc::CompletionQueue cq;
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> call = stub.PrepareUnaryCall(&ctx, path, request, &cq);
  call->StartCall();
  grpc::ByteBuffer response;
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
  return status;
}

class AccessTest : public PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    processes_ = new std::map<std::string, std::unique_ptr<ServiceProcess>>();
    for (const std::string name : {"config", "compute", "statistics", "lookml"}) {
      auto process = ServiceProcess::StartServing(name, dsn());
      ASSERT_THAT(process, IsOk());
      (*processes_)[name] = *std::move(process);
    }
  }
  static void TearDownTestSuite() {
    delete processes_;
    processes_ = nullptr;
  }

  static ServiceProcess& Process(const std::string& name) { return *processes_->at(name); }

  // Creates a token through TokenService as the test's admin.
  static std::string CreateToken(const std::string& name, Role role) {
    auto stub = v1::TokenService::NewStub(Process("config").channel());
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    v1::CreateTokenRequest request;
    request.set_name(name);
    request.set_role(std::string(auth::RoleName(role)));
    v1::CreateTokenResponse response;
    grpc::Status status = stub->CreateToken(&ctx, request, &response);
    EXPECT_THAT(status, IsOk());
    return response.token();
  }

  // Waits until every service has seen a change of the tokens table: a
  // reader call with `token` gets `want` from each (NOTIFY makes it quick).
  static bool WaitUntilEveryServiceAnswers(const std::string& token, grpc::StatusCode want) {
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    for (const auto& [name, process] : *processes_) {
      auto channel = process->ChannelWithToken(token);
      auto answers = [&] { return CallEmpty(channel, PathOf("InfoService.GetInfo")).error_code() == want; };
      if (!WaitUntil(answers, deadline - absl::Now())) return false;
    }
    return true;
  }

  static std::vector<std::string> AllLogsAndMetrics() {
    std::vector<std::string> texts;
    for (const auto& [name, process] : *processes_) {
      texts.push_back(process->Log());
      absl::StatusOr<std::string> metrics = HttpGet(process->metrics_port(), "/metrics");
      texts.push_back(metrics.ok() ? *metrics : "");
    }
    return texts;
  }

  static std::map<std::string, std::unique_ptr<ServiceProcess>>* processes_;
};

std::map<std::string, std::unique_ptr<ServiceProcess>>* AccessTest::processes_ = nullptr;

std::string ProcessOf(std::string_view rpc) {
  return ProcessOfService().at(std::string(rpc.substr(0, rpc.find('.'))));
}

TEST_F(AccessTest, EveryMethodRefusesACallWithoutAToken) {
  for (const auth::RpcRole& entry : auth::RpcRoleTable()) {
    const grpc::Status status = CallEmpty(Process(ProcessOf(entry.rpc)).ChannelWithToken(""), PathOf(entry.rpc));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << entry.rpc << ": " << status.error_message();
  }
}

TEST_F(AccessTest, EveryMethodRefusesAnUnknownToken) {
  for (const auth::RpcRole& entry : auth::RpcRoleTable()) {
    const grpc::Status status =
        CallEmpty(Process(ProcessOf(entry.rpc)).ChannelWithToken("opmon_not_a_token"), PathOf(entry.rpc));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << entry.rpc;
    EXPECT_THAT(status.error_message(), Not(HasSubstr("opmon_not_a_token")));
  }
}

TEST_F(AccessTest, EveryMethodAdmitsItsRoleAndDeniesTheRoleBelow) {
  const std::map<Role, std::string> tokens = {{Role::kReader, CreateToken("walk-reader", Role::kReader)},
                                              {Role::kOperator, CreateToken("walk-operator", Role::kOperator)},
                                              {Role::kAdmin, TestAdminToken()}};
  ASSERT_TRUE(WaitUntilEveryServiceAnswers(tokens.at(Role::kOperator), grpc::StatusCode::OK));
  for (const auth::RpcRole& entry : auth::RpcRoleTable()) {
    ServiceProcess& process = Process(ProcessOf(entry.rpc));
    const grpc::Status admitted = CallEmpty(process.ChannelWithToken(tokens.at(entry.role)), PathOf(entry.rpc));
    EXPECT_NE(admitted.error_code(), grpc::StatusCode::UNAUTHENTICATED) << entry.rpc;
    EXPECT_NE(admitted.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << entry.rpc << ": " << admitted.error_message();
    if (entry.role == Role::kReader) continue;
    const Role below = entry.role == Role::kAdmin ? Role::kOperator : Role::kReader;
    const grpc::Status denied = CallEmpty(process.ChannelWithToken(tokens.at(below)), PathOf(entry.rpc));
    EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED) << entry.rpc;
    EXPECT_THAT(denied.error_message(), HasSubstr("needs role " + std::string(auth::RoleName(entry.role))))
        << entry.rpc;
  }
}

TEST_F(AccessTest, ARevokedTokenIsRefusedWithinSeconds) {
  const std::string token = CreateToken("short-lived", Role::kReader);
  ASSERT_TRUE(WaitUntilEveryServiceAnswers(token, grpc::StatusCode::OK));
  auto stub = v1::TokenService::NewStub(Process("config").channel());
  grpc::ClientContext ctx;
  v1::RevokeTokenRequest request;
  request.set_name("short-lived");
  v1::RevokeTokenResponse response;
  ASSERT_TRUE(stub->RevokeToken(&ctx, request, &response).ok());
  // The services' periodic reload is 30 s away: only the NOTIFY is this fast.
  EXPECT_TRUE(WaitUntilEveryServiceAnswers(token, grpc::StatusCode::UNAUTHENTICATED));
}

TEST_F(AccessTest, OnlyAnAdminMaySetAProjectsWebhookUrl) {
  const std::string operator_token = CreateToken("hook-operator", Role::kOperator);
  ASSERT_TRUE(WaitUntilEveryServiceAnswers(operator_token, grpc::StatusCode::OK));
  v1::ApplyProjectRequest request;
  request.set_slug("hooked");
  request.mutable_file()->set_path("hooked.yaml");
  std::string content = ExampleText("projects/engagement-statistics.yaml");
  const std::string alerts_line = "  alerts: [search_limits, search_overlap, ticks_drift]\n";
  ASSERT_NE(content.find(alerts_line), std::string::npos);
  content.insert(content.find(alerts_line) + alerts_line.size(), "  alert_webhook_url: http://hooks.example/x\n");
  request.mutable_file()->set_content(content);
  v1::ApplyProjectResponse response;
  grpc::ClientContext ctx;
  auto as_operator = v1::ConfigService::NewStub(Process("config").ChannelWithToken(operator_token));
  grpc::Status status = as_operator->ApplyProject(&ctx, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("needs role admin"));
  grpc::ClientContext list_ctx;
  v1::ListProjectsResponse projects;
  ASSERT_TRUE(as_operator->ListProjects(&list_ctx, v1::ListProjectsRequest(), &projects).ok());
  for (const auto& p : projects.projects()) EXPECT_NE(p.slug(), "hooked");
}

TEST_F(AccessTest, AReaderQueriesErrorAggregatesAndNoTokenCannot) {
  const std::string reader = CreateToken("errors-reader", Role::kReader);
  ASSERT_TRUE(WaitUntilEveryServiceAnswers(reader, grpc::StatusCode::OK));
  v1::QueryErrorAggregatesRequest request;
  request.add_measurements("main_crashes");
  request.add_dimensions("channel");
  for (const auto& [token, want] : std::vector<std::pair<std::string, grpc::StatusCode>>{
           {reader, grpc::StatusCode::OK}, {"", grpc::StatusCode::UNAUTHENTICATED}}) {
    auto stub = v1::StatisticsService::NewStub(Process("statistics").ChannelWithToken(token));
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    v1::QueryErrorAggregatesResponse response;
    const grpc::Status status = stub->QueryErrorAggregates(&ctx, request, &response);
    EXPECT_EQ(status.error_code(), want) << status.error_message();
  }
}

TEST_F(AccessTest, HealthAndReflectionStayOpen) {
  for (const auto& [name, process] : *processes_) {
    auto stub = grpc::health::v1::Health::NewStub(process->ChannelWithToken(""));
    grpc::ClientContext ctx;
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = stub->Check(&ctx, grpc::health::v1::HealthCheckRequest(), &response);
    EXPECT_THAT(status, IsOk()) << name << ": " << status.error_message();
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << name;
    const grpc::Status reflection =
        CallEmpty(process->ChannelWithToken(""), "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo");
    EXPECT_NE(reflection.error_code(), grpc::StatusCode::UNAUTHENTICATED) << name;
  }
}

TEST_F(AccessTest, AServiceCallsTheOthersWithItsOwnTokenFile) {
  const std::string reader = CreateToken("compute-own", Role::kReader);
  ASSERT_TRUE(WaitUntilEveryServiceAnswers(reader, grpc::StatusCode::OK));
  // The child inherits the test's OPMON_TOKEN (admin); --token-file wins.
  for (const auto& [token, refused] : std::vector<std::pair<std::string, bool>>{{"opmon_unknown", true},
                                                                                 {reader, false}}) {
    const std::string file = ::testing::TempDir() + "/compute-own-token";
    { std::ofstream(file, std::ios::trunc) << token << "\n"; }
    auto compute = ServiceProcess::StartServing(
        "compute", dsn(), {"--config-addr", Process("config").grpc_address(), "--token-file", file});
    ASSERT_THAT(compute, IsOk());
    // A preview of a file makes compute ask the config service to resolve it.
    v1::PreviewRequest request;
    request.set_slug("own-token");
    request.set_date("2024-03-01");
    *request.mutable_file() = ExampleProto("projects/fission-rollout.yaml");
    v1::PreviewResponse response;
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
    grpc::Status status = v1::ComputeService::NewStub((*compute)->channel())->Preview(&ctx, request, &response);
    if (refused) {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
      EXPECT_THAT(status.error_message(), HasSubstr("config service ValidateProject"));
    } else {
      EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
    }
    EXPECT_THAT((*compute)->Log(), Not(HasSubstr(reader)));
  }
}

TEST_F(AccessTest, OpmonctlCreatesListsAndRevokesTokens) {
  const std::string config = Process("config").grpc_address();
  auto run = [&](std::vector<std::string> args, const std::string& token) {
    args.insert(args.begin(), {"--config-addr", config});
    // env(1) replaces the OPMON_TOKEN this process exports (or removes it).
    std::vector<std::string> argv = {"env", token.empty() ? "--unset=OPMON_TOKEN" : "OPMON_TOKEN=" + token,
                                     BuiltBinary("clients/opmonctl/opmonctl"), "--timeout", "10"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv);
  };
  auto created = run({"tokens", "create", "ctl-reader", "--role", "reader"}, TestAdminToken());
  ASSERT_THAT(created, IsOk());
  ASSERT_EQ(created->exit_code, 0) << created->output;
  // stdout (the token) and stderr (a note) are interleaved in `output`.
  std::string token;
  for (absl::string_view line : absl::StrSplit(created->output, '\n')) {
    if (absl::StartsWith(line, "opmon_")) token = std::string(absl::StripAsciiWhitespace(line));
  }
  ASSERT_FALSE(token.empty()) << created->output;
  ASSERT_TRUE(WaitUntilEveryServiceAnswers(token, grpc::StatusCode::OK));

  auto listed = run({"tokens", "ls"}, TestAdminToken());
  ASSERT_THAT(listed, IsOk());
  EXPECT_EQ(listed->exit_code, 0) << listed->output;
  EXPECT_THAT(listed->output, AllOf(HasSubstr("ctl-reader"), HasSubstr("reader"), Not(HasSubstr(token))));

  // The reader may list projects but not create tokens; no token at all is refused.
  auto read = run({"projects", "ls"}, token);
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->exit_code, 0) << read->output;
  auto denied = run({"tokens", "create", "sneaky", "--role", "admin"}, token);
  ASSERT_THAT(denied, IsOk());
  EXPECT_NE(denied->exit_code, 0);
  EXPECT_THAT(denied->output, AllOf(HasSubstr("PERMISSION_DENIED"), HasSubstr("needs role admin")));
  // Bad names and roles are refused with what is wrong, and nothing is stored.
  auto bad_name = run({"tokens", "create", "has space", "--role", "reader"}, TestAdminToken());
  ASSERT_THAT(bad_name, IsOk());
  EXPECT_NE(bad_name->exit_code, 0);
  EXPECT_THAT(bad_name->output, AllOf(HasSubstr("INVALID_ARGUMENT"), HasSubstr("must be 1 to 63")));
  auto bad_role = run({"tokens", "create", "ctl-root", "--role", "root"}, TestAdminToken());
  ASSERT_THAT(bad_role, IsOk());
  EXPECT_NE(bad_role->exit_code, 0);
  EXPECT_THAT(bad_role->output, HasSubstr("root"));
  auto anonymous = run({"projects", "ls"}, "");
  ASSERT_THAT(anonymous, IsOk());
  EXPECT_THAT(anonymous->output, AllOf(HasSubstr("UNAUTHENTICATED"), HasSubstr("OPMON_TOKEN")));

  // --token-file works as OPMON_TOKEN does.
  const std::string token_file = ::testing::TempDir() + "/ctl-reader-token";
  { std::ofstream(token_file) << token << "\n"; }
  auto from_file = run({"projects", "ls", "--token-file", token_file}, "");
  ASSERT_THAT(from_file, IsOk());
  EXPECT_EQ(from_file->exit_code, 0) << from_file->output;

  auto revoked = run({"tokens", "revoke", "ctl-reader"}, TestAdminToken());
  ASSERT_THAT(revoked, IsOk());
  EXPECT_EQ(revoked->exit_code, 0) << revoked->output;
  ASSERT_TRUE(WaitUntilEveryServiceAnswers(token, grpc::StatusCode::UNAUTHENTICATED));
  auto after = run({"projects", "ls"}, token);
  ASSERT_THAT(after, IsOk());
  EXPECT_THAT(after->output, HasSubstr("UNAUTHENTICATED"));

  for (const std::string& text : AllLogsAndMetrics()) {
    EXPECT_THAT(text, AllOf(Not(HasSubstr(token)), Not(HasSubstr(TestAdminToken()))));
  }
}

}  // namespace
}  // namespace opmon::testing
