#include "services/statistics/domain/page_token.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/hash/sha256.h"

namespace opmon::statistics {
namespace {

constexpr char kVersionTag[] = "p1";

std::string QueryDigest(std::string_view query_key) {
  return hash::Sha256Hex(query_key).substr(0, 16);
}

absl::Status Malformed(std::string_view detail) {
  return absl::InvalidArgumentError(
      absl::StrCat("page_token: ", std::string(detail), "; pass the next_page_token of the previous page unchanged"));
}

}  // namespace

std::string EncodePageToken(const PageToken& token, std::string_view query_key) {
  return absl::WebSafeBase64Escape(absl::StrCat(kVersionTag, ".", token.data_version, ".", token.project_version,
                                                ".", token.offset, ".", QueryDigest(query_key)));
}

absl::StatusOr<PageToken> DecodePageToken(std::string_view token, std::string_view query_key) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(absl::string_view(token.data(), token.size()), &raw)) {
    return Malformed("not a page token");
  }
  std::vector<std::string> parts = absl::StrSplit(raw, '.');
  PageToken out;
  if (parts.size() != 5 || parts[0] != std::string_view(kVersionTag) || !absl::SimpleAtoi(parts[1], &out.data_version) ||
      !absl::SimpleAtoi(parts[2], &out.project_version) || !absl::SimpleAtoi(parts[3], &out.offset) ||
      out.offset < 0) {
    return Malformed("not a page token");
  }
  if (parts[4] != QueryDigest(query_key)) return Malformed("issued for a different query");
  return out;
}

}  // namespace opmon::statistics
