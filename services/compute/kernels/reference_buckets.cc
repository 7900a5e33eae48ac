#include "services/compute/kernels/reference_buckets.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace opmon::kernels {
namespace {

// ROUND(x, 2) (half away from zero), then FORMAT("%.2f") and CAST back.
double RoundTwoDecimals(double x) {
  const double rounded = std::round(x * 100) / 100;
  char buf[400];
  std::snprintf(buf, sizeof(buf), "%.2f", rounded);
  return std::strtod(buf, nullptr);
}

}  // namespace

std::vector<double> ReferenceScalarBuckets(double min_value, double max_value, int count,
                                           ReferenceBucketing mode) {
  const double log_min = std::log2(min_value <= 0 ? 1 : min_value);
  const double log_max = std::log2(max_value <= 0 ? 1 : max_value);
  std::vector<double> buckets;
  if (!(log_min < log_max) || count < 1) return buckets;
  const double step = (log_max - log_min) / count;
  const double offset = mode == ReferenceBucketing::kIntended ? log_min : 0.0;
  for (int i = 0; i < count; ++i) {
    buckets.push_back(RoundTwoDecimals(std::pow(2.0, offset + step * i)));
  }
  std::sort(buckets.begin(), buckets.end());
  return buckets;
}

std::optional<double> ReferenceBucketFromValue(std::span<const double> buckets, double value) {
  if (std::isnan(value)) return std::nullopt;
  auto it = std::upper_bound(buckets.begin(), buckets.end(), value);
  if (it == buckets.begin()) return std::nullopt;
  return *(it - 1);
}

}  // namespace opmon::kernels
