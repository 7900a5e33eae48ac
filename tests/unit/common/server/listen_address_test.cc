#include "common/server/listen_address.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::server {
namespace {

using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;
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

TEST(CheckPlaintextListen, RefusesANonLoopbackAddressWithoutTlsNamingTheWayOut) {
  EXPECT_THAT(CheckPlaintextListen("0.0.0.0:7101", /*tls=*/false, /*insecure_plaintext=*/false),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("0.0.0.0:7101"), HasSubstr("--tls-cert"), HasSubstr("--insecure-plaintext"))));
}

TEST(CheckPlaintextListen, AcceptsTlsTheExplicitOptOutOrLoopback) {
  EXPECT_THAT(CheckPlaintextListen("0.0.0.0:7101", /*tls=*/true, /*insecure_plaintext=*/false), IsOk());
  EXPECT_THAT(CheckPlaintextListen("0.0.0.0:7101", /*tls=*/false, /*insecure_plaintext=*/true), IsOk());
  EXPECT_THAT(CheckPlaintextListen("127.0.0.1:7101", /*tls=*/false, /*insecure_plaintext=*/false), IsOk());
}

}  // namespace
}  // namespace opmon::server
