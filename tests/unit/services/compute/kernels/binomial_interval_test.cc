#include "services/compute/kernels/binomial_interval.h"

#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "gtest/gtest.h"
#include "services/compute/kernels/bucket_edges.h"
#include "services/compute/kernels/percentile_ci.h"
#include "common/statistic/special_functions.h"
#include "tests/testing/status_matchers.h"

namespace opmon::kernels {
namespace {

using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;

TEST(SpecialFunctions, BinomialAgainstHandComputedValues) {
  EXPECT_NEAR(BinomialCdf(2, 10, 0.5), 56.0 / 1024, 1e-15);
  EXPECT_NEAR(BinomialCdf(7, 10, 0.5), 968.0 / 1024, 1e-15);
  EXPECT_NEAR(BinomialPmf(3, 10, 0.5), 120.0 / 1024, 1e-15);
  EXPECT_NEAR(BinomialCdf(0, 5, 0.2), std::pow(0.8, 5), 1e-15);
  // Normal limit at n = 1e6: P(X <= np) ~ 0.5 + pmf/2.
  EXPECT_NEAR(BinomialCdf(500000, 1e6, 0.5), 0.5 + 0.5 * BinomialPmf(500000, 1e6, 0.5), 1e-12);
}

TEST(SpecialFunctions, StudentAndNormalQuantiles) {
  EXPECT_NEAR(StudentTQuantile(0.95, 1), std::tan(0.45 * M_PI), 1e-9);
  EXPECT_NEAR(StudentTQuantile(0.95, 19), 1.729132812, 1e-8);
  EXPECT_NEAR(StudentTQuantile(0.05, 19), -1.729132812, 1e-8);
  EXPECT_NEAR(NormalQuantile(0.95), 1.6448536269514722, 1e-12);
}

TEST(BinomialInterval, RanksForTenClientsMedian) {
  // Bin(10, .5): F(1) = .0107 < .05 <= F(2) = .0547; F(7) = .9453 < .95 <= F(8).
  const OrderStatisticRanks r = BinomialRanks(10, 50);
  EXPECT_EQ(r.lower, 2);
  EXPECT_EQ(r.upper, 9);
}

TEST(BinomialInterval, RanksOutsideTheSampleLeaveThatSideUnbounded) {
  // p99 of 200: F(194) = .016 < .05 <= F(195) = .052, so l = 195; but
  // P(B <= 199) = 1 - .99^200 = .866 < .95: the truth lies above every one of
  // the 200 values 13% of the time, so no order statistic bounds it above.
  OrderStatisticRanks r = BinomialRanks(200, 99);
  EXPECT_EQ(r.lower, 195);
  EXPECT_EQ(r.upper, 201);
  // p5 of 10: P(B = 0) = .95^10 = .60 >= .05, so none bounds it below;
  // F(1) = .914 < .95 <= F(2) = .988, so u = 3.
  r = BinomialRanks(10, 5);
  EXPECT_EQ(r.lower, 0);
  EXPECT_EQ(r.upper, 3);

  std::vector<double> v;
  for (int i = 1; i <= 200; ++i) v.push_back(i);
  const std::vector<double> p99 = {99};
  const PercentileCiRow exact = BinomialPercentileCiFromValues(v, p99)[0];
  EXPECT_EQ(exact.point, 198);
  EXPECT_EQ(exact.lower, 195);
  EXPECT_EQ(exact.upper, std::numeric_limits<double>::infinity());
  const std::vector<double> p5 = {5};
  const PercentileCiRow low = BinomialPercentileCiFromValues(std::span(v).first(10), p5)[0];
  EXPECT_EQ(low.lower, -std::numeric_limits<double>::infinity());
  EXPECT_EQ(low.upper, 3);

  // The histogram form: 200 unit clients in buckets 1..200 (and the bounds
  // keep their infinity through UpperBound and the bucket edges).
  std::vector<Bucket> h;
  for (int i = 1; i <= 200; ++i) h.push_back({static_cast<double>(i), 1.0});
  auto rows = BinomialPercentileCi(h, p99, 200);
  ASSERT_THAT(rows, IsOk());
  EXPECT_EQ((*rows)[0].lower, 195);
  EXPECT_EQ((*rows)[0].upper, std::numeric_limits<double>::infinity());
}

TEST(BinomialInterval, ExactValues) {
  std::vector<double> v;
  for (int i = 1; i <= 10; ++i) v.push_back(i * 10);
  const std::vector<double> p = {50, 0, 100};
  const auto rows = BinomialPercentileCiFromValues(v, p);
  EXPECT_EQ(rows[0].point, 50);
  EXPECT_EQ(rows[0].lower, 20);
  EXPECT_EQ(rows[0].upper, 90);
  EXPECT_EQ(rows[1].point, 10);
  EXPECT_EQ(rows[2].point, 100);
  EXPECT_TRUE(std::isnan(BinomialPercentileCiFromValues({}, p)[0].point));
}

TEST(BinomialInterval, HistogramBoundsAreTheEdgesOfTheExactOrderStatisticsBuckets) {
  // Unit clients at 10, 20, ..., 100: ranks 2 and 9 as in ExactValues; the
  // lower bound is the key (lower edge) of rank 2's bucket, the upper bound
  // the upper edge of rank 9's (the next key, 100), since the value behind
  // the key 90 may be anywhere in [90, 100).
  std::vector<Bucket> h;
  for (int i = 1; i <= 10; ++i) h.push_back({i * 10.0, 1.0});
  const std::vector<double> p = {50};
  auto rows = BinomialPercentileCi(h, p, 0);
  ASSERT_THAT(rows, IsOk());
  EXPECT_EQ((*rows)[0].point, 50);
  EXPECT_EQ((*rows)[0].lower, 20);
  EXPECT_EQ((*rows)[0].upper, UpperBound(100));
  EXPECT_LT((*rows)[0].upper, 100);
  EXPECT_GT((*rows)[0].upper, 99.999999);
}

TEST(BinomialInterval, OneCoarseBucketGivesThatBucketNotZeroWidth) {
  // Every client in the bucket [4, 8) of an exponential bucketing: the
  // percentile is somewhere in [4, 8), and so is the interval.
  const std::vector<Bucket> h = {{1, 0}, {2, 0}, {4, 1000}, {8, 0}, {16, 0}};
  const std::vector<double> p = {5, 50, 99};
  auto rows = BinomialPercentileCi(h, p, 1000);
  ASSERT_THAT(rows, IsOk());
  for (const PercentileCiRow& r : *rows) {
    EXPECT_EQ(r.point, 4) << r.percentile;
    EXPECT_EQ(r.lower, 4) << r.percentile;
    EXPECT_EQ(r.upper, UpperBound(8)) << r.percentile;
  }
}

TEST(BinomialInterval, LastBucketUpperEdgeFollowsTheSpacing) {
  const std::vector<Bucket> h = {{1, 0}, {2, 0}, {4, 0}, {8, 0}, {16, 500}};
  const std::vector<double> p = {50};
  auto rows = BinomialPercentileCi(h, p, 500);
  ASSERT_THAT(rows, IsOk());
  EXPECT_EQ((*rows)[0].lower, 16);
  EXPECT_EQ((*rows)[0].upper, UpperBound(32));
}

TEST(BinomialInterval, InterpolatedPointSitsInsideTheBucketBoundsUnchanged) {
  const std::vector<Bucket> h = {{0, 0}, {10, 100}, {20, 100}, {30, 0}};
  const std::vector<double> p = {25, 75};
  auto bucket = BinomialPercentileCi(h, p, 200);
  auto interpolated = BinomialPercentileCi(h, p, 200, kDefaultConfidence,
                                           PercentilePoint::kInterpolated);
  ASSERT_THAT(bucket, IsOk());
  ASSERT_THAT(interpolated, IsOk());
  EXPECT_EQ((*bucket)[0].point, 10);
  EXPECT_DOUBLE_EQ((*interpolated)[0].point, 15);  // half of [10, 20)'s mass
  EXPECT_DOUBLE_EQ((*interpolated)[1].point, 25);
  for (size_t i = 0; i < p.size(); ++i) {
    EXPECT_EQ((*interpolated)[i].lower, (*bucket)[i].lower);
    EXPECT_EQ((*interpolated)[i].upper, (*bucket)[i].upper);
  }
}

TEST(BinomialInterval, AdjacentBucketsIntervalsDoNotTouch) {
  // Control all in [1009, 1120), treatment all in [1120, 1243) (first
  // contentful paint one bucket higher): the intervals must not overlap, or
  // ci_overlap (touching counts as overlapping) would miss the shift.
  const std::vector<Bucket> control = {{909, 0}, {1009, 500}, {1120, 0}, {1243, 0}};
  const std::vector<Bucket> treatment = {{909, 0}, {1009, 0}, {1120, 500}, {1243, 0}};
  const std::vector<double> p = {50};
  auto c = BinomialPercentileCi(control, p, 500);
  auto t = BinomialPercentileCi(treatment, p, 500);
  ASSERT_THAT(c, IsOk());
  ASSERT_THAT(t, IsOk());
  EXPECT_EQ((*c)[0].lower, 1009);
  EXPECT_EQ((*t)[0].lower, 1120);
  EXPECT_LT((*c)[0].upper, (*t)[0].lower);
}

TEST(BinomialInterval, ZeroMassGivesNaNAndBadInputErrors) {
  const std::vector<Bucket> zero = {{1, 0}};
  const std::vector<double> p = {50};
  auto rows = BinomialPercentileCi(zero, p, 0);
  ASSERT_THAT(rows, IsOk());
  EXPECT_TRUE(std::isnan((*rows)[0].lower));
  const std::vector<Bucket> unsorted = {{2, 1}, {1, 1}};
  EXPECT_FALSE(BinomialPercentileCi(unsorted, p, 0).ok());
  const std::vector<double> bad = {101};
  EXPECT_FALSE(BinomialPercentileCi(zero, bad, 0).ok());
}

TEST(PercentileCi, DispatchesAndValidates) {
  PercentileCiRequest request;
  request.histogram = {{3, 1}, {1, 1}, {2, 1}, {4, 1}};  // binomial sorts first
  request.percentiles = {50};
  auto rows = ComputePercentileCi(request);
  ASSERT_THAT(rows, IsOk());
  EXPECT_EQ((*rows)[0].point, 2);
  request.point = PercentilePoint::kInterpolated;
  for (CiMethod reference : {CiMethod::kJackknife, CiMethod::kBootstrap}) {
    request.method = reference;
    EXPECT_THAT(ComputePercentileCi(request),
                StatusIs(absl::StatusCode::kInvalidArgument, ::testing::HasSubstr("point")));
  }
  request.point = PercentilePoint::kBucket;
  request.method = CiMethod::kBlockJackknife;
  request.blocks = 1;
  EXPECT_THAT(ComputePercentileCi(request), StatusIs(absl::StatusCode::kInvalidArgument));
  request.blocks = 4;
  request.clients = 400;
  rows = ComputePercentileCi(request);
  ASSERT_THAT(rows, IsOk());
  EXPECT_EQ((*rows)[0].point, 2);
  EXPECT_LE((*rows)[0].lower, 2);
  EXPECT_GE((*rows)[0].upper, 2);
}

}  // namespace
}  // namespace opmon::kernels
