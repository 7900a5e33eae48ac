#pragma once
// The reference bigquery-etl `udf_js.bootstrap_percentile_ci` (the current
// version, used by OpMon for every percentile), reproduced exactly given the
// same uniform draws: Math.random is replaced by mulberry32(seed), one
// generator per call, 10,000 draws per requested percentile in order.
//
// Per percentile p: the histogram is sorted by key; total = the sum of its
// positive values; 10,000 draws x = qbinom(u, ceil(1000 * total), p/100)/1000
// are mapped to the first positive bucket whose running sum reaches x (draws
// past the last bucket are dropped); lower, point and upper are the 5th, 50th
// and 95th percentile draws' buckets, reported as the bucket's left edge, its
// midpoint to the next key, and the next key, each rounded as toFixed(2).
//
// The 1000x mass scaling makes the resampled sample 1000 times larger than the
// data: the interval is far too narrow (docs/kernels.md).

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "services/compute/kernels/ci_types.h"
#include "services/compute/kernels/histogram.h"

namespace opmon::kernels {

inline constexpr int kBootstrapSamples = 10'000;

// One row per percentile, in order; NaN rows when no value is positive.
// InvalidArgument, as the UDF throws: no percentiles; a NaN key or value; a
// percentile outside [0, 100] (checked only when some value is positive, as
// in the UDF); fewer valid draws than the 5th-percentile index needs (the
// UDF fails with a TypeError there; this happens when most draws fall past
// the last bucket, e.g. p = 100 with a fractional total).
// Cost: 10,000 draws and three selections per percentile, a handful of qbinom calls
// (the draws map monotonically through qbinom, so only the needed order
// statistics are evaluated), O(buckets).
absl::StatusOr<std::vector<PercentileCiRow>> BootstrapPercentileCi(
    std::span<const Bucket> histogram, std::span<const double> percentiles, uint32_t seed);

}  // namespace opmon::kernels
