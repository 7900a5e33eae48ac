#include "services/compute/kernels/block_jackknife.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "gtest/gtest.h"
#include "services/compute/kernels/bucket_edges.h"
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

TEST(BlockJackknife, SkewCorrectedMeanIntervalInvertsHallsTransformation) {
  // se = 1.5 and t = tan(.45 pi) as in HandWorkedTwoBlockInterval; g = 2,
  // n = 100. Each bound, standardised as T = (mean - bound) / se, must map to
  // -/+t under the forward transformation h(T) = T + g T^2 / (3 sqrt n) +
  // g^2 T^3 / (27 n) + g / (6 sqrt n), written out here independently of the
  // closed-form inverse the kernel uses.
  const std::vector<double> loo = {5, 2};
  const double t = std::tan(0.45 * M_PI), g = 2, n = 100;
  auto h = [&](double x) {
    return x + g * x * x / (3 * std::sqrt(n)) + g * g * x * x * x / (27 * n) + g / (6 * std::sqrt(n));
  };
  const Interval ci = SkewCorrectedMeanInterval(3, loo, g, 100);
  EXPECT_EQ(ci.point, 3);
  EXPECT_NEAR(h((3 - ci.lower) / 1.5), t, 1e-9);
  EXPECT_NEAR(h((3 - ci.upper) / 1.5), -t, 1e-9);
  // Right skew lengthens the upper side (by hand: [-4.01, 40.0]).
  EXPECT_NEAR(ci.lower, -4.01, 0.01);
  EXPECT_NEAR(ci.upper, 40.0, 0.05);
  // No skewness: the plain t interval, exactly.
  const Interval plain = BlockJackknifeInterval(3, loo);
  const Interval unskewed = SkewCorrectedMeanInterval(3, loo, 0, 100);
  EXPECT_EQ(unskewed.lower, plain.lower);
  EXPECT_EQ(unskewed.upper, plain.upper);
  EXPECT_TRUE(std::isnan(SkewCorrectedMeanInterval(3, std::vector<double>{5}, g, 100).lower));
}

TEST(BlockJackknife, SampleSkewnessByHand) {
  // {1, 2, 3, 10} around 4: m2 = 50 / 4 = 12.5, m3 = 180 / 4 = 45,
  // g = 45 / 12.5^1.5 = 1.018234.
  const std::vector<std::vector<double>> blocks = {{1, 10}, {}, {2, 3}};
  EXPECT_NEAR(SampleSkewness(blocks, 4), 45 / std::pow(12.5, 1.5), 1e-12);
  EXPECT_NEAR(SampleSkewness(blocks, 4), 1.018234, 1e-6);
  EXPECT_EQ(SampleSkewness(std::vector<std::vector<double>>{{7, 7}}, 7), 0);
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

TEST(BlockJackknife, HistogramFormIsTheValuesFormWidenedToBucketEdges) {
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
  // Values are integers, so the buckets are [k, k + 1): the histogram form's
  // bounds are bucket edges (integers) around the point's whole bucket, and
  // within two buckets of the values form's (whose estimates are keys, where the
  // histogram form's are interpolated inside the buckets).
  for (size_t i = 0; i < p.size(); ++i) {
    const PercentileCiRow& h = (*from_histograms)[i];
    EXPECT_EQ(from_values[i].point, h.point) << p[i];
    EXPECT_EQ(h.lower, std::floor(h.lower)) << p[i];
    EXPECT_EQ(h.upper, UpperBound(std::ceil(h.upper))) << p[i];
    EXPECT_LE(h.lower, h.point) << p[i];
    EXPECT_GE(h.upper, UpperBound(h.point + 1)) << p[i];
    EXPECT_NEAR(h.lower, from_values[i].lower, 2.5) << p[i];
    EXPECT_NEAR(h.upper, from_values[i].upper, 2.5) << p[i];
  }
}

TEST(BlockJackknife, CoarseBucketGivesThatBucketNotZeroWidth) {
  // Every client of every block in [100, 200) of an exponential bucketing:
  // no leave-one-out estimate moves, yet the percentile is not known better
  // than its bucket.
  std::vector<std::vector<Bucket>> blocks(20, {{50, 0}, {100, 40}, {200, 0}, {400, 0}});
  const std::vector<double> p = {5, 50, 95};
  auto rows = BlockJackknifePercentileCi(blocks, p);
  ASSERT_THAT(rows, IsOk());
  for (const PercentileCiRow& r : *rows) {
    EXPECT_EQ(r.point, 100) << r.percentile;
    EXPECT_EQ(r.lower, 100) << r.percentile;
    EXPECT_EQ(r.upper, UpperBound(200)) << r.percentile;
  }
  auto interpolated =
      BlockJackknifePercentileCi(blocks, p, kDefaultConfidence, PercentilePoint::kInterpolated);
  ASSERT_THAT(interpolated, IsOk());
  // Log-linear inside [100, 200): 100 * 2^0.5 at the median.
  EXPECT_NEAR((*interpolated)[1].point, 100 * std::sqrt(2.0), 1e-9);
  EXPECT_EQ((*interpolated)[1].lower, 100);
  EXPECT_EQ((*interpolated)[1].upper, UpperBound(200));
}

TEST(BlockJackknife, AnExtremePercentileOfFewClientsIsUnboundedOnItsFarSide) {
  // 200 clients 1..200 in 20 blocks: p99's tail (2 clients) is too small for
  // the blocks, so the binomial ranks widen the interval, and they put no
  // order statistic above the truth (binomial_interval_test): unbounded above,
  // not cut short at the largest value.
  std::vector<std::vector<double>> blocks(20);
  for (int i = 1; i <= 200; ++i) blocks[static_cast<size_t>(i % 20)].push_back(i);
  const std::vector<double> p = {99};
  const PercentileCiRow row = BlockJackknifePercentileCiFromValues(blocks, p)[0];
  EXPECT_EQ(row.point, 198);
  EXPECT_LE(row.lower, 195);
  EXPECT_EQ(row.upper, std::numeric_limits<double>::infinity());
}

TEST(BlockJackknife, OneNonEmptyBlockGivesNoInterval) {
  std::vector<std::vector<Bucket>> blocks = {{{1, 5}, {2, 5}}, {{1, 0}, {2, 0}}};
  const std::vector<double> p = {50};
  auto rows = BlockJackknifePercentileCi(blocks, p);
  ASSERT_THAT(rows, IsOk());
  EXPECT_EQ((*rows)[0].point, 1);
  EXPECT_TRUE(std::isnan((*rows)[0].lower));
  EXPECT_TRUE(std::isnan((*rows)[0].upper));
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
