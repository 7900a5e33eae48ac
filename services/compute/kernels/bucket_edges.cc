#include "services/compute/kernels/bucket_edges.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "services/compute/kernels/histogram_ops.h"

namespace opmon::kernels {
namespace {

// Coefficient of variation; 0 for fewer than two values.
double Variation(const std::vector<double>& xs) {
  if (xs.size() < 2) return 0;
  double mean = 0;
  for (double x : xs) mean += x;
  mean /= static_cast<double>(xs.size());
  double ss = 0;
  for (double x : xs) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(xs.size())) / std::abs(mean);
}

// Index of the bucket holding `value`: the last key <= value, 0 below all.
size_t IndexAt(std::span<const Bucket> canonical, double value) {
  const auto it = std::upper_bound(canonical.begin(), canonical.end(), value,
                                   [](double v, const Bucket& b) { return v < b.key; });
  return it == canonical.begin() ? 0 : static_cast<size_t>(it - canonical.begin()) - 1;
}

}  // namespace

BucketSpacing SpacingOf(std::span<const Bucket> canonical) {
  std::vector<double> differences, log_ratios;
  for (size_t i = 1; i < canonical.size(); ++i) {
    const double a = canonical[i - 1].key, b = canonical[i].key;
    if (a <= 0) continue;
    differences.push_back(b - a);
    log_ratios.push_back(std::log(b / a));
  }
  if (differences.size() < 2) return BucketSpacing::kLinear;
  return Variation(log_ratios) < Variation(differences) ? BucketSpacing::kExponential
                                                        : BucketSpacing::kLinear;
}

double UpperEdge(std::span<const Bucket> canonical, size_t index) {
  if (index + 1 < canonical.size()) return canonical[index + 1].key;
  const double key = canonical[index].key;
  if (index == 0) return key + 1;
  const double previous = canonical[index - 1].key;
  if (previous > 0 && SpacingOf(canonical) == BucketSpacing::kExponential) {
    return key * (key / previous);
  }
  return key + (key - previous);
}

double LowerEdgeAt(std::span<const Bucket> canonical, double value) {
  if (std::isinf(value)) return value;
  return canonical[IndexAt(canonical, value)].key;
}

double UpperEdgeAt(std::span<const Bucket> canonical, double value) {
  if (std::isinf(value)) return value;
  return UpperEdge(canonical, IndexAt(canonical, value));
}

double UpperBound(double upper_edge) {
  if (std::isinf(upper_edge)) return upper_edge;
  return std::nextafter(upper_edge, -std::numeric_limits<double>::infinity());
}

double InterpolatedPercentile(std::span<const Bucket> canonical, double percentile) {
  const double total = TotalMass(canonical);
  if (!(total > 0)) return std::numeric_limits<double>::quiet_NaN();
  const double target = percentile / 100 * total;
  double below = 0;
  size_t index = 0;
  double f = 1;  // past every bucket by rounding: the top of the last one
  for (size_t i = 0; i < canonical.size(); ++i) {
    if (canonical[i].value <= 0) continue;
    index = i;
    if (below + canonical[i].value >= target) {
      f = std::clamp((target - below) / canonical[i].value, 0.0, 1.0);
      break;
    }
    below += canonical[i].value;
  }
  const double key = canonical[index].key;
  const double upper = UpperEdge(canonical, index);
  if (key > 0 && SpacingOf(canonical) == BucketSpacing::kExponential) {
    return key * std::pow(upper / key, f);
  }
  return key + f * (upper - key);
}

}  // namespace opmon::kernels
