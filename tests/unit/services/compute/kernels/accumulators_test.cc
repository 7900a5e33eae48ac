#include <cmath>
#include <optional>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/compute/kernels/histogram_accumulator.h"
#include "services/compute/kernels/jackknife.h"
#include "services/compute/kernels/mulberry32.h"
#include "services/compute/kernels/ratio_accumulator.h"
#include "services/compute/kernels/reference_buckets.h"
#include "services/compute/kernels/scalar_accumulator.h"
#include "tests/testing/status_matchers.h"

namespace opmon::kernels {
namespace {

using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;

StatisticSpec Spec(StatisticKind kind, int blocks = kDefaultBlocks) {
  StatisticSpec spec;
  spec.kind = kind;
  spec.blocks = blocks;
  return spec;
}

StatisticRow One(const ScalarAccumulator& acc, const StatisticSpec& spec) {
  auto rows = acc.Finalize(spec);
  EXPECT_THAT(rows, IsOk());
  EXPECT_EQ(rows->size(), 1u);
  return rows->front();
}

bool Same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void ExpectSameRows(const std::vector<StatisticRow>& a, const std::vector<StatisticRow>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].statistic, b[i].statistic);
    EXPECT_EQ(a[i].parameter, b[i].parameter);
    EXPECT_TRUE(Same(a[i].point, b[i].point)) << a[i].point << " vs " << b[i].point;
    EXPECT_TRUE(Same(a[i].lower, b[i].lower)) << a[i].lower << " vs " << b[i].lower;
    EXPECT_TRUE(Same(a[i].upper, b[i].upper)) << a[i].upper << " vs " << b[i].upper;
  }
}

TEST(ScalarAccumulator, CountSumMeanQuantileWithNulls) {
  ScalarAccumulator acc;
  const std::vector<std::optional<double>> values = {1, 2, 3, std::nullopt, 10};
  for (size_t i = 0; i < values.size(); ++i) acc.AddClient(i, values[i]);
  EXPECT_EQ(acc.clients(), 5);
  EXPECT_EQ(acc.null_clients(), 1);
  EXPECT_EQ(One(acc, Spec(StatisticKind::kCount)).point, 4);
  EXPECT_EQ(One(acc, Spec(StatisticKind::kSum)).point, 16);
  EXPECT_EQ(One(acc, Spec(StatisticKind::kMean)).point, 4);
  StatisticSpec q = Spec(StatisticKind::kQuantile);
  const StatisticRow median = One(acc, q);
  EXPECT_EQ(median.point, 2);  // x_(ceil(4 * 50 / 100)) of 1, 2, 3, 10
  EXPECT_EQ(median.parameter, "50");
  q.quantile = 100;
  EXPECT_EQ(One(acc, q).point, 10);
  q.quantile = 0;
  EXPECT_EQ(One(acc, q).point, 1);
}

TEST(ScalarAccumulator, PercentileCountsNullsAsZeroUnlessRemoved) {
  ScalarAccumulator acc;
  const std::vector<std::optional<double>> values = {1, 2, 3, std::nullopt, 10};
  for (size_t i = 0; i < values.size(); ++i) acc.AddClient(i, values[i]);
  StatisticSpec spec = Spec(StatisticKind::kPercentile);
  spec.percentiles = {20};
  EXPECT_EQ(One(acc, spec).point, 0);  // 0, 1, 2, 3, 10: x_(1)
  EXPECT_EQ(One(acc, spec).parameter, "20");
  spec.remove_nulls = true;
  EXPECT_EQ(One(acc, spec).point, 1);  // 1, 2, 3, 10: x_(ceil(0.8))
}

TEST(ScalarAccumulator, AllNullGivesZeroCountAndNullStatistics) {
  ScalarAccumulator acc;
  acc.AddClient(1, std::nullopt);
  acc.AddClient(2, NAN);
  EXPECT_EQ(One(acc, Spec(StatisticKind::kCount)).point, 0);
  EXPECT_TRUE(std::isnan(One(acc, Spec(StatisticKind::kSum)).point));
  EXPECT_TRUE(std::isnan(One(acc, Spec(StatisticKind::kMean)).point));
}

