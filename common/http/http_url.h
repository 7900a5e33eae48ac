#pragma once
// Webhook URLs: the one check the config service (project.alert_webhook_url)
// and the statistics service (--webhook-url) apply, made with libcurl's own
// URL parser so that what passes here is what the delivery client accepts.

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace opmon::http {

// OK when `url` is an absolute http:// or https:// URL (scheme in any case)
// with a host and, if given, a port in 1..65535. Otherwise InvalidArgument,
// without a field name (callers prefix their own):
//   "ftp://h/x" is not an http:// or https:// URL
//   "http://exa mple.com/" is not a valid URL: bad hostname
//   "http://h:0/" is not a valid URL: port 0 is not between 1 and 65535
absl::Status CheckHttpUrl(std::string_view url);

// "scheme://host:port" of a URL CheckHttpUrl accepts, without user info,
// path or query (which may carry secrets), for logs and stored errors;
// "(invalid URL)" for anything else.
std::string UrlOrigin(std::string_view url);

}  // namespace opmon::http
