// Crash rates: the ratio of sums (not the mean of per-window rates), the
// reference's trimming of the top 0.1% of windows, and the exact Poisson
// interval against hand-worked chi-square quantiles.
#include "services/statistics/domain/crash_rate.h"

#include <cmath>

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opmon::statistics {
namespace {

TEST(RateOfWindows, IsTheRatioOfSumsNotTheMeanOfRates) {
  // 1 crash in 10 h (100 per 1,000 h) and 9 crashes in 990 h (~9.09):
  // the mean of rates is ~54.5; the ratio of sums 10 / 1,000 h = 10.
  const std::vector<WindowEvents> windows = {{1, 10}, {9, 990}};
  TrimmedRate rate = RateOfWindows(windows);
  ASSERT_TRUE(rate.rate.has_value());
  EXPECT_DOUBLE_EQ(*rate.rate, 10.0);
  EXPECT_EQ(rate.count, 10);
  EXPECT_DOUBLE_EQ(rate.usage_hours, 1000.0);
}

TEST(RateOfWindows, HasNoRateWithoutWindows) {
  EXPECT_FALSE(RateOfWindows({}).rate.has_value());
}

TEST(RateOfWindows, DropsTheTopTenthOfAPercentOfWindowRates) {
  // 999 windows: ceil(0.999 * 999) = 999 kept, the outlier counts.
  std::vector<WindowEvents> windows(998, WindowEvents{1, 1000});
  windows.push_back({1000, 1000});
  TrimmedRate kept_all = RateOfWindows(windows);
  EXPECT_EQ(kept_all.kept_count, 998 + 1000);
  // 1,000 windows: ceil(999) = 999 kept, the outlier (rate 1,000) is dropped,
  // though the count still has it.
  windows.insert(windows.begin(), WindowEvents{1, 1000});
  TrimmedRate trimmed = RateOfWindows(windows);
  EXPECT_EQ(trimmed.kept_count, 999);
  EXPECT_DOUBLE_EQ(trimmed.kept_usage_hours, 999000.0);
  EXPECT_DOUBLE_EQ(*trimmed.rate, 1.0);
  EXPECT_EQ(trimmed.count, 999 + 1000);
}

TEST(RateOfWindows, DropsByRateNotByCount) {
  // 1,000 windows; the most events (50 in 100,000 h: 0.5) is not the highest
  // rate (2 in 1,000 h: 2).
  std::vector<WindowEvents> windows(998, WindowEvents{1, 1000});
  windows.push_back({50, 100000});
  windows.push_back({2, 1000});
  TrimmedRate rate = RateOfWindows(windows);
  EXPECT_EQ(rate.kept_count, 998 + 50);
}

TEST(PoissonRateInterval, MatchesHandWorkedChiSquareQuantiles) {
  // 10 events in 1,000 h at 95%: chi2(0.025, 20)/2 = 4.795389 and
  // chi2(0.975, 22)/2 = 18.390356.
  RateInterval ten = PoissonRateInterval(10, 1000, 0.95);
  EXPECT_NEAR(ten.lower, 4.795389, 1e-5);
  EXPECT_NEAR(ten.upper, 18.390356, 1e-5);
  // Per 1,000 hours: the same counts over 2,000 h halve.
  RateInterval ten_in_2000 = PoissonRateInterval(10, 2000, 0.95);
  EXPECT_NEAR(ten_in_2000.lower, 4.795389 / 2, 1e-5);
  // 1 event: [0.025318, 5.571643]; 0 events: [0, -ln(0.025) = 3.688879].
  RateInterval one = PoissonRateInterval(1, 1000, 0.95);
  EXPECT_NEAR(one.lower, 0.025318, 1e-5);
  EXPECT_NEAR(one.upper, 5.571643, 1e-5);
  RateInterval zero = PoissonRateInterval(0, 1000, 0.95);
  EXPECT_EQ(zero.lower, 0);
  EXPECT_NEAR(zero.upper, 3.688879, 1e-5);
}

TEST(PoissonRateInterval, StaysCloseToTheNormalLimitForLargeCounts) {
  // 1,000,000 events over 1,000 h: ~1e6 ± 1.96 * 1,000.
  RateInterval large = PoissonRateInterval(1000000, 1000, 0.95);
  EXPECT_NEAR(large.lower, 1000000 - 1960, 5);
  EXPECT_NEAR(large.upper, 1000000 + 1960, 5);
}

TEST(PoissonExcessPValue, IsThePoissonUpperTail) {
  // Mean 1 (limit 1 per 1,000 h over 1,000 h): P(X >= 3) = 1 - 2.5 / e.
  EXPECT_NEAR(PoissonExcessPValue(3, 1000, 1), 1 - 2.5 / std::exp(1.0), 1e-12);
  // Mean 2: P(X >= 1) = 1 - e^-2; no events are no evidence.
  EXPECT_NEAR(PoissonExcessPValue(1, 500, 4), 1 - std::exp(-2.0), 1e-12);
  EXPECT_EQ(PoissonExcessPValue(0, 1000, 1), 1);
}

TEST(PoissonRatioPValue, IsTheBinomialUpperTailGivenAllEvents) {
  // Equal hours, factor 1: p0 = 1/2. P(A >= 3 | n = 4) = 5/16.
  EXPECT_NEAR(PoissonRatioPValue(3, 100, 1, 100, 1), 5.0 / 16, 1e-12);
  // Factor 2: p0 = 2/3. P(A >= 2 | n = 3) = 3 (4/9)(1/3) + 8/27 = 20/27.
  EXPECT_NEAR(PoissonRatioPValue(2, 100, 1, 100, 2), 20.0 / 27, 1e-12);
  // Tiny tails keep their digits: all 200 events on one side, 2^-200.
  EXPECT_NEAR(PoissonRatioPValue(200, 100, 0, 100, 1) / std::pow(0.5, 200), 1, 1e-9);
  // A baseline with no events and few hours explains anything.
  EXPECT_GT(PoissonRatioPValue(6, 49000, 0, 10, 1.25), 0.99);
  EXPECT_EQ(PoissonRatioPValue(0, 100, 5, 100, 1), 1);
}

}  // namespace
}  // namespace opmon::statistics
