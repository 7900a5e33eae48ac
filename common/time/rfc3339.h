#pragma once
// Instants as RFC 3339 text, the form of every time in opmon's requests and
// responses (live series, error aggregates): parsed with any offset, written
// in UTC to the second ("2026-01-31T12:05:00Z").

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace opmon::time {

// InvalidArgument naming `field` and quoting `text` when it is not RFC 3339.
absl::StatusOr<absl::Time> ParseRfc3339(std::string_view text, std::string_view field);

// The same, for an optional bound: nullopt for "".
absl::StatusOr<std::optional<absl::Time>> ParseOptionalRfc3339(std::string_view text, std::string_view field);

// UTC, whole seconds (fractions dropped).
std::string FormatRfc3339(absl::Time t);

}  // namespace opmon::time
