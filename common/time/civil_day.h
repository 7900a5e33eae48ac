#pragma once
// Dates as civil days ("YYYY-MM-DD"), the unit every opmon job and row uses.

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

}  // namespace opmon::time
