#pragma once
// Streaming, mergeable per-group accumulator for total_ratio: the sum of a
// numerator metric over the sum of a denominator metric, NULLs skipped in
// each independently (SUM(num) / SUM(den) in the reference), with a
// block-jackknife interval. Memory: 8 bytes per non-NULL value in per-block
// vectors; sums are taken in sorted order, so results are deterministic.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/compute/kernels/ci_types.h"
#include "services/compute/kernels/statistic_spec.h"

namespace opmon::kernels {

class RatioAccumulator {
 public:
  explicit RatioAccumulator(int blocks = kDefaultBlocks);

  // One client's numerator and denominator; nullopt or NaN is NULL.
  void AddClient(uint64_t client_hash, std::optional<double> numerator,
                 std::optional<double> denominator);

  // InvalidArgument when the block counts differ.
  absl::Status Merge(const RatioAccumulator& other);

  // One row {"total_ratio", denominator_metric, point, lower, upper}. NaN
  // point when either side has no non-NULL value (SUM is NULL).
  // FailedPrecondition when the denominator sums to 0 (the reference's
  // division error). InvalidArgument for a spec that is not a valid
  // total_ratio or whose blocks differ.
  absl::StatusOr<std::vector<StatisticRow>> Finalize(const StatisticSpec& spec) const;

  int blocks() const { return static_cast<int>(numerators_.size()); }

 private:
  std::vector<std::vector<double>> numerators_;    // per block
  std::vector<std::vector<double>> denominators_;  // per block
};

}  // namespace opmon::kernels
