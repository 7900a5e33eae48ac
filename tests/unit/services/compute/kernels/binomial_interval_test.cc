#include "services/compute/kernels/binomial_interval.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"
#include "services/compute/kernels/percentile_ci.h"
#include "services/compute/kernels/special_functions.h"
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

TEST(BinomialInterval, HistogramMatchesExactValuesForUnitClients) {
  std::vector<Bucket> h;
  for (int i = 1; i <= 10; ++i) h.push_back({i * 10.0, 1.0});
  const std::vector<double> p = {50};
  auto rows = BinomialPercentileCi(h, p, 0);
  ASSERT_THAT(rows, IsOk());
  EXPECT_EQ((*rows)[0].point, 50);
  EXPECT_EQ((*rows)[0].lower, 20);
  EXPECT_EQ((*rows)[0].upper, 90);
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
