#include "common/time/rfc3339.h"

#include "absl/strings/str_cat.h"

namespace opmon::time {

absl::StatusOr<absl::Time> ParseRfc3339(std::string_view text, std::string_view field) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, std::string(text), &t, &error)) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": \"", std::string(text),
                                                   "\" is not an RFC 3339 time (e.g. 2026-01-31T12:00:00Z)"));
  }
  return t;
}

absl::StatusOr<std::optional<absl::Time>> ParseOptionalRfc3339(std::string_view text, std::string_view field) {
  if (text.empty()) return std::optional<absl::Time>();
  absl::StatusOr<absl::Time> t = ParseRfc3339(text, field);
  if (!t.ok()) return t.status();
  return std::optional<absl::Time>(*t);
}

std::string FormatRfc3339(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone()); }

}  // namespace opmon::time
