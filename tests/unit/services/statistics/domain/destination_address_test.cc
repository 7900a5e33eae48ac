#include "services/statistics/domain/destination_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::statistics {
namespace {

// The kind of a textual IPv4 or IPv6 address, through a socket address as
// the resolver hands it over.
AddressKind KindOf(const std::string& text) {
  if (text.find(':') == std::string::npos) {
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    EXPECT_EQ(inet_pton(AF_INET, text.c_str(), &v4.sin_addr), 1) << text;
    return ClassifyAddress(reinterpret_cast<const sockaddr*>(&v4), sizeof(v4));
  }
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  EXPECT_EQ(inet_pton(AF_INET6, text.c_str(), &v6.sin6_addr), 1) << text;
  return ClassifyAddress(reinterpret_cast<const sockaddr*>(&v6), sizeof(v6));
}

TEST(DestinationAddress, PublicAddressesAreAllowed) {
  for (const char* a : {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.1", "100.63.255.255",
                        "100.128.0.1", "192.169.0.1", "169.255.0.1", "223.255.255.255", "2606:4700::1111",
                        "2001:db8::1", "::ffff:8.8.8.8"}) {
    EXPECT_EQ(KindOf(a), AddressKind::kPublic) << a;
  }
}

TEST(DestinationAddress, LoopbackLinkLocalPrivateAndMulticastAreRecognised) {
  EXPECT_EQ(KindOf("127.0.0.1"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("127.255.0.9"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("::1"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("169.254.169.254"), AddressKind::kLinkLocal);  // cloud metadata
  EXPECT_EQ(KindOf("fe80::1"), AddressKind::kLinkLocal);
  for (const char* a : {"10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.1", "fd00::1",
                        "fc00::1", "fec0::1"}) {
    EXPECT_EQ(KindOf(a), AddressKind::kPrivate) << a;
  }
  EXPECT_EQ(KindOf("224.0.0.1"), AddressKind::kMulticast);
  EXPECT_EQ(KindOf("239.255.255.250"), AddressKind::kMulticast);
  EXPECT_EQ(KindOf("ff02::1"), AddressKind::kMulticast);
  EXPECT_EQ(KindOf("0.0.0.0"), AddressKind::kUnspecified);
  EXPECT_EQ(KindOf("::"), AddressKind::kUnspecified);
  EXPECT_EQ(KindOf("255.255.255.255"), AddressKind::kReserved);
  EXPECT_EQ(KindOf("240.0.0.1"), AddressKind::kReserved);
}

TEST(DestinationAddress, IPv6FormsCarryingAnIPv4AddressCountAsThatAddress) {
  EXPECT_EQ(KindOf("::ffff:127.0.0.1"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("::ffff:10.1.2.3"), AddressKind::kPrivate);
  EXPECT_EQ(KindOf("::ffff:169.254.169.254"), AddressKind::kLinkLocal);
  EXPECT_EQ(KindOf("::192.168.0.1"), AddressKind::kPrivate);
  EXPECT_EQ(KindOf("64:ff9b::127.0.0.1"), AddressKind::kLoopback);
  EXPECT_EQ(KindOf("64:ff9b::8.8.8.8"), AddressKind::kPublic);
}

TEST(DestinationAddress, ARefusalNamesTheAddressAndItsKind) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "10.2.3.4", &v4.sin_addr);
  absl::Status refused = CheckPublicAddress(reinterpret_cast<const sockaddr*>(&v4), sizeof(v4));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(refused.message(), "10.2.3.4 is a private address");
  inet_pton(AF_INET, "8.8.4.4", &v4.sin_addr);
  EXPECT_TRUE(CheckPublicAddress(reinterpret_cast<const sockaddr*>(&v4), sizeof(v4)).ok());
}

TEST(DestinationAddress, AnUnknownFamilyOrATruncatedAddressIsNotPublic) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "8.8.8.8", &v4.sin_addr);
  EXPECT_EQ(ClassifyAddress(reinterpret_cast<const sockaddr*>(&v4), 4), AddressKind::kReserved);
  sockaddr unix_socket{};
  unix_socket.sa_family = AF_UNIX;
  EXPECT_EQ(ClassifyAddress(&unix_socket, sizeof(unix_socket)), AddressKind::kReserved);
}

}  // namespace
}  // namespace opmon::statistics
