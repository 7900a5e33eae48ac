// Coverage simulation for docs/kernels.md: how often each method's 90%
// percentile interval covers the true (continuous) percentile when clients'
// values land in realistic Firefox bucketings.
//   opmon_kernels_coverage_sim [repetitions=1000] [max_clients=100000] [--scalars-only]
// It first prints the coverage of mean and total_ratio on skewed data.
// See tests/testing/interval_coverage.h for the model. Fixed seeds:
// reproducible.

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/testing/interval_coverage.h"

int main(int argc, char** argv) {
  using opmon::CiMethod;
  const int repetitions = argc > 1 ? std::atoi(argv[1]) : 1000;
  int max_clients = argc > 2 ? std::atoi(argv[2]) : 100000;
  std::printf("%d repetitions, 90%% intervals\n", repetitions);
  if (argc > 3 && std::string(argv[3]) == "--scalars-only") max_clients = 0;
  std::printf("\nmean and total_ratio (block jackknife, 20 blocks) on skewed data\n");
  std::printf("| data | clients | coverage | truth above | truth below | median width |\n"
              "|---|---|---|---|---|---|\n");
  for (auto data : {opmon::testing::SkewedData::kLogNormalMean,
                    opmon::testing::SkewedData::kZeroInflatedMean,
                    opmon::testing::SkewedData::kCrashRatio}) {
    for (int clients : {200, 1000, 10000}) {
      const auto r = opmon::testing::SimulateScalarCoverage(data, clients, repetitions,
                                                            99u + static_cast<uint32_t>(clients));
      std::printf("| %s | %d | %.1f%% | %.1f%% | %.1f%% | %.4g |\n", ToString(data).c_str(),
                  clients, 100 * r.coverage, 100 * r.truth_above, 100 * r.truth_below,
                  r.median_width);
      std::fflush(stdout);
    }
  }
  std::printf("\npercentiles, log-normal clients, scored against the continuous truth\n");
  std::printf("| bucketing | clients | pct | method | coverage | median width | zero width | "
              "bucket / spread |\n|---|---|---|---|---|---|---|---|\n");
  for (const opmon::testing::Bucketing& b : opmon::testing::RealisticBucketings()) {
    for (int clients : {200, 1000, 10000, 100000}) {
      if (clients > max_clients) continue;
      const auto rows = opmon::testing::SimulateCoverage(
          b, clients, {5, 50, 95, 99}, repetitions, 1234u + static_cast<uint32_t>(clients),
          {CiMethod::kBinomial, CiMethod::kBlockJackknife, CiMethod::kJackknife,
           CiMethod::kBootstrap});
      for (const auto& r : rows) {
        std::printf("| %s | %d | p%g | %s | %.1f%% | %.4g | %d | %.2f |\n", r.bucketing.c_str(),
                    r.clients, r.percentile, std::string(opmon::ToString(r.method)).c_str(),
                    100 * r.coverage, r.median_width, r.zero_width, r.bucket_to_spread);
      }
      std::fflush(stdout);
    }
  }
  return 0;
}
