#include "services/compute/kernels/block_jackknife.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "gtest/gtest.h"
#include "services/compute/kernels/histogram_ops.h"
#include "services/compute/kernels/mulberry32.h"
#include "tests/testing/status_matchers.h"

namespace opmon::kernels {
namespace {

using ::opmon::testing::IsOk;

TEST(BlockJackknife, HandWorkedTwoBlockInterval) {
  // Blocks {1, 3} and {5}: mean 3; leave-one-out 5 and 2; mean 3.5;
  // se = sqrt(1/2 * (1.5^2 + 1.5^2)) = 1.5; t_{1, .95} = tan(.45 pi).
  const std::vector<double> loo = {5, 2};
  const Interval ci = BlockJackknifeInterval(3, loo);
  const double half = std::tan(0.45 * M_PI) * 1.5;
  EXPECT_DOUBLE_EQ(ci.point, 3);
  EXPECT_NEAR(ci.lower, 3 - half, 1e-9);
  EXPECT_NEAR(ci.upper, 3 + half, 1e-9);
}

TEST(BlockJackknife, FewerThanTwoBlocksGiveNaNBounds) {
  const std::vector<double> loo = {5, NAN};
  const Interval ci = BlockJackknifeInterval(3, loo);
  EXPECT_EQ(ci.point, 3);
  EXPECT_TRUE(std::isnan(ci.lower));
}

TEST(BlockJackknife, ClientHashIsStable) {
  EXPECT_EQ(ClientIdHash("c4f2a1e0-0000-4000-8000-000000000001"),
            ClientIdHash("c4f2a1e0-0000-4000-8000-000000000001"));
  EXPECT_NE(ClientIdHash("a"), ClientIdHash("b"));
  int counts[20] = {};
  for (int i = 0; i < 20000; ++i) ++counts[BlockOf(ClientIdHash("client-" + std::to_string(i)), 20)];
  for (int c : counts) EXPECT_NEAR(c, 1000, 150);
}

TEST(BlockJackknife, HistogramBlocksInAnyOrderGiveTheSameResult) {
  Mulberry32 rng(5);
  std::vector<std::vector<Bucket>> blocks(8);
  for (auto& b : blocks) {
    for (int k = 0; k < 30; ++k) b.push_back({static_cast<double>(k), std::floor(rng.Next() * 9)});
  }
  const std::vector<double> p = {10, 50, 90};
  auto a = BlockJackknifePercentileCi(blocks, p);
  std::reverse(blocks.begin(), blocks.end());
  std::rotate(blocks.begin(), blocks.begin() + 3, blocks.end());
  auto b = BlockJackknifePercentileCi(blocks, p);
  ASSERT_THAT(a, IsOk());
  ASSERT_THAT(b, IsOk());
  for (size_t i = 0; i < p.size(); ++i) {
    EXPECT_EQ((*a)[i].point, (*b)[i].point);
    EXPECT_EQ((*a)[i].lower, (*b)[i].lower);
    EXPECT_EQ((*a)[i].upper, (*b)[i].upper);
    EXPECT_LE((*a)[i].lower, (*a)[i].point);
    EXPECT_GE((*a)[i].upper, (*a)[i].point);
  }
}

TEST(BlockJackknife, ValuesFormMatchesHistogramFormOnUnitCounts) {
  Mulberry32 rng(9);
  std::vector<std::vector<double>> values(10);
  std::vector<std::vector<Bucket>> histograms(10);
  for (int k = 0; k < 10; ++k) {
    for (int i = 0; i < 49; ++i) values[k].push_back(std::floor(rng.Next() * 40));
    std::sort(values[k].begin(), values[k].end());
    for (double v : values[k]) histograms[k].push_back({v, 1});
    Canonicalize(histograms[k]);
  }
  // 490 values, 441 without a block: no n * p / 100 is an integer, so the
  // histogram's floating-point share lookup cannot land on a tie.
  const std::vector<double> p = {23, 51, 77};
  const auto from_values = BlockJackknifePercentileCiFromValues(values, p);
  auto from_histograms = BlockJackknifePercentileCi(histograms, p);
  ASSERT_THAT(from_histograms, IsOk());
  for (size_t i = 0; i < p.size(); ++i) {
    EXPECT_EQ(from_values[i].point, (*from_histograms)[i].point) << p[i];
    EXPECT_NEAR(from_values[i].lower, (*from_histograms)[i].lower, 1e-9) << p[i];
    EXPECT_NEAR(from_values[i].upper, (*from_histograms)[i].upper, 1e-9) << p[i];
  }
}

TEST(BlockJackknife, PseudoBlocksKeepTheMass) {
  const std::vector<Bucket> h = {{1, 30}, {2, 50}, {5, 20}};
  const auto blocks = SplitIntoPseudoBlocks(h, 0, 4, 1);
  ASSERT_EQ(blocks.size(), 4u);
  std::vector<Bucket> total;
  for (const auto& b : blocks) MergeInto(total, b);
  ASSERT_EQ(total.size(), 3u);
  EXPECT_EQ(total[0].value, 30);
  EXPECT_EQ(total[1].value, 50);
  EXPECT_EQ(total[2].value, 20);
}

}  // namespace
}  // namespace opmon::kernels
