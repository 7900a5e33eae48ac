#pragma once
// Credentials in URLs, redacted: every log line (log.h) and every API answer
// that shows stored text (the config service's GetProject) pass through this.
// A URL is anything of the form scheme://... up to whitespace, a quote, '<',
// '>', '`' or '\'; in it the user information ("user:password@") and every
// query value become REDACTED. Paths are kept: some receivers put a secret in
// the path, which only the receiver's documentation can tell.

#include <string>
#include <string_view>

namespace opmon::log {

inline constexpr std::string_view kRedacted = "REDACTED";

// `text` with the credentials of every URL in it replaced:
//   https://bot:s3cret@hooks.example.com/x?token=abc&v=2#top
//   → https://REDACTED@hooks.example.com/x?token=REDACTED&v=REDACTED#top
// Text without "://" comes back unchanged.
std::string RedactUrlCredentials(std::string_view text);

}  // namespace opmon::log
