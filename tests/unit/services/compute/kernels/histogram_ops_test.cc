#include "services/compute/kernels/histogram_ops.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/compute/kernels/mulberry32.h"
#include "services/compute/kernels/percentile_lookup.h"

namespace opmon::kernels {
namespace {

using ::testing::ElementsAre;

MATCHER_P2(IsBucket, key, value, "") { return arg.key == key && arg.value == value; }

std::vector<Bucket> RandomHistogram(Mulberry32& rng) {
  std::vector<Bucket> h;
  for (int k = 0; k < 20; ++k) {
    // Integer counts keep sums exact so associativity is checked exactly.
    if (rng.Next() < 0.5) h.push_back({static_cast<double>(k), std::floor(rng.Next() * 100)});
  }
  return h;
}

TEST(HistogramOps, CanonicalizeSortsAndSumsDuplicates) {
  std::vector<Bucket> h = {{3, 1}, {1, 2}, {3, 4}, {2, 0}};
  Canonicalize(h);
  EXPECT_THAT(h, ElementsAre(IsBucket(1, 2), IsBucket(2, 0), IsBucket(3, 5)));
  EXPECT_TRUE(IsCanonical(h));
}

// Each key's values summed in input order (non-integer values make the
// order visible), keys ascending; -0.0 and 0.0 are one key. Checked against
// a std::map built in input order, over many sizes (the index grows).
TEST(HistogramOps, CanonicalizeSumsEachKeyInInputOrder) {
  Mulberry32 rng(7);
  for (int round = 0; round < 400; ++round) {
    const int n = 1 + static_cast<int>(rng.Next() * (round < 200 ? 40 : 5000));
    const int distinct = 1 + static_cast<int>(rng.Next() * 60);
    std::vector<Bucket> h;
    std::map<double, double> expected;
    for (int i = 0; i < n; ++i) {
      double key = std::floor(rng.Next() * distinct) * 1.5;
      if (key == 0 && rng.Next() < 0.5) key = -0.0;
      const double value = rng.Next() / 3;
      h.push_back({key, value});
      expected[key] += value;  // std::map: -0.0 == 0.0, summed in input order
    }
    Canonicalize(h);
    ASSERT_EQ(h.size(), expected.size()) << "round " << round;
    size_t i = 0;
    for (const auto& [key, value] : expected) {
      EXPECT_EQ(h[i].key, key) << "round " << round;
      EXPECT_EQ(h[i].value, value) << "round " << round << " key " << key;  // exact: same order of additions
      ++i;
    }
  }
}

TEST(HistogramOps, MergeSumsByKey) {
  const std::vector<Bucket> a = {{0, 0}, {20, 1}};
  const std::vector<Bucket> b = {{0, 0}, {40, 1}};
  EXPECT_THAT(Merge(a, b), ElementsAre(IsBucket(0, 0), IsBucket(20, 1), IsBucket(40, 1)));
}

TEST(HistogramOps, MergeIsAssociativeAndCommutative) {
  Mulberry32 rng(11);
  for (int i = 0; i < 200; ++i) {
    const auto a = RandomHistogram(rng), b = RandomHistogram(rng), c = RandomHistogram(rng);
    EXPECT_EQ(Merge(a, b), Merge(b, a));
    EXPECT_EQ(Merge(Merge(a, b), c), Merge(a, Merge(b, c)));
    std::vector<Bucket> acc = a;
    MergeInto(acc, b);
    EXPECT_EQ(acc, Merge(a, b));
  }
}

TEST(HistogramOps, NormalizedSumOfOneClientSumsToWeight) {
  const std::vector<std::vector<Bucket>> pings = {{{1, 3}, {2, 1}}, {{2, 2}, {5, 2}}};
  const auto h = NormalizedSum(pings);
  EXPECT_THAT(h, ElementsAre(IsBucket(1, 0.375), IsBucket(2, 0.375), IsBucket(5, 0.25)));
  EXPECT_DOUBLE_EQ(TotalMass(NormalizedSum(pings, 2.0)), 2.0);
}

TEST(HistogramOps, NormalizedClientHistogramsSumToOne) {
  Mulberry32 rng(3);
  for (int i = 0; i < 200; ++i) {
    const auto h = RandomHistogram(rng);
    if (TotalMass(h) == 0) continue;
    EXPECT_NEAR(TotalMass(Normalize(h)), 1.0, 1e-12);
  }
}

TEST(HistogramOps, NormalizedSumEdgeCasesAsReference) {
  // All-zero: SAFE_DIVIDE gives NULL, COALESCE 0; keys kept.
  const std::vector<std::vector<Bucket>> zero = {{{1, 0}, {2, 0}}};
  EXPECT_THAT(NormalizedSum(zero), ElementsAre(IsBucket(1, 0), IsBucket(2, 0)));
  // No buckets at all: the reference's NULL.
  EXPECT_TRUE(NormalizedSum(std::vector<std::vector<Bucket>>{}).empty());
}

TEST(PercentileLookup, ReferenceAccumulationOrder) {
  const std::vector<Bucket> h = {{1, 1}, {2, 1}, {3, 1}, {4, 1}};
  EXPECT_EQ(ReferencePercentileIndex(h, 25), 0u);
  EXPECT_EQ(ReferencePercentileIndex(h, 26), 1u);
  EXPECT_EQ(ReferencePercentileIndex(h, 100), 3u);
  EXPECT_EQ(ReferencePercentileIndex(h, 0), 0u);
  // 0.1 + 0.2 = 0.30000000000000004 >= 0.3, the float order matters.
  const std::vector<Bucket> tenths = {{1, 1}, {2, 2}, {3, 7}};
  EXPECT_EQ(ReferencePercentileIndex(tenths, 30), 1u);
  const std::vector<Bucket> zero = {{1, 0}, {2, 0}};
  EXPECT_EQ(ReferencePercentileIndex(zero, 50), 1u);  // NaN shares: last bucket
  EXPECT_FALSE(ReferencePercentileIndex({}, 50).has_value());
}

TEST(PercentileLookup, RankIndexSpreadsMassOverClients) {
  const std::vector<Bucket> h = {{1, 0.5}, {2, 1.5}, {3, 2}};  // 4 clients
  EXPECT_EQ(RankIndex(h, 4, 4, 1), 1u);  // mass 0.5 < rank 1
  EXPECT_EQ(RankIndex(h, 4, 4, 2), 1u);
  EXPECT_EQ(RankIndex(h, 4, 4, 3), 2u);
  EXPECT_FALSE(RankIndex(h, 0, 4, 1).has_value());
}

}  // namespace
}  // namespace opmon::kernels
