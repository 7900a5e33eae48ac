#include "common/time/civil_day.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::time {
namespace {

TEST(CivilDay, ParsesAndFormatsIsoDates) {
  auto day = ParseCivilDay("2024-02-29");
  ASSERT_THAT(day, IsOk());
  EXPECT_EQ(*day, absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(FormatCivilDay(*day), "2024-02-29");
  EXPECT_EQ(FormatCivilDay(absl::CivilDay(987, 1, 2)), "0987-01-02");
}

TEST(CivilDay, RejectsImpossibleAndMalformedDatesNamingTheField) {
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-1-01", "20240101", "2024-01-01T00:00", "", "yesterday"}) {
    auto day = ParseCivilDay(bad, "from_date");
    ASSERT_FALSE(day.ok()) << bad;
    EXPECT_THAT(day, StatusIs(absl::StatusCode::kInvalidArgument));
    EXPECT_EQ(day.status().message(), std::string("from_date: \"") + bad + "\" is not a date in YYYY-MM-DD form");
  }
}

TEST(CivilDay, AnOptionalDayIsNoneWhenEmptyAndOtherwiseParsed) {
  auto none = ParseOptionalCivilDay("", "recompute_day");
  ASSERT_THAT(none, IsOk());
  EXPECT_FALSE(none->has_value());
  auto day = ParseOptionalCivilDay("2024-03-01", "recompute_day");
  ASSERT_THAT(day, IsOk());
  EXPECT_EQ(*day, absl::CivilDay(2024, 3, 1));
  EXPECT_THAT(ParseOptionalCivilDay("2024-03-32", "recompute_day"),
              StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("recompute_day: ")));
}

// Checked against absl's civil time day by day over 1600-2400 (leap
// centuries, days before the epoch).
TEST(CivilDay, DayNumbersMatchAbslsCivilTime) {
  static_assert(DaysFromCivil(1970, 1, 1) == 0);
  static_assert(DaysFromCivil(2000, 3, 1) == 11017);
  const absl::CivilDay epoch(1970, 1, 1);
  for (absl::CivilDay day(1600, 1, 1); day < absl::CivilDay(2400, 12, 31); ++day) {
    const int64_t days = day - epoch;
    ASSERT_EQ(DaysFromCivil(day.year(), day.month(), day.day()), days) << day;
    ASSERT_EQ(CivilFromDays(days), day) << days;
  }
}

}  // namespace
}  // namespace opmon::time
