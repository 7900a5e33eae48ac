// TLS on the gRPC edge, with certificates the test makes (openssl): a
// service with --tls-cert/--tls-key answers clients that trust its CA and
// refuses plaintext and other CAs; with --tls-client-ca it also requires a
// client certificate from that CA; without TLS it refuses a non-loopback
// --listen unless --insecure-plaintext; opmonctl and service-to-service
// calls connect with --tls-ca and a client certificate; database URLs pass
// sslmode to libpq.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/grpc/client_channel.h"
#include "common/grpc/status_conversion.h"
#include "common/grpc/tls.h"
#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "opmon/v1/common.grpc.pb.h"
#include "opmon/v1/compute.grpc.pb.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/scratch_dir.h"
#include "tests/testing/service_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_certificates.h"
#include "tests/testing/wait_until.h"

namespace opmon::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// GetInfo on `address` over a fresh channel with `files`' TLS.
absl::Status CallGetInfo(const std::string& address, const grpc_edge::ClientTlsFiles& files) {
  absl::StatusOr<grpc_edge::ClientTls> tls = grpc_edge::LoadClientTls(files);
  if (!tls.ok()) return tls.status();
  auto stub = v1::InfoService::NewStub(
      grpc_edge::MakeClientChannel(address, {.own_subchannel = true, .tls = *std::move(tls)}));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::GetInfoResponse info;
  return grpc_edge::FromGrpcStatus(stub->GetInfo(&ctx, v1::GetInfoRequest(), &info));
}

// CallGetInfo, retried while the service is not serving yet (UNAVAILABLE
// until its access tokens are loaded), for up to 30 s; the last status.
absl::Status CallGetInfoOnceServing(const std::string& address, const grpc_edge::ClientTlsFiles& files) {
  absl::Status status;
  WaitUntil(
      [&] {
        status = CallGetInfo(address, files);
        return status.code() != absl::StatusCode::kUnavailable;
      },
      absl::Seconds(30), absl::Milliseconds(100));
  return status;
}

std::vector<std::string> ServerTlsArgs(const TestCertificates& certs) {
  return {"--tls-cert", certs.server.cert, "--tls-key", certs.server.key};
}

class TlsTest : public PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    auto scratch = ScratchDir::Create("opmon-tls");
    ASSERT_THAT(scratch, IsOk());
    dir_ = scratch->release();
    auto good = MakeTestCertificates(dir_->path(), "good");
    ASSERT_TRUE(good.ok()) << good.status();
    auto other = MakeTestCertificates(dir_->path(), "other");
    ASSERT_TRUE(other.ok()) << other.status();
    good_ = new TestCertificates(*good);
    other_ = new TestCertificates(*other);

    auto tls = ServiceProcess::Start("config", dsn(), ServerTlsArgs(*good_));
    ASSERT_TRUE(tls.ok()) << tls.status();
    tls_config_ = tls->release();
    std::vector<std::string> mutual_args = ServerTlsArgs(*good_);
    mutual_args.insert(mutual_args.end(), {"--tls-client-ca", good_->ca.cert});
    auto mutual = ServiceProcess::Start("config", dsn(), mutual_args);
    ASSERT_TRUE(mutual.ok()) << mutual.status();
    mutual_config_ = mutual->release();
    // Health is not reachable over plaintext here: wait for an answer over TLS.
    ASSERT_THAT(CallGetInfoOnceServing(tls_config_->grpc_address(), Trusting(*good_)), IsOk()) << tls_config_->Log();
    ASSERT_THAT(CallGetInfoOnceServing(mutual_config_->grpc_address(), TrustingWithCertificate(*good_, *good_)),
                IsOk())
        << mutual_config_->Log();
  }
  static void TearDownTestSuite() {
    delete tls_config_;
    delete mutual_config_;
    delete dir_;
    delete good_;
    delete other_;
  }

  static grpc_edge::ClientTlsFiles Trusting(const TestCertificates& ca) {
    return {.ca = ca.ca.cert, .cert = "", .key = ""};
  }
  static grpc_edge::ClientTlsFiles TrustingWithCertificate(const TestCertificates& ca,
                                                           const TestCertificates& client) {
    return {.ca = ca.ca.cert, .cert = client.client.cert, .key = client.client.key};
  }

  static ScratchDir* dir_;
  static TestCertificates* good_;
  static TestCertificates* other_;
  static ServiceProcess* tls_config_;
  static ServiceProcess* mutual_config_;
};

ScratchDir* TlsTest::dir_ = nullptr;
TestCertificates* TlsTest::good_ = nullptr;
TestCertificates* TlsTest::other_ = nullptr;
ServiceProcess* TlsTest::tls_config_ = nullptr;
ServiceProcess* TlsTest::mutual_config_ = nullptr;

