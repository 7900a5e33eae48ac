// The SRM chi-square against hand-computed values.
#include "services/statistics/domain/sample_ratio.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace opmon::statistics {
namespace {

TEST(SampleRatio, FiftyFiveFortyFiveAgainstFiftyFiftyByHand) {
  // Expected 500 and 500: χ² = 50²/500 + 50²/500 = 10, df 1,
  // p = P(χ²₁ > 10) = erfc(√5) ≈ 0.0015654.
  const std::vector<BranchEnrollments> small = {{"control", 550, 1}, {"treatment", 450, 1}};
  auto test = TestSampleRatio(small);
  ASSERT_TRUE(test.has_value());
  EXPECT_DOUBLE_EQ(test->chi_square, 10);
  EXPECT_EQ(test->degrees_of_freedom, 1);
  EXPECT_EQ(test->total, 1000);
  EXPECT_NEAR(test->p_value, std::erfc(std::sqrt(5.0)), 1e-14);
  EXPECT_GT(test->p_value, 0.001);  // not yet an SRM at the default threshold

  // Ten times the clients: χ² = 100, p = erfc(√50) ≈ 1.5e-23.
  const std::vector<BranchEnrollments> large = {{"control", 5500, 1}, {"treatment", 4500, 1}};
  test = TestSampleRatio(large);
  ASSERT_TRUE(test.has_value());
  EXPECT_DOUBLE_EQ(test->chi_square, 100);
  EXPECT_NEAR(test->p_value / std::erfc(std::sqrt(50.0)), 1, 1e-10);
}

TEST(SampleRatio, UnequalPlannedRatiosAndThreeBranchesByHand) {
  // Planned 2:1:1 of 100: expected 50, 25, 25; observed 50, 30, 20:
  // χ² = 0 + 1 + 1 = 2, df 2, p = e^(−χ²/2) = e^(−1).
  const std::vector<BranchEnrollments> branches = {{"control", 50, 2}, {"a", 30, 1}, {"b", 20, 1}};
  auto test = TestSampleRatio(branches);
  ASSERT_TRUE(test.has_value());
  EXPECT_DOUBLE_EQ(test->chi_square, 2);
  EXPECT_EQ(test->degrees_of_freedom, 2);
  EXPECT_NEAR(test->p_value, std::exp(-1.0), 1e-14);

  // Planned 55:45 and observed 55:45 is no mismatch at all.
  const std::vector<BranchEnrollments> planned = {{"control", 5500, 55}, {"treatment", 4500, 45}};
  test = TestSampleRatio(planned);
  ASSERT_TRUE(test.has_value());
  EXPECT_NEAR(test->chi_square, 0, 1e-9);
  EXPECT_NEAR(test->p_value, 1, 1e-12);
}

TEST(SampleRatio, NothingToTestWithoutTwoBranchesOrEnrollments) {
  const std::vector<BranchEnrollments> one = {{"control", 10, 1}};
  EXPECT_FALSE(TestSampleRatio(one).has_value());
  const std::vector<BranchEnrollments> none = {{"control", 0, 1}, {"treatment", 0, 1}};
  EXPECT_FALSE(TestSampleRatio(none).has_value());
}

TEST(SampleRatio, ChiSquareSurvivalMatchesClosedForms) {
  // df 2: e^(−x/2); df 1: erfc(√(x/2)); df 4: e^(−x/2)(1 + x/2).
  for (double x : {0.1, 1.0, 3.0, 7.5, 30.0}) {
    EXPECT_NEAR(ChiSquareSurvival(x, 2) / std::exp(-x / 2), 1, 1e-12) << x;
    EXPECT_NEAR(ChiSquareSurvival(x, 1) / std::erfc(std::sqrt(x / 2)), 1, 1e-12) << x;
    EXPECT_NEAR(ChiSquareSurvival(x, 4) / (std::exp(-x / 2) * (1 + x / 2)), 1, 1e-12) << x;
  }
  EXPECT_EQ(ChiSquareSurvival(0, 3), 1);
}

}  // namespace
}  // namespace opmon::statistics
