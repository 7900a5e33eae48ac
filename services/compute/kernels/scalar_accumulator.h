#pragma once
// Streaming, mergeable per-group accumulator for one scalar metric. The
// compute service feeds it one value per client (NULL allowed) and finalises
// count, sum, mean (with a block-jackknife interval), quantile and percentile
// (exact or reference-bucketed, with any interval method).
//
// Memory: 8 bytes per non-NULL client value (exact percentiles need them) in
// K per-block vectors, plus K NULL counters. Merge concatenates. Finalize
// sorts copies and sums them in sorted order, so the result is independent of
// arrival and merge order: deterministic. Not thread-safe; use one per thread
// and Merge.

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/compute/kernels/ci_types.h"
#include "services/compute/kernels/statistic_spec.h"

namespace opmon::kernels {

class ScalarAccumulator {
 public:
  // blocks: the block-jackknife blocks, 2..1000 (clamped).
  explicit ScalarAccumulator(int blocks = kDefaultBlocks);

  // One client's value; nullopt (and NaN) is NULL. client_hash: ClientIdHash.
  void AddClient(uint64_t client_hash, std::optional<double> value);

  // Adds other's clients. InvalidArgument when the block counts differ.
  absl::Status Merge(const ScalarAccumulator& other);

  // Rows for one statistic (reference NULL handling):
  //   count: non-NULL values; sum: their sum (NaN if none);
  //   mean: their mean with a block-jackknife interval (NaN if none);
  //   quantile: exact APPROX_QUANTILES(x, N)[OFFSET(q)] over non-NULL values
  //     (x_(1) for q = 0, else x_(ceil(n q / N)));
  //   percentile: one row per percentile; NULLs count as 0 unless
  //     remove_nulls; exact values unless reference_buckets; interval by
  //     spec.method (jackknife/bootstrap on the histogram of distinct values
  //     or buckets, each client weight 1).
  // InvalidArgument for an invalid spec, total_ratio (use RatioAccumulator),
  // or spec.blocks != blocks().
  absl::StatusOr<std::vector<StatisticRow>> Finalize(const StatisticSpec& spec) const;

  int blocks() const { return static_cast<int>(values_.size()); }
  int64_t clients() const;       // including NULLs
  int64_t null_clients() const;
  size_t MemoryBytes() const;

 private:
  std::vector<std::vector<double>> values_;  // per block, non-NULL, arrival order
  std::vector<int64_t> nulls_;               // per block
};

}  // namespace opmon::kernels
