#include "services/compute/kernels/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/compute/kernels/js_number.h"
#include "services/compute/kernels/mulberry32.h"
#include "services/compute/kernels/qbinom.h"

namespace opmon::kernels {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMassScale = 1000;

struct PositiveBin {
  double cumulative;
  size_t index;  // into the sorted histogram
};

}  // namespace

absl::StatusOr<std::vector<PercentileCiRow>> BootstrapPercentileCi(
    std::span<const Bucket> histogram, std::span<const double> percentiles, uint32_t seed) {
  if (percentiles.empty()) {
    return absl::InvalidArgumentError("percentiles: must be a non-empty array");
  }
  for (size_t i = 0; i < histogram.size(); ++i) {
    if (std::isnan(histogram[i].key) || std::isnan(histogram[i].value)) {
      return absl::InvalidArgumentError(
          absl::StrCat("histogram[", i, "]: can only contain non-null numeric values"));
    }
  }
  std::vector<Bucket> sorted(histogram.begin(), histogram.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Bucket& a, const Bucket& b) { return a.key < b.key; });
  std::vector<PositiveBin> bins;
  double total = 0;
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i].value > 0) {
      total += sorted[i].value;
      bins.push_back({total, i});
    }
  }
  const double trials = std::ceil(total * kMassScale);

  // The bucket a draw lands in: the first positive bin whose running sum
  // reaches it; nullopt past the last one (or NaN), which the UDF drops.
  auto bin_of = [&](double x) -> std::optional<size_t> {
    auto it = std::lower_bound(bins.begin(), bins.end(), x,
                               [](const PositiveBin& b, double v) { return b.cumulative < v; });
    if (it == bins.end() || std::isnan(x)) return std::nullopt;
    return it->index;
  };
  // binToValue: the last bucket with that key, and the next key (or itself).
  auto edge_value = [&](size_t index, double location) {
    const double key = sorted[index].key;
    size_t last = index;
    for (size_t i = index + 1; i < sorted.size() && sorted[i].key == key; ++i) last = i;
    const double left = sorted[last].key;
    const double right = sorted[std::min(last + 1, sorted.size() - 1)].key;
    return JsToFixed2(left + ((right - left) * location));
  };

  Mulberry32 rng(seed);
  std::vector<double> draws(kBootstrapSamples);
  std::vector<PercentileCiRow> rows;
  rows.reserve(percentiles.size());
  for (double p : percentiles) {
    if (bins.empty()) {
      rows.push_back({p, kNaN, kNaN, kNaN});
      continue;
    }
    if (std::isnan(p) || p < 0 || p > 100) {
      return absl::InvalidArgumentError(
          absl::StrCat("percentiles: ", p, " is not a value between 0 and 100"));
    }
    for (double& u : draws) u = rng.Next();
    const double prob = p / 100;
    auto x_of = [&](double u) { return QBinom(u, trials, prob) / kMassScale; };
    // qbinom is non-decreasing in u, so the draws the UDF drops (past the
    // last bucket) are the largest ones, and the k-th smallest kept draw is
    // the k-th smallest u. Usually none is dropped: select the three order
    // statistics in O(draws) instead of sorting.
    size_t valid = draws.size();
    bool sorted_draws = false;
    if (!bin_of(x_of(*std::max_element(draws.begin(), draws.end())))) {
      std::sort(draws.begin(), draws.end());
      sorted_draws = true;
      size_t lo = 0, hi = draws.size() - 1;  // the first dropped rank is in [lo, hi]
      while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (bin_of(x_of(draws[mid]))) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      valid = lo;
    }
    auto sample = [&](size_t rank) {
      if (!sorted_draws) {
        std::nth_element(draws.begin(), draws.begin() + static_cast<std::ptrdiff_t>(rank),
                         draws.end());
      }
      return x_of(draws[rank]);
    };
    double edges[3];
    const double levels[3] = {5, 50, 95};
    const double locations[3] = {0.0, 0.5, 1.0};
    for (int e = 0; e < 3; ++e) {
      const double position =
          std::floor(static_cast<double>(valid) * levels[e] / 100) - 1;
      if (position < 0) {
        return absl::InvalidArgumentError(absl::StrCat(
            "percentile ", p, ": only ", valid, " of ", kBootstrapSamples,
            " bootstrap draws fall inside the histogram (the reference UDF fails here)"));
      }
      edges[e] = edge_value(*bin_of(sample(static_cast<size_t>(position))), locations[e]);
    }
    rows.push_back({p, edges[1], edges[0], edges[2]});
  }
  return rows;
}

}  // namespace opmon::kernels
