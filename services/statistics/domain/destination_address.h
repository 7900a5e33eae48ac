#pragma once
// Which network addresses a webhook may be delivered to. A project's webhook
// URL is written by people who may not run opmon; a URL whose host resolves
// to an address inside the network opmon runs in (its own loopback, a cloud
// metadata endpoint at a link-local address, private ranges) would let them
// make opmon post to internal services. The HTTP client checks every address
// it is about to connect to, after DNS resolution, so neither a name nor a
// redirect can dodge the check (redirects are not followed anyway).

#include <sys/socket.h>

#include <string>

#include "absl/status/status.h"

namespace opmon::statistics {

enum class AddressKind {
  kPublic,
  kUnspecified,  // 0.0.0.0/8, ::
  kLoopback,     // 127.0.0.0/8, ::1
  kLinkLocal,    // 169.254.0.0/16, fe80::/10
  kPrivate,      // 10/8, 172.16/12, 192.168/16, 100.64/10 (shared), fc00::/7, fec0::/10 (site-local)
  kMulticast,    // 224.0.0.0/4, ff00::/8
  kReserved,     // 240.0.0.0/4 and 255.255.255.255 (broadcast)
};

// The kind of an IPv4 or IPv6 socket address; an IPv4-mapped or
// IPv4-compatible IPv6 address (::ffff:a.b.c.d, ::a.b.c.d) and NAT64
// (64:ff9b::a.b.c.d) count as the IPv4 address they carry. `length` bytes
// at `address`; other families, or too short: kReserved.
AddressKind ClassifyAddress(const sockaddr* address, socklen_t length);

// The address as text ("127.0.0.1", "::1").
std::string AddressText(const sockaddr* address, socklen_t length);

// OK for a public address; otherwise PermissionDenied naming the address and
// its kind: "127.0.0.1 is a loopback address".
absl::Status CheckPublicAddress(const sockaddr* address, socklen_t length);

}  // namespace opmon::statistics
