#include "services/compute/kernels/jackknife.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/compute/kernels/js_number.h"
#include "services/compute/kernels/percentile_lookup.h"

namespace opmon::kernels {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Winitzki's closed-form approximation of erfinv (a = 0.147), evaluated in the
// same order as the UDF so that z matches it to the last bit.
double ApproximateErfinv(double x) {
  if (x == 0) return 0;
  constexpr double a = 0.147;
  const double sign = x > 0 ? 1.0 : -1.0;
  const double ln_one_minus_x2 = std::log(1 - x * x);
  const double ln_by_a = ln_one_minus_x2 / a;
  const double ln_by_2 = ln_one_minus_x2 / 2;
  const double shifted = ln_by_2 + (2 / (std::numbers::pi * a));
  const double first = std::sqrt((shifted * shifted) - ln_by_a);
  const double second = std::sqrt(first - shifted);
  return second * sign;
}

absl::Status Validate(std::span<const Bucket> histogram, std::span<const double> percentiles) {
  for (double p : percentiles) {
    if (std::isnan(p) || p < 0 || p > 100) {
      return absl::InvalidArgumentError(
          absl::StrCat("percentiles: ", p, " is not a value between 0 and 100"));
    }
  }
  for (size_t i = 0; i < histogram.size(); ++i) {
    if (!std::isfinite(histogram[i].key) || !std::isfinite(histogram[i].value)) {
      return absl::InvalidArgumentError(absl::StrCat("histogram[", i, "]: key ",
                                                     histogram[i].key, " value ",
                                                     histogram[i].value, " is not finite"));
    }
  }
  return absl::OkStatus();
}

// The UDF's percentile of the histogram with one unit removed from bucket j.
size_t ExactLeaveOneOutIndex(std::span<const Bucket> h, size_t j, double target) {
  double total = 0;
  for (size_t i = 0; i < h.size(); ++i) total += i == j ? h[i].value - 1 : h[i].value;
  double acc = 0;
  for (size_t i = 0; i < h.size(); ++i) {
    acc += (i == j ? h[i].value - 1 : h[i].value) / total;
    if (acc >= target) return i;
  }
  return h.size() - 1;
}

// Leave-one-out indices for every bucket in O(n). With non-negative values
// the leave-one-out cumulative sums are C_i (i < j) and C_i - 1 (i >= j)
// over the total T - 1, so the crossing is found against two fixed
// thresholds (one binary search each). The UDF's floating-point running sums
// differ from the exact ones by far less than `margin` (a 4x bound of the
// forward-error bound of both folds); any comparison closer than that is
// settled by the exact re-evaluation of that one bucket.
std::vector<size_t> LeaveOneOutIndices(std::span<const Bucket> h, double target) {
  const size_t n = h.size();
  std::vector<size_t> out(n);
  bool usable = true;
  std::vector<double> prefix(n);
  double running = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!(h[i].value >= 0)) usable = false;
    running += h[i].value;
    prefix[i] = running;
  }
  const double total = running;
  const double margin = 8.0 * static_cast<double>(n + 4) *
                        std::numeric_limits<double>::epsilon() * (std::fabs(total) + 2);
  const double loo_total = total - 1;
  if (!usable || !(loo_total > margin) || !std::isfinite(total)) {
    for (size_t j = 0; j < n; ++j) out[j] = ExactLeaveOneOutIndex(h, j, target);
    return out;
  }
  const double theta1 = target * loo_total;
  const double theta2 = theta1 + 1;
  const size_t a = std::lower_bound(prefix.begin(), prefix.end(), theta1) - prefix.begin();
  const size_t b = std::lower_bound(prefix.begin(), prefix.end(), theta2) - prefix.begin();
  auto surely_ge = [&](size_t i, double theta) { return prefix[i] - theta > margin; };
  auto surely_lt = [&](size_t i, double theta) { return theta - prefix[i] > margin; };
  for (size_t j = 0; j < n; ++j) {
    std::optional<size_t> index;
    if (target <= 0 && j != 0) {
      index = 0;  // v_0 / t >= 0 exactly when v_0 >= 0 and t > 0
    } else if (a < j) {
      if (surely_ge(a, theta1) && (a == 0 || surely_lt(a - 1, theta1))) index = a;
    } else if (j == 0 || surely_lt(j - 1, theta1)) {
      if (b < n) {
        const size_t s = std::max(b, j);
        if (surely_ge(s, theta2) && (s == j || surely_lt(s - 1, theta2))) index = s;
      } else if (surely_lt(n - 1, theta2)) {
        index = n - 1;
      }
    }
    out[j] = index ? *index : ExactLeaveOneOutIndex(h, j, target);
  }
  return out;
}

std::vector<size_t> QuadraticLeaveOneOutIndices(std::span<const Bucket> h, double target) {
  std::vector<size_t> out(h.size());
  for (size_t j = 0; j < h.size(); ++j) out[j] = ExactLeaveOneOutIndex(h, j, target);
  return out;
}

template <typename IndicesFn>
absl::StatusOr<std::vector<PercentileCiRow>> Jackknife(std::span<const Bucket> histogram,
                                                       std::span<const double> percentiles,
                                                       IndicesFn indices_fn) {
  if (absl::Status s = Validate(histogram, percentiles); !s.ok()) return s;
  std::vector<PercentileCiRow> rows;
  rows.reserve(percentiles.size());
  const double z = ReferenceJackknifeZ();
  for (double p : percentiles) {
    if (histogram.empty()) {
      rows.push_back({p, kNaN, kNaN, kNaN});
      continue;
    }
    const double target = p / 100;
    // parseFloat(key) turns -0 into 0; nothing else changes.
    const double full = histogram[*ReferencePercentileIndex(histogram, p)].key + 0.0;
    const std::vector<size_t> loo = indices_fn(histogram, target);
    double sum_sq = 0;
    for (size_t index : loo) {
      const double d = histogram[index].key - full;
      sum_sq += d * d;
    }
    const double mean_sq = sum_sq / static_cast<double>(loo.size());
    double count = 0;
    for (const Bucket& b : histogram) count += b.value;
    const double std_err = std::sqrt((count - 1) * mean_sq);
    const double hi = full + (z * std_err);
    const double lo = full - (z * std_err);
    rows.push_back({p, JsToFixed2(full), JsToFixed2(lo), JsToFixed2(hi)});
  }
  return rows;
}

}  // namespace

double ReferenceJackknifeZ() {
  static const double z = std::sqrt(2.0) * ApproximateErfinv(0.90);
  return z;
}

absl::StatusOr<std::vector<PercentileCiRow>> JackknifePercentileCi(
    std::span<const Bucket> histogram, std::span<const double> percentiles) {
  return Jackknife(histogram, percentiles, LeaveOneOutIndices);
}

absl::StatusOr<std::vector<PercentileCiRow>> JackknifePercentileCiQuadratic(
    std::span<const Bucket> histogram, std::span<const double> percentiles) {
  return Jackknife(histogram, percentiles, QuadraticLeaveOneOutIndices);
}

}  // namespace opmon::kernels
