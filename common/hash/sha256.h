#pragma once
// SHA-256 (OpenSSL) for content hashes and migration checksums.

#include <string>
#include <string_view>

namespace opmon::hash {

// Lower-case hex digest of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace opmon::hash
