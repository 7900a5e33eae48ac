#pragma once
// Streaming, mergeable per-group accumulator for one histogram metric. Each
// client's histogram (its pings already merged, or not: duplicate keys add
// up) is normalised to total weight 1 and added to its block's per-bucket
// sums, so a client counts once however many pings it sent.
//
// Masses are kept in fixed point (units of 2^-32 per client), so adds and
// merges are exact integer sums: results are identical whatever the arrival
// or merge order. Memory: one int64 per (block, bucket) plus a key index,
// e.g. 20 blocks x 100 buckets = 16 KB per group; independent of clients.
// Not thread-safe; use one per thread and Merge.

#include <cstdint>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/compute/kernels/ci_types.h"
#include "services/compute/kernels/histogram.h"
#include "services/compute/kernels/statistic_spec.h"

namespace opmon::kernels {

class HistogramAccumulator {
 public:
  explicit HistogramAccumulator(int blocks = kDefaultBlocks);

  // One client's histogram, normalised here (hist normalised sum, weight 1).
  // An empty histogram is the reference's NULL and is ignored; an all-zero
  // one adds its keys with no mass and does not count as a client with data.
  // InvalidArgument for a negative or non-finite value or a non-finite key
  // (nothing is added then).
  absl::Status AddClient(uint64_t client_hash, std::span<const Bucket> client_histogram);

  // InvalidArgument when the block counts differ.
  absl::Status Merge(const HistogramAccumulator& other);

  // Percentile rows (spec.kind must be percentile: the reference defines no
  // other statistic for histograms). jackknife and bootstrap run on the
  // merged histogram exactly as the reference UDFs; binomial uses n = clients
  // with data; block_jackknife the per-block histograms.
  absl::StatusOr<std::vector<StatisticRow>> Finalize(const StatisticSpec& spec) const;

  // The merged normalised histogram (canonical) and the per-block ones.
  std::vector<Bucket> MergedHistogram() const;
  std::vector<std::vector<Bucket>> BlockHistograms() const;

  int blocks() const { return static_cast<int>(client_counts_.size()); }
  // Clients whose histogram had positive mass.
  int64_t clients() const;
  size_t MemoryBytes() const;

 private:
  size_t SlotFor(double key);

  std::vector<double> keys_;                    // slot -> key
  absl::flat_hash_map<double, size_t> slots_;   // key -> slot
  std::vector<std::vector<int64_t>> mass_;      // [block][slot], 2^-32 units
  std::vector<int64_t> client_counts_;          // per block
};

}  // namespace opmon::kernels
