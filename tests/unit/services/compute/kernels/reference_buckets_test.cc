#include "services/compute/kernels/reference_buckets.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opmon::kernels {
namespace {

using ::testing::ElementsAre;

TEST(ReferenceBuckets, AsDeployedStartAtOneLikeTheGlamTests) {
  // glam.histogram_generate_scalar_buckets(0, log2(16), 4) = [1, 2, 4, 8];
  // (0, log2(25), 5) = [1, 1.9, 3.62, 6.9, 13.13].
  EXPECT_THAT(ReferenceScalarBuckets(1, 16, 4, ReferenceBucketing::kAsDeployed),
              ElementsAre(1, 2, 4, 8));
  EXPECT_THAT(ReferenceScalarBuckets(1, 25, 5, ReferenceBucketing::kAsDeployed),
              ElementsAre(1, 1.9, 3.62, 6.9, 13.13));
  // The deployed SQL drops log_min: with min 4 it still starts at 1.
  EXPECT_THAT(ReferenceScalarBuckets(4, 64, 4, ReferenceBucketing::kAsDeployed),
              ElementsAre(1, 2, 4, 8));
}

TEST(ReferenceBuckets, IntendedStartAtTheMinimum) {
  EXPECT_THAT(ReferenceScalarBuckets(4, 64, 4), ElementsAre(4, 8, 16, 32));
  EXPECT_THAT(ReferenceScalarBuckets(-3, 16, 4), ElementsAre(1, 2, 4, 8));  // <= 0 -> 1
  EXPECT_TRUE(ReferenceScalarBuckets(10, 10).empty());
  EXPECT_EQ(ReferenceScalarBuckets(0.5, 1000).size(), 100u);
}

TEST(ReferenceBuckets, BucketFromValueHasInclusiveLowerBound) {
  const std::vector<double> buckets = {1, 2, 3};
  EXPECT_EQ(ReferenceBucketFromValue(buckets, 2.333), 2.0);
  EXPECT_EQ(ReferenceBucketFromValue(buckets, 2.0), 2.0);
  EXPECT_FALSE(ReferenceBucketFromValue(buckets, 0.99).has_value());
  EXPECT_FALSE(ReferenceBucketFromValue(buckets, NAN).has_value());
  EXPECT_EQ(ReferenceBucketFromValue(buckets, 1e9), 3.0);
}

}  // namespace
}  // namespace opmon::kernels
