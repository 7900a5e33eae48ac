#include "services/statistics/domain/destination_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <initializer_list>
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

// Expects each of `addresses` to be of `kind`.
void ExpectKind(AddressKind kind, std::initializer_list<const char*> addresses) {
  for (const char* a : addresses) EXPECT_EQ(KindOf(a), kind) << a;
}

TEST(DestinationAddress, PublicAddressesAreAllowed) {
  ExpectKind(AddressKind::kPublic, {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.1",
                                    "100.63.255.255", "100.128.0.1", "192.169.0.1", "169.255.0.1",
                                    "223.255.255.255", "2606:4700::1111", "2001:db8::1", "::ffff:8.8.8.8"});
}

TEST(DestinationAddress, LoopbackLinkLocalPrivateAndMulticastAreRecognised) {
  ExpectKind(AddressKind::kLoopback, {"127.0.0.1", "127.255.0.9", "::1"});
  ExpectKind(AddressKind::kLinkLocal, {"169.254.169.254" /* cloud metadata */, "fe80::1"});
  ExpectKind(AddressKind::kPrivate, {"10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.1",
                                     "fd00::1", "fc00::1", "fec0::1"});
  ExpectKind(AddressKind::kMulticast, {"224.0.0.1", "239.255.255.250", "ff02::1"});
  ExpectKind(AddressKind::kUnspecified, {"0.0.0.0", "::"});
  ExpectKind(AddressKind::kReserved, {"255.255.255.255", "240.0.0.1"});
}

TEST(DestinationAddress, IPv6FormsCarryingAnIPv4AddressCountAsThatAddress) {
  ExpectKind(AddressKind::kLoopback, {"::ffff:127.0.0.1", "64:ff9b::127.0.0.1"});
  ExpectKind(AddressKind::kPrivate, {"::ffff:10.1.2.3", "::192.168.0.1"});
  ExpectKind(AddressKind::kLinkLocal, {"::ffff:169.254.169.254"});
  ExpectKind(AddressKind::kPublic, {"64:ff9b::8.8.8.8"});
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
