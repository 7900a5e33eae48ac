#include "services/compute/kernels/scalar_percentiles.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "services/compute/kernels/binomial_interval.h"
#include "services/compute/kernels/block_jackknife.h"
#include "services/compute/kernels/bootstrap.h"
#include "services/compute/kernels/histogram_ops.h"
#include "services/compute/kernels/jackknife.h"
#include "services/compute/kernels/reference_buckets.h"

namespace opmon::kernels {
namespace {

// Counts per key (each client weight 1: a single-value client histogram
// normalises to {key: 1.0}).
std::vector<Bucket> CountHistogram(std::span<const double> sorted_keys) {
  std::vector<Bucket> h;
  for (double k : sorted_keys) {
    if (!h.empty() && h.back().key == k) {
      h.back().value += 1;
    } else {
      h.push_back({k, 1.0});
    }
  }
  return h;
}

absl::StatusOr<std::vector<PercentileCiRow>> HistogramRows(
    const std::vector<std::vector<Bucket>>& block_histograms, int64_t clients,
    const StatisticSpec& spec) {
  if (spec.method == CiMethod::kBlockJackknife) {
    return BlockJackknifePercentileCi(block_histograms, spec.percentiles, spec.confidence,
                                      spec.point);
  }
  std::vector<Bucket> total;
  for (const auto& b : block_histograms) MergeInto(total, b);
  switch (spec.method) {
    case CiMethod::kJackknife:
      return JackknifePercentileCi(total, spec.percentiles);
    case CiMethod::kBootstrap:
      return BootstrapPercentileCi(total, spec.percentiles, spec.seed);
    default:
      return BinomialPercentileCi(total, spec.percentiles, clients, spec.confidence, spec.point);
  }
}

}  // namespace

absl::StatusOr<std::vector<PercentileCiRow>> ScalarPercentileRows(
    std::span<const std::vector<double>> blocks, std::span<const int64_t> nulls,
    const StatisticSpec& spec) {
  int64_t clients = 0;
  for (const auto& b : blocks) clients += static_cast<int64_t>(b.size());
  if (!spec.reference_buckets) {
    if (spec.method == CiMethod::kBinomial) {
      std::vector<double> all;
      all.reserve(static_cast<size_t>(clients));
      for (const auto& b : blocks) all.insert(all.end(), b.begin(), b.end());
      std::sort(all.begin(), all.end());
      return BinomialPercentileCiFromValues(all, spec.percentiles, spec.confidence);
    }
    if (spec.method == CiMethod::kBlockJackknife) {
      return BlockJackknifePercentileCiFromValues(blocks, spec.percentiles, spec.confidence);
    }
    std::vector<std::vector<Bucket>> histograms;
    for (const auto& b : blocks) histograms.push_back(CountHistogram(b));
    return HistogramRows(histograms, clients, spec);
  }
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const auto& b : blocks) {
    if (!b.empty()) {
      lo = std::min(lo, b.front());
      hi = std::max(hi, b.back());
    }
  }
  if (spec.reference_bucket_range) {
    lo = spec.reference_bucket_range->first;
    hi = spec.reference_bucket_range->second;
  }
  const std::vector<double> buckets =
      std::isfinite(lo) && std::isfinite(hi) ? ReferenceScalarBuckets(lo, hi) : std::vector<double>{};
  std::vector<std::vector<Bucket>> histograms;
  for (size_t k = 0; k < blocks.size(); ++k) {
    std::vector<double> keys;
    keys.reserve(blocks[k].size() + static_cast<size_t>(nulls[k]));
    for (double v : blocks[k]) keys.push_back(ReferenceBucketFromValue(buckets, v).value_or(0.0));
    keys.insert(keys.end(), static_cast<size_t>(nulls[k]), 0.0);
    std::sort(keys.begin(), keys.end());
    histograms.push_back(CountHistogram(keys));
    clients += nulls[k];
  }
  return HistogramRows(histograms, clients, spec);
}

}  // namespace opmon::kernels
