// Coverage of opmon's 90% percentile intervals in simulation: log-normal
// client values, 1,000 repetitions (fixed seed), 1,000 and 10,000 clients.
// The binomial and block-jackknife intervals must cover the true percentile
// 85-95% of the time. (bench/kernels/coverage_sim prints the same table for
// all four methods, including the reference ones, for docs/kernels.md.)

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "gtest/gtest.h"
#include "services/compute/kernels/binomial_interval.h"
#include "services/compute/kernels/block_jackknife.h"
#include "services/compute/kernels/mulberry32.h"
#include "common/statistic/special_functions.h"

namespace opmon::kernels {
namespace {

constexpr int kRepetitions = 1000;
constexpr int kBlocks = 20;
constexpr double kMu = 3, kSigma = 1;

struct Coverage {
  double binomial = 0;
  double block_jackknife = 0;
};

Coverage Simulate(int clients, double percentile, uint32_t seed) {
  Mulberry32 rng(seed);
  const double truth = std::exp(kMu + kSigma * NormalQuantile(percentile / 100));
  const std::vector<double> p = {percentile};
  int binomial = 0, block = 0;
  std::vector<double> all(clients);
  std::vector<std::vector<double>> blocks(kBlocks);
  for (int rep = 0; rep < kRepetitions; ++rep) {
    for (auto& b : blocks) b.clear();
    for (int i = 0; i < clients; ++i) {
      // Box-Muller on the seeded generator (1 - u keeps log's argument > 0).
      const double z = std::sqrt(-2 * std::log(1 - rng.Next())) * std::cos(2 * M_PI * rng.Next());
      all[i] = std::exp(kMu + kSigma * z);
      blocks[BlockOf(static_cast<uint64_t>(rep * clients + i) * 0x9E3779B97F4A7C15ull >> 7,
                     kBlocks)]
          .push_back(all[i]);
    }
    std::sort(all.begin(), all.end());
    for (auto& b : blocks) std::sort(b.begin(), b.end());
    const PercentileCiRow bin = BinomialPercentileCiFromValues(all, p)[0];
    const PercentileCiRow jk = BlockJackknifePercentileCiFromValues(blocks, p)[0];
    binomial += bin.lower <= truth && truth <= bin.upper;
    block += jk.lower <= truth && truth <= jk.upper;
  }
  return {static_cast<double>(binomial) / kRepetitions,
          static_cast<double>(block) / kRepetitions};
}

class CoverageTest : public ::testing::TestWithParam<std::tuple<int, double>> {};

TEST_P(CoverageTest, NinetyPercentIntervalsCoverEightyFiveToNinetyFivePercent) {
  const auto [clients, percentile] = GetParam();
  const Coverage c = Simulate(clients, percentile, 20240601u + static_cast<uint32_t>(clients));
  std::printf("clients=%d p=%g binomial=%.3f block_jackknife=%.3f\n", clients, percentile,
              c.binomial, c.block_jackknife);
  EXPECT_GE(c.binomial, 0.85);
  EXPECT_LE(c.binomial, 0.95);
  EXPECT_GE(c.block_jackknife, 0.85);
  EXPECT_LE(c.block_jackknife, 0.95);
}

INSTANTIATE_TEST_SUITE_P(LogNormalClients, CoverageTest,
                         ::testing::Combine(::testing::Values(1000, 10000),
                                            ::testing::Values(50.0, 90.0)));

}  // namespace
}  // namespace opmon::kernels
