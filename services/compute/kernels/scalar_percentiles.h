#pragma once
// Percentile rows for client values split into blocks, shared by the scalar
// accumulator: exact values or the reference's log buckets, any method.

#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "services/compute/kernels/ci_types.h"
#include "services/compute/kernels/statistic_spec.h"

namespace opmon::kernels {

// `blocks[k]` holds block k's values sorted ascending (NULLs already mapped
// or dropped); `nulls[k]` the NULL clients still to place at key 0.0 when
// the values are bucketed (the reference's COALESCE(bucket, 0.0)); they are
// already zeros in `blocks` for exact percentiles. Rows in spec.percentiles
// order; InvalidArgument as the chosen method reports.
absl::StatusOr<std::vector<PercentileCiRow>> ScalarPercentileRows(
    std::span<const std::vector<double>> blocks, std::span<const int64_t> nulls,
    const StatisticSpec& spec);

}  // namespace opmon::kernels