TEST(ScalarAccumulator, MeanIntervalIsTheHandWorkedBlockJackknife) {
  ScalarAccumulator acc(2);
  acc.AddClient(0, 1);  // block 0
  acc.AddClient(2, 3);  // block 0
  acc.AddClient(1, 5);  // block 1
  const StatisticRow mean = One(acc, Spec(StatisticKind::kMean, 2));
  const double half = std::tan(0.45 * M_PI) * 1.5;
  EXPECT_EQ(mean.point, 3);
  EXPECT_NEAR(mean.lower, 3 - half, 1e-9);
  EXPECT_NEAR(mean.upper, 3 + half, 1e-9);
}

TEST(ScalarAccumulator, RightSkewedValuesLengthenTheMeansUpperSide) {
  // One client in ten at 50, the rest at 1: the mean (5.9) is skewed right,
  // so its interval reaches further above it than below (Hall's correction,
  // block_jackknife.h); mirrored values mirror the interval.
  ScalarAccumulator right(4), left(4);
  for (uint64_t c = 0; c < 400; ++c) {
    right.AddClient(c * 2654435761u, c % 10 == 0 ? 50.0 : 1.0);
    left.AddClient(c * 2654435761u, c % 10 == 0 ? -50.0 : -1.0);
  }
  const StatisticRow r = One(right, Spec(StatisticKind::kMean, 4));
  const StatisticRow l = One(left, Spec(StatisticKind::kMean, 4));
  EXPECT_NEAR(r.point, 5.9, 1e-12);
  EXPECT_GT(r.upper - r.point, 1.2 * (r.point - r.lower));
  EXPECT_NEAR(l.lower, -r.upper, 1e-9);
  EXPECT_NEAR(l.upper, -r.lower, 1e-9);
}

TEST(ScalarAccumulator, AZeroOneMetricThatDidNotVaryGetsTheExactProportionInterval) {
  // 1,000 clients all 1: Clopper-Pearson for 1,000 of 1,000 at 90%,
  // [0.05^(1/1000), 1] = [0.997009, 1]; 200 clients all 0: [0, 1 - 0.05^(1/200)]
  // = [0, 0.014867] (the "rule of three" at 95% one-sided: 3 / 200 = 0.015).
  ScalarAccumulator ones, zeros, threes, mixed;
  for (uint64_t c = 0; c < 1000; ++c) {
    ones.AddClient(c * 2654435761u, 1);
    threes.AddClient(c * 2654435761u, 3);
    mixed.AddClient(c * 2654435761u, c % 3 == 0 ? 1 : 0);
    if (c < 200) zeros.AddClient(c * 2654435761u, 0);
  }
  const StatisticRow all = One(ones, Spec(StatisticKind::kMean));
  EXPECT_EQ(all.point, 1);
  EXPECT_NEAR(all.lower, 0.997009, 1e-6);
  EXPECT_EQ(all.upper, 1);
  const StatisticRow none = One(zeros, Spec(StatisticKind::kMean));
  EXPECT_EQ(none.point, 0);
  EXPECT_EQ(none.lower, 0);
  EXPECT_NEAR(none.upper, 0.014867, 1e-6);
  // A constant other than 0 or 1 has no such bound; varying 0/1 values keep
  // the jackknife.
  const StatisticRow three = One(threes, Spec(StatisticKind::kMean));
  EXPECT_EQ(three.lower, 3);
  EXPECT_EQ(three.upper, 3);
  const StatisticRow third = One(mixed, Spec(StatisticKind::kMean));
  EXPECT_NEAR(third.point, 0.334, 1e-12);
  // The blocks (c mod 20) each hold a third of ones almost exactly, so the
  // jackknife interval is narrow, around the point, and not a proportion
  // bound.
  EXPECT_LT(third.lower, third.point);
  EXPECT_GT(third.upper, third.point);
  EXPECT_LT(third.upper - third.lower, 0.05);
}

