// The sequential mode's boundaries against hand-worked values, and the
// mixture boundary's guarantee on simulated null random walks.
#include "services/statistics/domain/sequential_bounds.h"

#include <cmath>
#include <random>

#include "gtest/gtest.h"

namespace opmon::statistics {
namespace {

TEST(SequentialBounds, StandardErrorIsTheNinetyPercentHalfWidthOverZ) {
  // [9, 11]: half width 1 = 1.6448536 se.
  EXPECT_NEAR(StandardErrorOfStoredInterval(9, 11), 0.6079568319117692, 1e-9);
  EXPECT_EQ(StandardErrorOfStoredInterval(5, 5), 0);
}

TEST(SequentialBounds, TwoSidedCriticalValues) {
  EXPECT_NEAR(TwoSidedCriticalValue(0.05), 1.959963984540054, 1e-8);
  EXPECT_NEAR(TwoSidedCriticalValue(0.1), 1.6448536269514722, 1e-8);
  EXPECT_NEAR(TwoSidedCriticalValue(0.01), 2.5758293035489004, 1e-8);
}

TEST(SequentialBounds, MixtureBoundaryMatchesHandWorkedValues) {
  // sqrt((k + 1) ln((k + 1) / alpha^2)).
  EXPECT_NEAR(MixtureBoundary(1, 0.05), std::sqrt(2 * std::log(800.0)), 1e-12);
  EXPECT_NEAR(MixtureBoundary(1, 0.05), 3.6563948713638483, 1e-9);
  EXPECT_NEAR(MixtureBoundary(3, 0.01), 6.510494522874917, 1e-9);
  // Grows like sqrt(k log k): per look (b_k / sqrt(k)) it first falls, then rises slowly.
  EXPECT_GT(MixtureBoundary(28, 0.05), MixtureBoundary(27, 0.05));
  EXPECT_LT(MixtureBoundary(28, 0.05) / std::sqrt(28.0), MixtureBoundary(1, 0.05));
}

TEST(SequentialBounds, LookAlphaSumsToAlphaOverAnyNumberOfLooks) {
  EXPECT_DOUBLE_EQ(LookAlpha(1, 0.05), 0.025);
  EXPECT_DOUBLE_EQ(LookAlpha(4, 0.05), 0.0025);
  double spent = 0;
  for (int k = 1; k <= 1000; ++k) spent += LookAlpha(k, 0.05);
  EXPECT_NEAR(spent, 0.05 * (1 - 1.0 / 1001), 1e-12);  // telescoping: 1/k - 1/(k+1)
}

TEST(SequentialBounds, NullRandomWalksCrossTheMixtureBoundaryAtMostAlphaOfTheTime) {
  // 20,000 walks of 100 standard normal steps: crossing at any look is the
  // false alert the boundary bounds by alpha = 5% (about 2.3% in practice:
  // Ville's inequality is not tight at discrete looks).
  std::mt19937_64 rng(18);
  std::normal_distribution<double> z;
  constexpr int kWalks = 20000;
  int crossed = 0;
  for (int w = 0; w < kWalks; ++w) {
    double sum = 0;
    for (int k = 1; k <= 100; ++k) {
      sum += z(rng);
      if (std::abs(sum) >= MixtureBoundary(k, 0.05)) {
        ++crossed;
        break;
      }
    }
  }
  const double rate = static_cast<double>(crossed) / kWalks;
  EXPECT_LE(rate, 0.05);
  EXPECT_GE(rate, 0.01);  // yet not vacuous
}

}  // namespace
}  // namespace opmon::statistics
