#pragma once
// A minimal HTTP/1.1 client for webhook deliveries: one POST of a JSON body
// per connection (Connection: close), plain http:// only (TLS terminates at a
// local proxy if needed). Blocking, with a timeout on each step.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace opmon::statistics {

struct HttpUrl {
  std::string host;
  std::string port = "80";
  std::string path = "/";
};

// InvalidArgument naming `field` unless `url` is http://host[:port][/path].
absl::StatusOr<HttpUrl> ParseHttpUrl(std::string_view url, std::string_view field = "webhook_url");

// POSTs `body` (application/json). Returns the response status code;
// Unavailable when the connection fails, DeadlineExceeded on timeout.
absl::StatusOr<int> HttpPostJson(const HttpUrl& url, std::string_view body, absl::Duration timeout);

}  // namespace opmon::statistics
