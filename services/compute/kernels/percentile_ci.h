#pragma once
// The entry point for one merged histogram (the ComputePercentileCI RPC and
// `opmonctl kernel percentile-ci`): percentiles with an interval by any of the
// four methods.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "common/statistic/percentile_point.h"
#include "services/compute/kernels/ci_types.h"
#include "services/compute/kernels/histogram.h"

namespace opmon::kernels {

struct PercentileCiRequest {
  // (key, value) pairs. jackknife uses them in the given order, as the
  // reference UDF does; bootstrap sorts them by key; binomial and
  // block_jackknife sort and combine duplicate keys first.
  std::vector<Bucket> histogram;
  std::vector<double> percentiles;
  CiMethod method = CiMethod::kBinomial;
  // bootstrap: mulberry32 seed (default 0). block_jackknife: seed of the
  // pseudo-client block assignment.
  std::optional<uint32_t> seed;
  // block_jackknife: number of blocks, 2..1000 (default 20).
  std::optional<int> blocks;
  // binomial, block_jackknife: number of clients behind the histogram
  // (default: the total mass rounded, right for normalised client sums).
  std::optional<int64_t> clients;
  double confidence = kDefaultConfidence;
  // binomial, block_jackknife: the point inside its bucket (percentile_point.h).
  PercentilePoint point = PercentilePoint::kBucket;
};

// One row per requested percentile, in order; NaN where the reference gives
// NULL/NaN. Errors are InvalidArgument naming the field (see each method's
// header for its own cases), e.g. "blocks: 1 is not in 2..1000", or point
// interpolated with jackknife or bootstrap (whose output is the reference's).
absl::StatusOr<std::vector<PercentileCiRow>> ComputePercentileCi(
    const PercentileCiRequest& request);

}  // namespace opmon::kernels