TEST(ScalarAccumulator, MergeOrderDoesNotChangeAnyResult) {
  Mulberry32 rng(21);
  ScalarAccumulator parts[3];
  ScalarAccumulator whole;
  for (uint64_t c = 0; c < 3000; ++c) {
    const double v = std::exp(rng.Next() * 8) / 3;
    parts[c % 3].AddClient(c * 2654435761u, v);
    whole.AddClient(c * 2654435761u, v);
  }
  ScalarAccumulator a = parts[0], b = parts[2];
  ASSERT_THAT(a.Merge(parts[1]), IsOk());
  ASSERT_THAT(a.Merge(parts[2]), IsOk());
  ASSERT_THAT(b.Merge(parts[1]), IsOk());
  ASSERT_THAT(b.Merge(parts[0]), IsOk());
  for (StatisticKind kind : {StatisticKind::kSum, StatisticKind::kMean, StatisticKind::kPercentile}) {
    for (CiMethod method : {CiMethod::kBinomial, CiMethod::kBlockJackknife, CiMethod::kJackknife}) {
      StatisticSpec spec = Spec(kind);
      spec.method = method;
      auto ra = a.Finalize(spec), rb = b.Finalize(spec), rw = whole.Finalize(spec);
      ASSERT_TRUE(ra.ok() && rb.ok() && rw.ok());
      ExpectSameRows(*ra, *rb);
      ExpectSameRows(*ra, *rw);
    }
  }
  ScalarAccumulator other_blocks(10);
  EXPECT_FALSE(a.Merge(other_blocks).ok());
}

TEST(ScalarAccumulator, ReferenceBucketsUseTheLogBucketKeys) {
  ScalarAccumulator acc;
  for (int i = 1; i <= 1000; ++i) acc.AddClient(i, i);
  StatisticSpec spec = Spec(StatisticKind::kPercentile);
  spec.percentiles = {50};
  spec.reference_buckets = true;
  const StatisticRow row = One(acc, spec);
  const auto buckets = ReferenceScalarBuckets(1, 1000);
  EXPECT_EQ(row.point, *ReferenceBucketFromValue(buckets, 500));
  EXPECT_LE(row.lower, row.point);
  EXPECT_GE(row.upper, row.point);
}

TEST(ScalarAccumulator, RejectsBadSpecs) {
  ScalarAccumulator acc;
  StatisticSpec spec = Spec(StatisticKind::kPercentile);
  spec.percentiles = {120};
  EXPECT_THAT(acc.Finalize(spec), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_FALSE(acc.Finalize(Spec(StatisticKind::kMean, 7)).ok());
  StatisticSpec ratio = Spec(StatisticKind::kTotalRatio);
  ratio.denominator_metric = "d";
  EXPECT_FALSE(acc.Finalize(ratio).ok());
}

TEST(RatioAccumulator, SumsNumeratorAndDenominatorNullsIndependently) {
  RatioAccumulator acc;
  acc.AddClient(0, 1, 2);
  acc.AddClient(1, std::nullopt, 3);
  acc.AddClient(2, 4, std::nullopt);
  acc.AddClient(3, 5, 5);
  StatisticSpec spec = Spec(StatisticKind::kTotalRatio);
  spec.denominator_metric = "active_hours";
  auto rows = acc.Finalize(spec);
  ASSERT_THAT(rows, IsOk());
  EXPECT_EQ((*rows)[0].point, 1.0);  // (1 + 4 + 5) / (2 + 3 + 5)
  EXPECT_EQ((*rows)[0].parameter, "active_hours");
  EXPECT_LT((*rows)[0].lower, 1.0);
  EXPECT_GT((*rows)[0].upper, 1.0);
}

TEST(RatioAccumulator, ZeroDenominatorIsAnErrorValue) {
  RatioAccumulator acc;
  acc.AddClient(0, 1, 0);
  acc.AddClient(1, 2, 0);
  StatisticSpec spec = Spec(StatisticKind::kTotalRatio);
  spec.denominator_metric = "d";
  EXPECT_THAT(acc.Finalize(spec), StatusIs(absl::StatusCode::kFailedPrecondition));
  RatioAccumulator nulls;
  nulls.AddClient(0, std::nullopt, 1);
  auto rows = nulls.Finalize(spec);
  ASSERT_THAT(rows, IsOk());
  EXPECT_TRUE(std::isnan((*rows)[0].point));
}

TEST(HistogramAccumulator, NormalisesEachClientToWeightOne) {
  HistogramAccumulator acc;
  const std::vector<Bucket> a = {{1, 3}, {2, 1}};
  const std::vector<Bucket> b = {{2, 2}};
  const std::vector<Bucket> zero = {{5, 0}};
  ASSERT_THAT(acc.AddClient(1, a), IsOk());
  ASSERT_THAT(acc.AddClient(2, b), IsOk());
  ASSERT_THAT(acc.AddClient(3, zero), IsOk());
  ASSERT_TRUE(acc.AddClient(4, {}).ok());  // NULL: ignored
  EXPECT_EQ(acc.clients(), 2);
  const auto merged = acc.MergedHistogram();
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].value, 0.75);
  EXPECT_EQ(merged[1].value, 1.25);
  EXPECT_EQ(merged[2].value, 0);
  const std::vector<Bucket> negative = {{1, -1}};
  EXPECT_FALSE(acc.AddClient(5, negative).ok());
}

