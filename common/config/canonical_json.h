#pragma once
// The canonical JSON form of a resolved project: what the config service
// stores and hashes ("changed or not") and what compute, statistics and lookml
// read back. Deterministic: object members sorted by name (bytewise), no
// whitespace, every field written (null for an absent optional; members
// added since format_version 1 only when set: `alert_webhook_url`), integral
// numbers as integers, other doubles in std::to_chars' shortest round-trip
// form ("0.1", "1e-04", "1e+300"), dates as "YYYY-MM-DD", strings as UTF-8
// with only quote, backslash and control characters escaped. Equal projects
// give equal bytes; stored hashes depend on it, so the format never changes
// for an existing format_version. Built on nlohmann::json.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/config/project.h"

namespace opmon::config {

// Version written as "format_version"; the parser accepts it and older ones.
inline constexpr int kCanonicalJsonFormatVersion = 1;

// Strings should be valid UTF-8; an invalid sequence is written as U+FFFD.
std::string ToCanonicalJson(const ResolvedProject& project);

// Inverse of ToCanonicalJson: ParseCanonicalJson(ToCanonicalJson(p)) == p.
// Missing members take the model defaults; unknown members are ignored (so a
// newer writer can add fields). InvalidArgument naming the member path
// ("metrics[2].statistics[0].kind") on wrong types or unknown enum values;
// InvalidArgument "invalid JSON: ..." with line and column on input that is
// not strict RFC 8259 JSON in UTF-8 (or has a number overflowing a double);
// FailedPrecondition for a newer format_version. Never throws.
absl::StatusOr<ResolvedProject> ParseCanonicalJson(std::string_view json);

}  // namespace opmon::config