TEST_F(TlsTest, ServerWithCertificateAnswersClientsTrustingItsCaAndRefusesPlaintext) {
  EXPECT_THAT(CallGetInfo(tls_config_->grpc_address(), Trusting(*good_)), IsOk()) << tls_config_->Log();
  EXPECT_THAT(CallGetInfo(tls_config_->grpc_address(), {}), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(TlsTest, ClientTrustingAnotherCaRefusesTheServer) {
  EXPECT_THAT(CallGetInfo(tls_config_->grpc_address(), Trusting(*other_)), StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(TlsTest, MutualTlsRequiresAClientCertificateSignedByTheClientCa) {
  const std::string address = mutual_config_->grpc_address();
  EXPECT_THAT(CallGetInfo(address, TrustingWithCertificate(*good_, *good_)), IsOk()) << mutual_config_->Log();
  EXPECT_THAT(CallGetInfo(address, Trusting(*good_)), StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(CallGetInfo(address, TrustingWithCertificate(*good_, *other_)),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST_F(TlsTest, PlaintextServiceRefusesANonLoopbackListenAddressUnlessTold) {
  auto refused = ServiceProcess::Start("config", dsn(), {"--listen", "0.0.0.0:0"});
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInternal,
                                AllOf(HasSubstr("exited with 2"), HasSubstr("not a loopback address"),
                                      HasSubstr("--insecure-plaintext"))));

  auto told = ServiceProcess::Start("config", dsn(), {"--listen", "0.0.0.0:0", "--insecure-plaintext"});
  ASSERT_THAT(told, IsOk());
  EXPECT_THAT(CallGetInfoOnceServing((*told)->grpc_address(), {}), IsOk());

  std::vector<std::string> tls_args = ServerTlsArgs(*good_);
  tls_args.insert(tls_args.end(), {"--listen", "0.0.0.0:0"});
  auto with_tls = ServiceProcess::Start("config", dsn(), tls_args);
  ASSERT_THAT(with_tls, IsOk());
  EXPECT_THAT(CallGetInfoOnceServing((*with_tls)->grpc_address(), Trusting(*good_)), IsOk());
}

TEST_F(TlsTest, UnreadableTlsFilesStopTheServiceAtStart) {
  auto started =
      ServiceProcess::Start("config", dsn(), {"--tls-cert", good_->server.cert, "--tls-key", "/nonexistent.key"});
  EXPECT_THAT(started, StatusIs(absl::StatusCode::kInternal,
                                AllOf(HasSubstr("exited with 2"), HasSubstr("--tls-key: cannot read"))));
}

TEST_F(TlsTest, ServiceToServiceCallsUseTheClientTlsFlags) {
  // compute asks config for a project that was never applied: NOT_FOUND
  // comes from config, so the mutual-TLS call got through.
  std::vector<std::string> args = {"--config-addr", mutual_config_->grpc_address(), "--statistics-addr", "127.0.0.1:1",
                                   "--tls-ca", good_->ca.cert, "--tls-client-cert", good_->client.cert,
                                   "--tls-client-key", good_->client.key};
  auto compute = ServiceProcess::Start("compute", dsn(), args);
  ASSERT_THAT(compute, IsOk());
  ASSERT_THAT((*compute)->WaitForHealth(true), IsOk());
  auto stub = v1::ComputeService::NewStub((*compute)->channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  v1::RunProjectRequest request;
  request.set_slug("never-applied");
  request.set_date("2024-02-20");
  v1::RunProjectResponse response;
  EXPECT_THAT(grpc_edge::FromGrpcStatus(stub->RunProject(&ctx, request, &response)),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("never-applied")))
      << (*compute)->Log();
}

TEST_F(TlsTest, OpmonctlConnectsWithTlsCaAndClientCertificate) {
  const std::string opmonctl = BuiltBinary("clients/opmonctl/opmonctl");
  auto projects_ls = [&](const std::string& address, const std::vector<std::string>& tls_args) {
    std::vector<std::string> argv = {opmonctl, "--config-addr", address, "--timeout", "10", "projects", "ls"};
    argv.insert(argv.end(), tls_args.begin(), tls_args.end());
    return RunCommand(argv);
  };
  auto over_tls = projects_ls(tls_config_->grpc_address(), {"--tls-ca", good_->ca.cert});
  ASSERT_THAT(over_tls, IsOk());
  EXPECT_EQ(over_tls->exit_code, 0) << over_tls->output;
  auto plaintext = projects_ls(tls_config_->grpc_address(), {});
  ASSERT_THAT(plaintext, IsOk());
  EXPECT_NE(plaintext->exit_code, 0) << plaintext->output;

  auto mutual = projects_ls(mutual_config_->grpc_address(), {"--tls-ca", good_->ca.cert, "--tls-client-cert",
                                                             good_->client.cert, "--tls-client-key",
                                                             good_->client.key});
  ASSERT_THAT(mutual, IsOk());
  EXPECT_EQ(mutual->exit_code, 0) << mutual->output;
  auto no_certificate = projects_ls(mutual_config_->grpc_address(), {"--tls-ca", good_->ca.cert});
  ASSERT_THAT(no_certificate, IsOk());
  EXPECT_NE(no_certificate->exit_code, 0) << no_certificate->output;

  auto unreadable = projects_ls(tls_config_->grpc_address(), {"--tls-ca", "/nonexistent-ca.pem"});
  ASSERT_THAT(unreadable, IsOk());
  EXPECT_EQ(unreadable->exit_code, 2);
  EXPECT_THAT(unreadable->output, HasSubstr("--tls-ca: cannot read \"/nonexistent-ca.pem\""));
}

TEST_F(TlsTest, DatabaseUrlsPassSslmodeToLibpq) {
  // The test cluster has no SSL: libpq's own refusal shows sslmode reached it.
  // Over TCP: libpq ignores sslmode on a unix socket.
  pg::Pool required(
      pg::PoolOptions{.dsn = cluster().TcpDsn(database()) + " sslmode=require", .size = 1, .max_attempts = 1});
  EXPECT_THAT(required.Ping(), StatusIs(absl::StatusCode::kUnavailable, HasSubstr("SSL")));
  pg::Pool disabled(pg::PoolOptions{.dsn = cluster().TcpDsn(database()) + " sslmode=disable", .size = 1});
  EXPECT_THAT(disabled.Ping(), IsOk());
}

}  // namespace
}  // namespace opmon::testing
