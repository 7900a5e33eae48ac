#include "services/compute/kernels/bucket_edges.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace opmon::kernels {
namespace {

// Firefox exponential keys (gc_ms-like: 0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, ...).
std::vector<Bucket> Exponential(std::vector<double> keys) {
  std::vector<Bucket> h;
  for (double k : keys) h.push_back({k, 0});
  return h;
}

TEST(BucketEdges, UpperEdgeIsTheNextKey) {
  const std::vector<Bucket> h = {{0, 1}, {10, 1}, {20, 1}};
  EXPECT_EQ(UpperEdge(h, 0), 10);
  EXPECT_EQ(UpperEdge(h, 1), 20);
}

TEST(BucketEdges, LastBucketExtrapolatesTheSpacing) {
  const std::vector<Bucket> linear = {{0, 1}, {10, 1}, {20, 1}};
  EXPECT_EQ(SpacingOf(linear), BucketSpacing::kLinear);
  EXPECT_EQ(UpperEdge(linear, 2), 30);
  const std::vector<Bucket> exponential = Exponential({0, 1, 2, 4, 8, 16, 32});
  EXPECT_EQ(SpacingOf(exponential), BucketSpacing::kExponential);
  EXPECT_EQ(UpperEdge(exponential, 6), 64);
}

TEST(BucketEdges, OneBucketSpansOneUnit) {
  const std::vector<Bucket> h = {{7, 3}};
  EXPECT_EQ(UpperEdge(h, 0), 8);
}

TEST(BucketEdges, FirefoxExponentialKeysAreExponentialAndEnumeratedAreLinear) {
  EXPECT_EQ(SpacingOf(Exponential({0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 17, 20, 24, 29, 34,
                                   41, 49, 59, 70, 84, 101, 121, 144})),
            BucketSpacing::kExponential);
  EXPECT_EQ(SpacingOf(Exponential({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})), BucketSpacing::kLinear);
  EXPECT_EQ(SpacingOf(Exponential({0, 1})), BucketSpacing::kLinear);
}

TEST(BucketEdges, EdgesAtAValue) {
  const std::vector<Bucket> h = {{1, 1}, {2, 1}, {4, 1}, {8, 1}};
  EXPECT_EQ(LowerEdgeAt(h, 5), 4);
  EXPECT_EQ(UpperEdgeAt(h, 5), 8);
  EXPECT_EQ(LowerEdgeAt(h, 4), 4);
  EXPECT_EQ(UpperEdgeAt(h, 4), 8);
  EXPECT_EQ(LowerEdgeAt(h, 0.5), 1);  // below every key: the first bucket
  EXPECT_EQ(UpperEdgeAt(h, 0.5), 2);
  EXPECT_EQ(UpperEdgeAt(h, 100), 16);
}

TEST(BucketEdges, InterpolatesLinearlyOnLinearBuckets) {
  const std::vector<Bucket> h = {{0, 50}, {10, 50}, {20, 0}};
  EXPECT_DOUBLE_EQ(InterpolatedPercentile(h, 25), 5);
  EXPECT_DOUBLE_EQ(InterpolatedPercentile(h, 50), 10);
  EXPECT_DOUBLE_EQ(InterpolatedPercentile(h, 75), 15);
  EXPECT_DOUBLE_EQ(InterpolatedPercentile(h, 100), 20);
  EXPECT_DOUBLE_EQ(InterpolatedPercentile(h, 0), 0);
}

TEST(BucketEdges, InterpolatesLogLinearlyOnExponentialBuckets) {
  const std::vector<Bucket> h = {{1, 0}, {2, 100}, {4, 0}, {8, 0}};
  EXPECT_DOUBLE_EQ(InterpolatedPercentile(h, 50), 2 * std::sqrt(2.0));
  EXPECT_DOUBLE_EQ(InterpolatedPercentile(h, 0), 2);  // skips empty buckets
}

TEST(BucketEdges, UpperBoundIsJustBelowTheEdge) {
  EXPECT_LT(UpperBound(1120), 1120);
  EXPECT_EQ(std::nextafter(UpperBound(1120), 2000.0), 1120);
}

TEST(BucketEdges, InterpolationIsNaNWithoutMass) {
  const std::vector<Bucket> h = {{1, 0}, {2, 0}};
  EXPECT_TRUE(std::isnan(InterpolatedPercentile(h, 50)));
}

}  // namespace
}  // namespace opmon::kernels
