#pragma once
// The reference OpMon jackknife percentile interval
// (opmon/templates/jackknife_percentile_ci_udf.sql, removed from OpMon in
// 2023), reproduced exactly. For each bucket j the histogram is re-evaluated
// with one unit removed from bucket j (value - 1); the squared deviations of
// those percentiles from the full-data one are averaged, and
//   std_err = sqrt((total - 1) * mean squared deviation),
//   [point - z*std_err, point + z*std_err], z = sqrt(2) * erfinv(0.9) by the
//   UDF's erfinv approximation; every bound rounded as JS toFixed(2).
// The buckets are used in the given order, as the UDF does (OpMon always
// passes them sorted by key). This interval does not mean what it says: see
// docs/kernels.md.

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "services/compute/kernels/ci_types.h"
#include "services/compute/kernels/histogram.h"

namespace opmon::kernels {

// One row per percentile, in order. Errors (InvalidArgument): a percentile
// outside [0, 100] or NaN (the UDF throws), a non-finite key or value (the UDF
// would mangle it through JSON; rejected here). An empty histogram gives NaN
// rows. O(buckets) per percentile; inputs whose floating-point margins are
// too close to call (and inputs with negative values) fall back to the exact
// O(buckets) re-evaluation for the affected buckets only.
absl::StatusOr<std::vector<PercentileCiRow>> JackknifePercentileCi(
    std::span<const Bucket> histogram, std::span<const double> percentiles);

// The same, by literally re-evaluating every leave-one-out histogram:
// O(buckets^2) per percentile. For tests and benchmarks.
absl::StatusOr<std::vector<PercentileCiRow>> JackknifePercentileCiQuadratic(
    std::span<const Bucket> histogram, std::span<const double> percentiles);

// sqrt(2) * erfinv(0.9) with the UDF's erfinv approximation (a = 0.147).
double ReferenceJackknifeZ();

}  // namespace opmon::kernels
