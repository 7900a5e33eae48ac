#include "common/server/listen_address.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::server {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(IsLoopbackListenAddress, AcceptsLoopbackAddressesNamesAndUnixSockets) {
  for (const char* listen : {"127.0.0.1:7101", "127.1.2.3:0", "[::1]:7101", "[::ffff:127.0.0.1]:7101",
                             "localhost:7101", "ipv4:127.0.0.1:7101", "unix:/tmp/opmon.sock"}) {
    EXPECT_TRUE(IsLoopbackListenAddress(listen)) << listen;
  }
}

TEST(IsLoopbackListenAddress, RefusesWildcardsOtherAddressesAndOtherNames) {
  for (const char* listen : {"0.0.0.0:7101", "[::]:7101", "10.0.0.5:7101", "192.168.1.2:7101", "[2001:db8::1]:7101",
                             "[::ffff:10.0.0.1]:7101", "opmon.example.org:7101", "localhost.example.org:7101",
                             "128.0.0.1:7101"}) {
    EXPECT_FALSE(IsLoopbackListenAddress(listen)) << listen;
  }
}

ServerOptions Listening(const std::string& listen) {
  ServerOptions options;
  options.listen = listen;
  return options;
}

TEST(CheckPlaintextListen, RefusesANonLoopbackAddressWithoutTlsNamingTheWayOut) {
  EXPECT_THAT(CheckPlaintextListen(Listening("0.0.0.0:7101")),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("0.0.0.0:7101"), HasSubstr("--tls-cert"), HasSubstr("--insecure-plaintext"))));
}

TEST(CheckPlaintextListen, AcceptsTlsTheExplicitOptOutOrLoopback) {
  ServerOptions tls = Listening("0.0.0.0:7101");
  tls.tls = {.cert = "server.pem", .key = "server.key", .client_ca = ""};
  EXPECT_THAT(CheckPlaintextListen(tls), IsOk());
  ServerOptions told = Listening("0.0.0.0:7101");
  told.insecure_plaintext = true;
  EXPECT_THAT(CheckPlaintextListen(told), IsOk());
  EXPECT_THAT(CheckPlaintextListen(Listening("127.0.0.1:7101")), IsOk());
}

}  // namespace
}  // namespace opmon::server
