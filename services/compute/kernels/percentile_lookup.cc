#include "services/compute/kernels/percentile_lookup.h"

namespace opmon::kernels {

std::optional<size_t> ReferencePercentileIndex(std::span<const Bucket> buckets,
                                               double percentile) {
  if (buckets.empty()) return std::nullopt;
  double total = 0;
  for (const Bucket& b : buckets) total += b.value;
  const double target = percentile / 100;
  double acc = 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    acc += buckets[i].value / total;
    if (acc >= target) return i;
  }
  return buckets.size() - 1;
}

std::optional<size_t> RankIndex(std::span<const Bucket> buckets, double total, int64_t n,
                                int64_t rank) {
  if (!(total > 0) || buckets.empty() || n <= 0) return std::nullopt;
  const double scale = static_cast<double>(n) / total;
  const double target = static_cast<double>(rank) * (1 - 1e-9);
  double cumulative = 0;
  for (size_t i = 0; i < buckets.size(); ++i) {
    cumulative += buckets[i].value;
    if (cumulative * scale >= target) return i;
  }
  return buckets.size() - 1;
}

}  // namespace opmon::kernels
