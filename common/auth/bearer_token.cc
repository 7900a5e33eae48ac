#include "common/auth/bearer_token.h"

#include <openssl/rand.h>

#include <array>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/hash/sha256.h"

namespace opmon::auth {

std::string NewToken() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    // OpenSSL's generator only fails when it cannot be seeded; no token is
    // better than a guessable one.
    std::abort();
  }
  return absl::StrCat("opmon_", absl::BytesToHexString(absl::string_view(
                                    reinterpret_cast<const char*>(bytes.data()), bytes.size())));
}

std::string TokenDigest(std::string_view token) { return hash::Sha256Hex(token); }

std::optional<std::string_view> BearerTokenIn(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (absl::ascii_tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return std::nullopt;
  }
  std::string_view token = authorization.substr(kScheme.size());
  const std::size_t first = token.find_first_not_of(" \t");
  if (first == std::string_view::npos) return std::nullopt;
  token = token.substr(first, token.find_last_not_of(" \t") - first + 1);
  return token;
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("token file ", path, ": cannot be read"));
  std::stringstream text;
  text << in.rdbuf();
  std::string token(absl::StripAsciiWhitespace(text.str()));
  if (token.empty()) return absl::InvalidArgumentError(absl::StrCat("token file ", path, ": holds no token"));
  if (token.find_first_of(" \t\r\n") != std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("token file ", path, ": holds more than one word"));
  }
  return token;
}

}  // namespace opmon::auth
