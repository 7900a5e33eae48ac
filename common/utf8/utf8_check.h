#pragma once
// Text that must be UTF-8: project and definitions files. Protobuf refuses a
// string field that is not (the client fails to send it, the server to parse
// it), so opmonctl checks a file before any RPC and the services check file
// content, which travels as bytes, before reading it.

#include <cstddef>
#include <optional>
#include <string_view>

#include "absl/status/status.h"

namespace opmon::utf8 {

// Offset of the first byte of `text` that does not start or continue a valid
// UTF-8 sequence (RFC 3629: no overlong forms, surrogates or code points above
// U+10FFFF), or nullopt when all of `text` is valid. Linear time.
std::optional<std::size_t> FirstInvalidByte(std::string_view text);

// OK when `text` is valid UTF-8; otherwise InvalidArgument
// "<what>: not valid UTF-8 at byte <offset>" (offset from 0).
absl::Status CheckUtf8(std::string_view text, std::string_view what);

}  // namespace opmon::utf8
