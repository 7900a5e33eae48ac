#pragma once
// Bearer tokens as text: how one is made, the one form of it that is stored
// (its SHA-256), how it is read from an `authorization` header and from a
// token file. Nothing here logs or returns a token inside an error message.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace opmon::auth {

// A fresh token: "opmon_" and 64 hex digits of 32 random bytes (OpenSSL).
std::string NewToken();

// Lower-case hex SHA-256 of `token`: what the tokens table stores and the
// caches are keyed by.
std::string TokenDigest(std::string_view token);

// The token of an `authorization: Bearer <token>` header value (the scheme
// is case-insensitive); nullopt for any other form or an empty token. The
// view points into `authorization`.
std::optional<std::string_view> BearerTokenIn(std::string_view authorization);

// The token held by the file at `path`, surrounding whitespace removed.
// INVALID_ARGUMENT naming the path (never the content) when the file cannot
// be read or holds no token.
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

}  // namespace opmon::auth
