#pragma once
// Coverage of opmon's 90% percentile intervals on realistic histogram
// bucketings, scored against the continuous truth (issue 18). Clients draw
// one log-normal value each; the value lands in a Firefox bucket (exponential,
// linear or enumerated, with every bucket of the definition present, empty or
// not, as the merged client histograms carry them); each method sees the
// per-block histograms of those buckets, and an interval covers when
// lower <= the true percentile <= upper. Used by the unit test (few
// repetitions, fixed seeds) and by bench/kernels/coverage_sim (the table of
// docs/kernels.md).

#include <cstdint>
#include <string>
#include <vector>

#include "common/statistic/ci_method.h"

namespace opmon::testing {

struct Bucketing {
  std::string name;                 // e.g. "exponential 1-10000 x50"
  std::vector<double> lower_edges;  // ascending, [0] == 0 (Firefox's underflow)
  // Client values: log-normal with this median and log-scale sigma.
  double median = 0;
  double sigma = 1;
};

// Firefox's own layouts (histogram_tools.py, via datagen's probes.h).
Bucketing ExponentialBucketing(int64_t low, int64_t high, int buckets, double median,
                               double sigma);
Bucketing LinearBucketing(int64_t low, int64_t high, int buckets, double median, double sigma);
// Keys 0..count-1, values floored to integers.
Bucketing EnumeratedBucketing(int count, double median, double sigma);

// The bucketings of docs/kernels.md's table.
std::vector<Bucketing> RealisticBucketings();

struct CoverageRow {
  std::string bucketing;
  int clients = 0;
  double percentile = 0;
  CiMethod method = CiMethod::kBinomial;
  double coverage = 0;      // share of repetitions whose interval holds the truth
  double median_width = 0;  // upper - lower
  int zero_width = 0;       // repetitions with upper == lower
  // The width of the bucket holding the truth over the median width of the
  // exact-value binomial interval at these clients: < 1 means the buckets
  // are finer than the sampling spread.
  double bucket_to_spread = 0;
};

// One row per percentile and method (in that order), for one bucketing and
// number of clients: `repetitions` samples from a generator seeded with
// `seed`, each scored for every percentile and method.
std::vector<CoverageRow> SimulateCoverage(const Bucketing& bucketing, int clients,
                                          const std::vector<double>& percentiles,
                                          int repetitions, uint32_t seed,
                                          const std::vector<CiMethod>& methods);

// Coverage of the 90% block-jackknife intervals of `mean` and `total_ratio`
// (the accumulators compute uses) on skewed client data, against the
// population value:
//   kLogNormalMean     mean of log-normal(0, 1.5) values (truth e^1.125);
//   kZeroInflatedMean  mean of counts that are 0 for 95% of clients and
//                      1 + geometric(0.8) otherwise (crash-like; truth 0.25);
//   kCrashRatio        total_ratio of Poisson(0.05 h) crashes over
//                      log-normal(1, 1) usage hours h (truth 0.05).
enum class SkewedData { kLogNormalMean, kZeroInflatedMean, kCrashRatio };
std::string ToString(SkewedData data);

struct ScalarCoverageRow {
  SkewedData data = SkewedData::kLogNormalMean;
  int clients = 0;
  double coverage = 0;
  double truth_above = 0;  // share of intervals entirely below the truth
  double truth_below = 0;  // share entirely above it
  double median_width = 0;
};

ScalarCoverageRow SimulateScalarCoverage(SkewedData data, int clients, int repetitions,
                                         uint32_t seed);

}  // namespace opmon::testing
