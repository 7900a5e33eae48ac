#pragma once
// Dates as civil days ("YYYY-MM-DD"), the unit every opmon job and row uses.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace opmon::time {

// Parses exactly YYYY-MM-DD (no time, no normalisation: 2024-02-30 is an
// InvalidArgument error naming `field`).
absl::StatusOr<absl::CivilDay> ParseCivilDay(std::string_view text, std::string_view field = "date");

// An optional day field: "" is none (nullopt), anything else as ParseCivilDay.
absl::StatusOr<std::optional<absl::CivilDay>> ParseOptionalCivilDay(std::string_view text,
                                                                    std::string_view field);

// YYYY-MM-DD.
std::string FormatCivilDay(absl::CivilDay day);

// The current UTC day.
absl::CivilDay TodayUtc();

// Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m in 1..12,
// d in 1..31, not checked), and the date of a day number: plain arithmetic
// without time zone tables, for paths that convert once per row (the error
// aggregation's ping times). Same answers as absl's civil time.
constexpr int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t year_of_era = y - era * 400;                                   // [0, 399]
  const int64_t day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365], from March 1st
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}
absl::CivilDay CivilFromDays(int64_t days);

}  // namespace opmon::time
