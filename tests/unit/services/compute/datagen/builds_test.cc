#include "services/compute/datagen/builds.h"

#include "gtest/gtest.h"

namespace opmon::datagen {
namespace {

TEST(Builds, NightlyRunsTheBuildOfItsLaggedDay) {
  const Build b = BuildFor(Channel::kNightly, absl::CivilDay(2024, 2, 15), 2, true);
  EXPECT_EQ(b.build_id, "20240213214733");
  EXPECT_EQ(b.app_version, "124.0a1");
  EXPECT_EQ(b.build_date, absl::CivilDay(2024, 2, 13));
}

TEST(Builds, BetaBuildsOnMondaysAndThursdays) {
  // 2024-02-15 is a Thursday, 2024-02-12 a Monday.
  EXPECT_EQ(BuildFor(Channel::kBeta, absl::CivilDay(2024, 2, 15), 0, false).build_id, "20240215180341");
  EXPECT_EQ(BuildFor(Channel::kBeta, absl::CivilDay(2024, 2, 14), 0, false).build_id, "20240212180341");
  EXPECT_EQ(BuildFor(Channel::kBeta, absl::CivilDay(2024, 2, 11), 0, false).build_id, "20240208180341");
}

TEST(Builds, ReleaseBuildsEveryOtherFridayWithCycleVersions) {
  const Build b = BuildFor(Channel::kRelease, absl::CivilDay(2024, 2, 15), 0, false);
  EXPECT_EQ(b.build_id.substr(8), "142208");
  EXPECT_LE(absl::CivilDay(2024, 2, 15) - b.build_date, 13);
  EXPECT_EQ(absl::GetWeekday(b.build_date), absl::Weekday::friday);
  EXPECT_EQ(BuildFor(Channel::kRelease, absl::CivilDay(2024, 1, 24), 0, false).app_version.substr(0, 3), "121");
  EXPECT_EQ(BuildFor(Channel::kRelease, absl::CivilDay(2024, 2, 10), 0, false).app_version.substr(0, 3), "122");
}

TEST(Builds, DisplayVersionsNumberTheBetasOfACycle) {
  // The 123 cycle starts on Tuesday 2024-01-23: its first beta is Thursday 01-25.
  EXPECT_EQ(BuildFor(Channel::kBeta, absl::CivilDay(2024, 1, 25), 0, false).display_version, "123.0b1");
  EXPECT_EQ(BuildFor(Channel::kBeta, absl::CivilDay(2024, 2, 15), 0, false).display_version, "123.0b7");
  EXPECT_EQ(BuildFor(Channel::kBeta, absl::CivilDay(2024, 2, 19), 0, false).display_version, "123.0b8");
  EXPECT_EQ(BuildFor(Channel::kBeta, absl::CivilDay(2024, 2, 22), 0, false).display_version, "124.0b1");
  EXPECT_EQ(BuildFor(Channel::kRelease, absl::CivilDay(2024, 2, 17), 0, false).display_version, "122.0.1");
  EXPECT_EQ(BuildFor(Channel::kNightly, absl::CivilDay(2024, 2, 15), 0, false).display_version, "124.0a1");
}

TEST(Builds, OnlyTheReleaseBuildOf20240202IsCrashRegressed) {
  EXPECT_TRUE(BuildFor(Channel::kRelease, absl::CivilDay(2024, 2, 12), 0, false).crash_regressed);
  EXPECT_FALSE(BuildFor(Channel::kRelease, absl::CivilDay(2024, 2, 17), 0, false).crash_regressed);
  EXPECT_FALSE(BuildFor(Channel::kRelease, absl::CivilDay(2024, 1, 30), 0, false).crash_regressed);
  EXPECT_FALSE(BuildFor(Channel::kNightly, absl::CivilDay(2024, 2, 2), 0, false).crash_regressed);
}

TEST(Builds, RegressedNightlyBuildsRecurEveryTenDays) {
  int regressed = 0;
  for (int d = 0; d < 100; ++d) {
    if (IsRegressedBuildDate(absl::CivilDay(2024, 1, 1) + d)) ++regressed;
  }
  EXPECT_EQ(regressed, 10);
  EXPECT_FALSE(BuildFor(Channel::kBeta, absl::CivilDay(2024, 2, 15), 0, false).regressed);
}

}  // namespace
}  // namespace opmon::datagen
