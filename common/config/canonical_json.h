#pragma once
// The canonical JSON form of a resolved project: what the config service
// stores and hashes ("changed or not") and what compute, statistics and lookml
// read back. Deterministic: object members sorted by name, no whitespace,
// every field written (null for an absent optional), doubles in shortest
// round-trip form, dates as "YYYY-MM-DD". Equal projects give equal bytes.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/config/project.h"

namespace opmon::config {

// Version written as "format_version"; the parser accepts it and older ones.
inline constexpr int kCanonicalJsonFormatVersion = 1;

std::string ToCanonicalJson(const ResolvedProject& project);

// Inverse of ToCanonicalJson: ParseCanonicalJson(ToCanonicalJson(p)) == p.
// Missing members take the model defaults; unknown members are ignored (so a
// newer writer can add fields). InvalidArgument naming the member path
// ("metrics[2].statistics[0].kind") on malformed JSON, wrong types or unknown
// enum values; FailedPrecondition for a newer format_version.
absl::StatusOr<ResolvedProject> ParseCanonicalJson(std::string_view json);

}  // namespace opmon::config
