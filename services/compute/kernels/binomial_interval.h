#pragma once
// opmon's default percentile interval: the distribution-free order-statistic
// interval. With n independent clients, the number B of clients at or below
// the true p-th percentile is Binomial(n, p/100), so the order statistics
// X_(l) and X_(u) with l = qbinom((1-c)/2, n, p/100) and
// u = qbinom((1+c)/2, n, p/100) + 1 bracket the true percentile with
// probability >= c (c = 0.9 by default). Deterministic, no resampling.
// On a histogram of normalised client histograms (total mass = clients) the
// ranks are mapped through the cumulative mass to buckets, and the bounds are
// those buckets' edges.

#include <cstdint>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "common/statistic/percentile_point.h"
#include "services/compute/kernels/ci_types.h"
#include "services/compute/kernels/histogram.h"

namespace opmon::kernels {

// 1-based ranks [lower, upper]: lower in [0, n], upper in [1, n + 1]; n >= 1,
// percentile in [0, 100]. lower = 0 when no order statistic is a lower bound
// at this confidence (P(B = 0) = (1 - p)^n > (1 - c)/2), upper = n + 1 when
// none is an upper one (p99 of 200 clients: 0.99^200 = 13% > 5% of the truth
// lying above every value): that side of the interval is unbounded (+/-
// infinity), not cut short at the sample's extreme, so the interval keeps its
// confidence and no rule reads a bound the data do not give.
struct OrderStatisticRanks {
  int64_t lower = 0;
  int64_t upper = 0;
};
OrderStatisticRanks BinomialRanks(int64_t n, double percentile,
                                  double confidence = kDefaultConfidence);

// X_(rank) of `sorted_values` (ascending, non-empty) for a rank of
// BinomialRanks: -infinity at rank 0, +infinity at rank n + 1.
double OrderStatistic(std::span<const double> sorted_values, int64_t rank);

// The same on a histogram whose mass `total` is spread over n units: the key
// of the bucket holding unit `rank` (RankIndex, percentile_lookup.h),
// -infinity at rank 0 and +infinity at rank n + 1. `total` > 0.
double RankKey(std::span<const Bucket> histogram, double total, int64_t n, int64_t rank);

// Histogram form, in value space (bucket_edges.h): with the total mass spread
// over `clients` units, lower is the lower edge (key) of the bucket holding
// rank l and upper the upper edge of the bucket holding rank u (as
// UpperBound: just below it, buckets being half-open), so the
// interval contains the continuous percentile whenever X_(l) <= it <= X_(u),
// and is never of zero width; a side BinomialRanks leaves unbounded is
// -/+infinity. The point is the reference lookup (the key of
// the first bucket whose share of mass reaches p/100) or, with
// PercentilePoint::kInterpolated, InterpolatedPercentile; the bounds always
// include the point's bucket. `clients` <= 0 means round(total mass) (right
// for a sum of normalised client histograms). NaN rows when the total mass is
// not positive. InvalidArgument: percentile outside [0, 100], non-finite or
// negative values, a non-canonical histogram, confidence outside (0, 1).
absl::StatusOr<std::vector<PercentileCiRow>> BinomialPercentileCi(
    std::span<const Bucket> histogram, std::span<const double> percentiles, int64_t clients,
    double confidence = kDefaultConfidence, PercentilePoint point = PercentilePoint::kBucket);

// Exact form on sorted client values: point x_(ceil(n p / 100)) (the first
// value whose share reaches p/100; x_(1) for p = 0), bounds x_(l), x_(u)
// (OrderStatistic: infinite where a rank is outside 1..n).
// NaN rows when `sorted_values` is empty.
std::vector<PercentileCiRow> BinomialPercentileCiFromValues(
    std::span<const double> sorted_values, std::span<const double> percentiles,
    double confidence = kDefaultConfidence);

// The exact (Clopper-Pearson) interval of a proportion when none (`all`
// false) or all of n >= 1 independent 0/1 clients are 1: [0, 1 - a^(1/n)] or
// [a^(1/n), 1] with a = (1 - c)/2 (at c = 0.9 and n = 1,000: [0, 0.003]).
// For a mean of 0/1 values that did not vary, where a jackknife sees no
// variation and would claim the proportion exactly.
struct ProportionBounds {
  double lower = 0;
  double upper = 0;
};
ProportionBounds AllOrNoneProportionBounds(bool all, int64_t n, double confidence = kDefaultConfidence);

// The exact percentile used by the scalar statistics: x_(max(1, ceil(n p/100))).
double ExactPercentile(std::span<const double> sorted_values, double percentile);

}  // namespace opmon::kernels
