#pragma once
// The one HTTP call webhook deliveries make, behind an interface so the
// delivery loop (webhook_delivery.h) can be tested with a fake;
// curl_http_client.h is the real one.

#include <stop_token>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace opmon::statistics {

struct HttpPostRequest {
  std::string url;   // http:// or https://
  std::string body;  // sent as Content-Type: application/json
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;

  // POSTs `request`; blocks up to the client's timeout. OK when the server
  // answered 2xx. Otherwise, with a message naming only the URL's origin
  // (scheme://host:port: paths and queries may hold secrets):
  //   Unavailable       no connection (refused, DNS, TLS), connection lost,
  //                     or an answer of 5xx, 408 or 429;
  //   DeadlineExceeded  no complete answer within the timeout;
  //   FailedPrecondition any other answer (3xx: redirects are not followed;
  //                     4xx);
  //   InvalidArgument   a URL the client cannot use;
  //   PermissionDenied  the destination resolves only to addresses the
  //                     client refuses (loopback, private, ...);
  //   Cancelled         `stop` was requested meanwhile.
  // Thread-safe.
  virtual absl::Status PostJson(const HttpPostRequest& request, std::stop_token stop) = 0;
};

}  // namespace opmon::statistics
