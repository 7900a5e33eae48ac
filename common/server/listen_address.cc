#include "common/server/listen_address.h"

#include <arpa/inet.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace opmon::server {
namespace {

// The host part of host:port or [host]:port (a bare host stays as it is).
absl::string_view HostOf(absl::string_view listen) {
  if (absl::StartsWith(listen, "[")) {
    size_t close = listen.find(']');
    return close == absl::string_view::npos ? listen.substr(1) : listen.substr(1, close - 1);
  }
  size_t colon = listen.rfind(':');
  return colon == absl::string_view::npos ? listen : listen.substr(0, colon);
}

}  // namespace

bool IsLoopbackListenAddress(absl::string_view listen) {
  if (absl::StartsWith(listen, "unix:") || absl::StartsWith(listen, "unix-abstract:")) return true;
  if (absl::StartsWith(listen, "ipv4:") || absl::StartsWith(listen, "ipv6:")) listen.remove_prefix(5);
  const std::string host(HostOf(listen));
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
    return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
  }
  return false;
}

absl::Status CheckPlaintextListen(const ServerOptions& options) {
  if (!options.tls.cert.empty() || options.insecure_plaintext || IsLoopbackListenAddress(options.listen)) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      absl::StrCat("--listen ", options.listen,
                   " is not a loopback address: give --tls-cert and --tls-key, or --insecure-plaintext to serve "
                   "plaintext on it anyway"));
}

}  // namespace opmon::server