TEST(HistogramAccumulator, MergesExactlyInAnyOrderAndFinalisesEveryMethod) {
  Mulberry32 rng(8);
  HistogramAccumulator parts[4];
  HistogramAccumulator whole;
  for (uint64_t c = 0; c < 2000; ++c) {
    std::vector<Bucket> h;
    for (int k = 0; k < 3; ++k) {
      h.push_back({std::floor(std::exp(rng.Next() * 6)), 1 + std::floor(rng.Next() * 5)});
    }
    const uint64_t hash = c * 0x9E3779B97F4A7C15ull;
    ASSERT_TRUE(parts[c % 4].AddClient(hash, h).ok());
    ASSERT_THAT(whole.AddClient(hash, h), IsOk());
  }
  HistogramAccumulator x = parts[3], y = parts[0];
  for (int i : {0, 1, 2}) ASSERT_THAT(x.Merge(parts[i]), IsOk());
  for (int i : {2, 3, 1}) ASSERT_THAT(y.Merge(parts[i]), IsOk());
  EXPECT_EQ(x.MergedHistogram(), whole.MergedHistogram());
  EXPECT_EQ(y.MergedHistogram(), whole.MergedHistogram());
  EXPECT_EQ(x.BlockHistograms(), y.BlockHistograms());
  for (CiMethod method : {CiMethod::kJackknife, CiMethod::kBootstrap, CiMethod::kBinomial,
                          CiMethod::kBlockJackknife}) {
    StatisticSpec spec = Spec(StatisticKind::kPercentile);
    spec.method = method;
    spec.percentiles = {25, 50, 95};
    auto rx = x.Finalize(spec), ry = y.Finalize(spec);
    ASSERT_THAT(rx, IsOk());
    ASSERT_THAT(ry, IsOk());
    ExpectSameRows(*rx, *ry);
    for (const auto& r : *rx) {
      EXPECT_LE(r.lower, r.point) << ToString(method);
      EXPECT_GE(r.upper, r.point) << ToString(method);
    }
    if (method == CiMethod::kJackknife) {
      auto direct = JackknifePercentileCi(whole.MergedHistogram(), spec.percentiles);
      ASSERT_THAT(direct, IsOk());
      EXPECT_EQ((*rx)[1].point, (*direct)[1].point);
      EXPECT_EQ((*rx)[1].upper, (*direct)[1].upper);
    }
  }
  EXPECT_FALSE(x.Finalize(Spec(StatisticKind::kMean)).ok());
}

}  // namespace
}  // namespace opmon::kernels
