#include "services/compute/domain/live/live_loop.h"

#include "gtest/gtest.h"

namespace opmon::compute::live {
namespace {

absl::Time At(int day, int hour, int minute) {
  return absl::FromCivil(absl::CivilMinute(2024, 2, day, hour, minute), absl::UTCTimeZone());
}

TEST(RecomputeDue, WaitsForTheLateBoundPastMidnight) {
  EXPECT_EQ(RecomputeDue(At(11, 0, 14), absl::Minutes(15), std::nullopt), absl::CivilDay(2024, 2, 9));
  EXPECT_EQ(RecomputeDue(At(11, 0, 15), absl::Minutes(15), std::nullopt), absl::CivilDay(2024, 2, 10));
}

TEST(RecomputeDue, RecomputesADayOnce) {
  EXPECT_EQ(RecomputeDue(At(11, 6, 0), absl::Minutes(15), absl::CivilDay(2024, 2, 10)), std::nullopt);
  EXPECT_EQ(RecomputeDue(At(12, 0, 20), absl::Minutes(15), absl::CivilDay(2024, 2, 10)), absl::CivilDay(2024, 2, 11));
}

}  // namespace
}  // namespace opmon::compute::live
