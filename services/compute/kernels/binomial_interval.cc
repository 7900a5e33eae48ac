#include "services/compute/kernels/binomial_interval.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/compute/kernels/bucket_edges.h"
#include "services/compute/kernels/histogram_ops.h"
#include "services/compute/kernels/percentile_lookup.h"
#include "services/compute/kernels/qbinom.h"

namespace opmon::kernels {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

int64_t RankOf(double n, double percentile) {
  // n * p is exact for integral percentiles, so ceil sees no rounding noise.
  const double r = std::ceil(n * percentile / 100);
  return std::clamp<int64_t>(static_cast<int64_t>(r), 1, static_cast<int64_t>(n));
}

}  // namespace

OrderStatisticRanks BinomialRanks(int64_t n, double percentile, double confidence) {
  const double nn = static_cast<double>(n);
  const double prob = percentile / 100;
  const double alpha = (1 - confidence) / 2;
  const double lower = QBinom(alpha, nn, prob);
  const double upper = QBinom(1 - alpha, nn, prob) + 1;
  return {std::clamp<int64_t>(static_cast<int64_t>(lower), 0, n),
          std::clamp<int64_t>(static_cast<int64_t>(upper), 1, n + 1)};
}

double OrderStatistic(std::span<const double> sorted_values, int64_t rank) {
  if (rank < 1) return -kInfinity;
  if (rank > static_cast<int64_t>(sorted_values.size())) return kInfinity;
  return sorted_values[static_cast<size_t>(rank - 1)];
}

double RankKey(std::span<const Bucket> histogram, double total, int64_t n, int64_t rank) {
  if (rank < 1) return -kInfinity;
  if (rank > n) return kInfinity;
  return histogram[*RankIndex(histogram, total, n, rank)].key;
}

ProportionBounds AllOrNoneProportionBounds(bool all, int64_t n, double confidence) {
  const double edge = std::pow((1 - confidence) / 2, 1 / static_cast<double>(n));
  return all ? ProportionBounds{edge, 1} : ProportionBounds{0, 1 - edge};
}

double ExactPercentile(std::span<const double> sorted_values, double percentile) {
  if (sorted_values.empty()) return kNaN;
  return sorted_values[RankOf(static_cast<double>(sorted_values.size()), percentile) - 1];
}

absl::StatusOr<std::vector<PercentileCiRow>> BinomialPercentileCi(
    std::span<const Bucket> histogram, std::span<const double> percentiles, int64_t clients,
    double confidence, PercentilePoint point) {
  if (!(confidence > 0 && confidence < 1)) {
    return absl::InvalidArgumentError(absl::StrCat("confidence: ", confidence,
                                                   " is not in (0, 1)"));
  }
  if (!IsCanonical(histogram)) {
    return absl::InvalidArgumentError("histogram: keys must be strictly increasing");
  }
  for (size_t i = 0; i < histogram.size(); ++i) {
    if (!std::isfinite(histogram[i].value) || histogram[i].value < 0 ||
        !std::isfinite(histogram[i].key)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "histogram[", i, "]: value ", histogram[i].value, " must be finite and >= 0"));
    }
  }
  std::vector<PercentileCiRow> rows;
  const double total = TotalMass(histogram);
  const int64_t n = clients > 0 ? clients : static_cast<int64_t>(std::llround(total));
  for (double p : percentiles) {
    if (std::isnan(p) || p < 0 || p > 100) {
      return absl::InvalidArgumentError(
          absl::StrCat("percentiles: ", p, " is not a value between 0 and 100"));
    }
    if (!(total > 0) || n < 1) {
      rows.push_back({p, kNaN, kNaN, kNaN});
      continue;
    }
    const OrderStatisticRanks ranks = BinomialRanks(n, p, confidence);
    const size_t point_index = *ReferencePercentileIndex(histogram, p);
    const double lower = RankKey(histogram, total, n, ranks.lower);
    const double upper = UpperEdgeAt(histogram, RankKey(histogram, total, n, ranks.upper));
    const double value = point == PercentilePoint::kInterpolated
                             ? InterpolatedPercentile(histogram, p)
                             : histogram[point_index].key;
    rows.push_back({p, value, std::min(lower, histogram[point_index].key),
                    UpperBound(std::max(upper, UpperEdge(histogram, point_index)))});
  }
  return rows;
}

std::vector<PercentileCiRow> BinomialPercentileCiFromValues(
    std::span<const double> sorted_values, std::span<const double> percentiles,
    double confidence) {
  std::vector<PercentileCiRow> rows;
  const int64_t n = static_cast<int64_t>(sorted_values.size());
  for (double p : percentiles) {
    if (n == 0) {
      rows.push_back({p, kNaN, kNaN, kNaN});
      continue;
    }
    const OrderStatisticRanks ranks = BinomialRanks(n, p, confidence);
    rows.push_back({p, ExactPercentile(sorted_values, p), OrderStatistic(sorted_values, ranks.lower),
                    OrderStatistic(sorted_values, ranks.upper)});
  }
  return rows;
}

}  // namespace opmon::kernels
