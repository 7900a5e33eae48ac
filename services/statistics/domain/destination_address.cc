#include "services/statistics/domain/destination_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#include "absl/strings/str_cat.h"

namespace opmon::statistics {
namespace {

AddressKind ClassifyIpv4(std::uint32_t a) {  // host byte order
  auto in = [a](std::uint32_t network, int bits) { return (a >> (32 - bits)) == (network >> (32 - bits)); };
  if (in(0x00000000, 8)) return AddressKind::kUnspecified;
  if (in(0x7f000000, 8)) return AddressKind::kLoopback;
  if (in(0xa9fe0000, 16)) return AddressKind::kLinkLocal;
  if (in(0x0a000000, 8) || in(0xac100000, 12) || in(0xc0a80000, 16) || in(0x64400000, 10)) {
    return AddressKind::kPrivate;
  }
  if (in(0xe0000000, 4)) return AddressKind::kMulticast;
  if (in(0xf0000000, 4)) return AddressKind::kReserved;
  return AddressKind::kPublic;
}

std::uint32_t Ipv4At(const std::uint8_t* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
}

AddressKind ClassifyIpv6(const std::uint8_t* b) {
  constexpr std::array<std::uint8_t, 12> kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  constexpr std::array<std::uint8_t, 12> kCompatible = {};
  constexpr std::array<std::uint8_t, 12> kNat64 = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  const std::uint32_t last = Ipv4At(b + 12);
  if (std::memcmp(b, kCompatible.data(), 12) == 0) {
    if (last == 0) return AddressKind::kUnspecified;
    if (last == 1) return AddressKind::kLoopback;
    return ClassifyIpv4(last);
  }
  if (std::memcmp(b, kMapped.data(), 12) == 0 || std::memcmp(b, kNat64.data(), 12) == 0) return ClassifyIpv4(last);
  if (b[0] == 0xff) return AddressKind::kMulticast;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressKind::kLinkLocal;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressKind::kPrivate;  // site-local
  if ((b[0] & 0xfe) == 0xfc) return AddressKind::kPrivate;                  // unique local
  return AddressKind::kPublic;
}

// An IPv4 (4 bytes) or IPv6 (16 bytes) address, network byte order.
struct IpBytes {
  int family = AF_UNSPEC;
  std::array<std::uint8_t, 16> bytes = {};
};

// nullopt for other families or a socket address shorter than its family's.
std::optional<IpBytes> BytesOf(const sockaddr* address, socklen_t length) {
  IpBytes ip;
  ip.family = address->sa_family;
  if (ip.family == AF_INET && length >= static_cast<socklen_t>(sizeof(sockaddr_in))) {
    sockaddr_in v4;
    std::memcpy(&v4, address, sizeof(v4));
    std::memcpy(ip.bytes.data(), &v4.sin_addr, 4);
    return ip;
  }
  if (ip.family == AF_INET6 && length >= static_cast<socklen_t>(sizeof(sockaddr_in6))) {
    sockaddr_in6 v6;
    std::memcpy(&v6, address, sizeof(v6));
    std::memcpy(ip.bytes.data(), &v6.sin6_addr, 16);
    return ip;
  }
  return std::nullopt;
}

const char* KindText(AddressKind kind) {
  switch (kind) {
    case AddressKind::kPublic:
      return "a public";
    case AddressKind::kUnspecified:
      return "an unspecified";
    case AddressKind::kLoopback:
      return "a loopback";
    case AddressKind::kLinkLocal:
      return "a link-local";
    case AddressKind::kPrivate:
      return "a private";
    case AddressKind::kMulticast:
      return "a multicast";
    case AddressKind::kReserved:
      return "a reserved";
  }
  return "an unknown";
}

}  // namespace

AddressKind ClassifyAddress(const sockaddr* address, socklen_t length) {
  const std::optional<IpBytes> ip = BytesOf(address, length);
  if (!ip) return AddressKind::kReserved;
  return ip->family == AF_INET ? ClassifyIpv4(Ipv4At(ip->bytes.data())) : ClassifyIpv6(ip->bytes.data());
}

std::string AddressText(const sockaddr* address, socklen_t length) {
  const std::optional<IpBytes> ip = BytesOf(address, length);
  if (!ip) return absl::StrCat("(address family ", address->sa_family, ")");
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(ip->family, ip->bytes.data(), text, sizeof(text));
  return text;
}

absl::Status CheckPublicAddress(const sockaddr* address, socklen_t length) {
  const AddressKind kind = ClassifyAddress(address, length);
  if (kind == AddressKind::kPublic) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat(AddressText(address, length), " is ", KindText(kind), " address"));
}

}  // namespace opmon::statistics
