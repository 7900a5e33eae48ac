#pragma once
// Opaque page tokens of QueryStatistics. A token pins the data version and
// project version its first page was read at, and the query it belongs to
// (by a digest of the query's canonical key), so that:
//   - later pages come from the same data or the call fails (Aborted: the
//     results changed, start again), never a mix of two publishes;
//   - a token replayed with a different query is rejected (InvalidArgument).
// Tokens are stable across replicas (no process-local state).

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace opmon::statistics {

struct PageToken {
  std::int64_t data_version = 0;
  std::int64_t project_version = 0;
  std::int64_t offset = 0;
  bool operator==(const PageToken&) const = default;
};

std::string EncodePageToken(const PageToken& token, std::string_view query_key);

// InvalidArgument naming page_token when `token` is malformed or was issued
// for another query.
absl::StatusOr<PageToken> DecodePageToken(std::string_view token, std::string_view query_key);

}  // namespace opmon::statistics
