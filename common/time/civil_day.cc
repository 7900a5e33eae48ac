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

absl::CivilDay CivilFromDays(int64_t days) {
  days += 719468;  // from 0000-03-01
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;                                                     // [0, 146096]
  const int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;  // [0, 399]
  const int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // [0, 365]
  const int64_t mp = (5 * day_of_year + 2) / 153;                                                      // [0, 11], from March
  const int d = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return absl::CivilDay(year_of_era + era * 400 + (m <= 2), m, d);
}

}  // namespace opmon::time
