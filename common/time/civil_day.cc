#include "common/time/civil_day.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace opmon::time {

absl::StatusOr<absl::CivilDay> ParseCivilDay(std::string_view text, std::string_view field) {
  absl::CivilDay day;
  // ParseCivilTime normalises out-of-range fields (Feb 30 -> Mar 1); a date a
  // person mistyped must be refused, so round-trip the text.
  if (text.size() != 10 || !absl::ParseCivilTime(absl::string_view(text.data(), text.size()), &day) || FormatCivilDay(day) != text) {
    return absl::InvalidArgumentError(
        absl::StrCat(absl::string_view(field.data(), field.size()), ": \"",
                     absl::string_view(text.data(), text.size()), "\" is not a date in YYYY-MM-DD form"));
  }
  return day;
}

absl::StatusOr<std::optional<absl::CivilDay>> ParseOptionalCivilDay(std::string_view text,
                                                                    std::string_view field) {
  if (text.empty()) return std::optional<absl::CivilDay>();
  absl::StatusOr<absl::CivilDay> day = ParseCivilDay(text, field);
  if (!day.ok()) return day.status();
  return std::optional<absl::CivilDay>(*day);
}

std::string FormatCivilDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay TodayUtc() { return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()); }

}  // namespace opmon::time
