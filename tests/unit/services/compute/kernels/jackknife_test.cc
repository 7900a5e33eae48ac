#include "services/compute/kernels/jackknife.h"

#include <cmath>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/compute/kernels/mulberry32.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/services/compute/kernels/reference_data.h"

namespace opmon::kernels {
namespace {

using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;

bool Same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void ExpectRowsEqual(const std::vector<PercentileCiRow>& actual,
                     const std::vector<PercentileCiRow>& expected, const std::string& label) {
  ASSERT_EQ(actual.size(), expected.size()) << label;
  for (size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i].percentile, expected[i].percentile) << label << " row " << i;
    EXPECT_TRUE(Same(actual[i].point, expected[i].point))
        << label << " row " << i << " point " << actual[i].point << " vs " << expected[i].point;
    EXPECT_TRUE(Same(actual[i].lower, expected[i].lower))
        << label << " row " << i << " lower " << actual[i].lower << " vs " << expected[i].lower;
    EXPECT_TRUE(Same(actual[i].upper, expected[i].upper))
        << label << " row " << i << " upper " << actual[i].upper << " vs " << expected[i].upper;
  }
}

TEST(Jackknife, HandWorkedTwoBucketMedian) {
  // total 4; median at key 1. Leaving a unit out of bucket 0 moves it to key
  // 2, out of bucket 1 keeps it: mean squared error 0.5, se = sqrt(3 * 0.5).
  const std::vector<Bucket> h = {{1, 2}, {2, 2}};
  const std::vector<double> p = {50};
  auto rows = JackknifePercentileCi(h, p);
  ASSERT_THAT(rows, IsOk());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].point, 1.0);
  EXPECT_EQ((*rows)[0].lower, -1.01);  // 1 - 1.6449 * 1.2247 = -1.0145
  EXPECT_EQ((*rows)[0].upper, 3.01);
}

TEST(Jackknife, ZIsTheUdfsErfinvApproximationNotTheExactQuantile) {
  EXPECT_NEAR(ReferenceJackknifeZ(), 1.64466987406059, 1e-13);  // Node, same formula
  EXPECT_NE(ReferenceJackknifeZ(), 1.6448536269514722);
}

TEST(Jackknife, EmptyHistogramGivesNaNRows) {
  const std::vector<double> p = {50, 90};
  auto rows = JackknifePercentileCi({}, p);
  ASSERT_THAT(rows, IsOk());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_TRUE(std::isnan((*rows)[1].point));
  EXPECT_TRUE(std::isnan((*rows)[1].lower));
}

TEST(Jackknife, RejectsPercentilesOutsideZeroToHundred) {
  const std::vector<Bucket> h = {{1, 1}};
  for (double bad : {-1.0, 100.5, std::nan("")}) {
    const std::vector<double> p = {50, bad};
    auto rows = JackknifePercentileCi(h, p);
    EXPECT_THAT(rows, StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
}

TEST(Jackknife, RejectsNonFiniteValues) {
  const std::vector<Bucket> h = {{1, 1}, {2, INFINITY}};
  const std::vector<double> p = {50};
  EXPECT_THAT(JackknifePercentileCi(h, p), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(Jackknife, MatchesReferenceUdfRunInNode) {
  int checked = 0;
  for (const auto& c : testing::LoadReferenceData().cases) {
    if (c.method != "jackknife") continue;
    auto rows = JackknifePercentileCi(c.histogram, c.percentiles);
    const std::string label = c.histogram_name + " case " + std::to_string(checked);
    if (c.error) {
      EXPECT_FALSE(rows.ok()) << label;
    } else {
      ASSERT_THAT(rows, IsOk()) << label << rows.status();
      ExpectRowsEqual(*rows, c.expected, label);
    }
    ++checked;
  }
  EXPECT_GE(checked, 50);
}

// The O(n) algorithm must agree with literal re-evaluation everywhere,
// including the inputs built to sit on floating-point margins.
TEST(Jackknife, LinearAlgorithmEqualsQuadraticOnAdversarialInputs) {
  Mulberry32 rng(7);
  const std::vector<double> percentiles = {0, 0.5, 1, 5, 10, 25, 33, 50, 66, 75, 90, 95, 99, 100};
  for (int trial = 0; trial < 400; ++trial) {
    const int n = 1 + static_cast<int>(rng.Next() * 60);
    std::vector<Bucket> h;
    const int shape = trial % 5;
    for (int i = 0; i < n; ++i) {
      double v;
      switch (shape) {
        case 0:  // normalised client sums: fractional masses
          v = rng.Next() < 0.3 ? 0.0 : rng.Next() * 3;
          break;
        case 1:  // integer counts: exact ties with p/100 * (total - 1)
          v = std::floor(rng.Next() * 5);
          break;
        case 2:  // tenths, whose binary values round
          v = std::floor(rng.Next() * 10) / 10;
          break;
        case 3:  // negative values: the non-monotone fallback
          v = rng.Next() * 4 - 1;
          break;
        default:  // totals near 1
          v = 1.0 / n;
          break;
      }
      h.push_back({static_cast<double>(i * 3 + 1), v});
    }
    auto fast = JackknifePercentileCi(h, percentiles);
    auto slow = JackknifePercentileCiQuadratic(h, percentiles);
    ASSERT_THAT(fast, IsOk());
    ASSERT_THAT(slow, IsOk());
    ExpectRowsEqual(*fast, *slow, "trial " + std::to_string(trial));
  }
}

}  // namespace
}  // namespace opmon::kernels
