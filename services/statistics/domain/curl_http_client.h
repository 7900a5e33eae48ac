#pragma once
// HttpClient over libcurl (http and https, the system's CA certificates,
// the usual http_proxy/https_proxy/no_proxy environment). One connection per
// request: deliveries are rare, and a fresh connection never hits a socket
// the receiver closed meanwhile. Unless allowed, every address the client is
// about to connect to (after DNS resolution) must be public
// (destination_address.h); a refused one fails the POST with
// PermissionDenied. With a proxy configured, that address is the proxy's.

#include <memory>

#include "absl/time/time.h"
#include "services/statistics/domain/http_client.h"

namespace opmon::statistics {

struct CurlHttpClientOptions {
  absl::Duration timeout = absl::Seconds(10);         // whole request
  absl::Duration connect_timeout = absl::Seconds(5);  // capped at timeout
  // Also connect to loopback, link-local, private, multicast and reserved
  // addresses (--webhook-allow-private: a local receiver, tests).
  bool allow_private_destinations = false;
};

// Initialises libcurl once per process (thread-safe).
std::unique_ptr<HttpClient> MakeCurlHttpClient(CurlHttpClientOptions options = {});

}  // namespace opmon::statistics
