#include "common/grpc/tls.h"

#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::grpc_edge {
namespace {

using ::testing::HasSubstr;

// A file under the test's temp dir holding `contents`; returns its path.
std::string WriteFile(const std::string& name, const std::string& contents) {
  const std::string path = ::testing::TempDir() + name;
  std::ofstream(path) << contents;
  return path;
}

constexpr char kPem[] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

TEST(LoadClientTls, NoFilesMeansPlaintext) {
  absl::StatusOr<ClientTls> tls = LoadClientTls({});
  ASSERT_THAT(tls, IsOk());
  EXPECT_FALSE(tls->enabled());
}

TEST(LoadClientTls, ReadsTheCaAndTheClientPair) {
  const std::string ca = WriteFile("ca.pem", kPem);
  const std::string cert = WriteFile("client.pem", kPem);
  const std::string key = WriteFile("client.key", "-----BEGIN PRIVATE KEY-----\nk\n-----END PRIVATE KEY-----\n");
  absl::StatusOr<ClientTls> tls = LoadClientTls({.ca = ca, .cert = cert, .key = key});
  ASSERT_THAT(tls, IsOk());
  EXPECT_TRUE(tls->enabled());
  EXPECT_EQ(tls->root_certs, kPem);
  EXPECT_EQ(tls->cert_chain, kPem);
  EXPECT_THAT(tls->private_key, HasSubstr("PRIVATE KEY"));
}

TEST(LoadClientTls, NamesTheFlagOfAnUnreadableOrNonPemFile) {
  EXPECT_THAT(LoadClientTls({.ca = "/nonexistent/ca.pem", .cert = "", .key = ""}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--tls-ca: cannot read \"/nonexistent/ca.pem\"")));
  const std::string text = WriteFile("not-pem.txt", "hello");
  EXPECT_THAT(LoadClientTls({.ca = text, .cert = "", .key = ""}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("holds no PEM block")));
}

TEST(LoadClientTls, RefusesACertificateWithoutItsKeyOrWithoutACa) {
  const std::string pem = WriteFile("pem.pem", kPem);
  EXPECT_THAT(LoadClientTls({.ca = pem, .cert = pem, .key = ""}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("only --tls-client-cert is set")));
  EXPECT_THAT(LoadClientTls({.ca = "", .cert = pem, .key = pem}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--tls-client-cert needs --tls-ca")));
}

TEST(MakeServerCredentials, RefusesHalfAPairAndAClientCaWithoutACertificate) {
  const std::string pem = WriteFile("server.pem", kPem);
  EXPECT_THAT(MakeServerCredentials({.cert = "", .key = pem, .client_ca = ""}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("only --tls-key is set")));
  EXPECT_THAT(MakeServerCredentials({.cert = "", .key = "", .client_ca = pem}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--tls-client-ca needs --tls-cert")));
  EXPECT_THAT(MakeServerCredentials({.cert = pem, .key = "/nonexistent/server.key", .client_ca = ""}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--tls-key: cannot read")));
  EXPECT_THAT(MakeServerCredentials({}), IsOk());
}

}  // namespace
}  // namespace opmon::grpc_edge
