#pragma once
// Leave-one-block-out (grouped) jackknife. Clients are split into K blocks
// by a stable hash of their id; each block keeps a partial result (sums,
// a histogram, values) that merges exactly, so the blocks can be built in
// parallel and combined in any order. With estimates theta_k computed
// without block k, the standard error is
//   se = sqrt((K' - 1) / K' * sum_k (theta_k - mean theta)^2)
// over the K' non-empty blocks, and the interval is
//   point -/+ t_{K'-1, (1 + c)/2} * se
// (Student t with K' - 1 degrees of freedom). Blocks of n/K clients make the
// delete-d jackknife consistent for percentiles too (d >> sqrt(n)).

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/statistic/percentile_point.h"
#include "services/compute/kernels/ci_types.h"
#include "services/compute/kernels/histogram.h"

namespace opmon::kernels {

// A stable 64-bit hash of a client id (FNV-1a with a splitmix64 finaliser):
// the same on every machine and run, unlike absl::Hash.
uint64_t ClientIdHash(std::string_view client_id);

// The block of a client: hash mod blocks (blocks >= 1).
inline int BlockOf(uint64_t client_hash, int blocks) {
  return static_cast<int>(client_hash % static_cast<uint64_t>(blocks));
}

struct Interval {
  double point = 0;
  double lower = 0;
  double upper = 0;
};

// The interval from the full-data estimate and the leave-one-block-out
// estimates of the non-empty blocks (NaN entries are skipped). NaN bounds when
// fewer than two estimates remain.
Interval BlockJackknifeInterval(double full, std::span<const double> leave_one_out,
                                double confidence = kDefaultConfidence);

// The mean's interval corrected for the skewness of the client values (Hall,
// "On the removal of skewness by transformation", JRSS B 54, 1992): with the
// jackknife standard error se, t = t_{K'-1, (1 + c)/2}, the sample skewness
// g of the n client values and a = g / (3 sqrt n), the statistic
// T = (mean - mu) / se is transformed by the monotone
//   h(T) = ((1 + a T)^3 - 1) / (3 a) + g / (6 sqrt n),
// whose distribution is symmetric to second order, so
//   mu in [mean - se h^-1(t), mean - se h^-1(-t)],
//   h^-1(x) = (cbrt(1 + 3 a (x - g / (6 sqrt n))) - 1) / a.
// Right-skewed values (g > 0) lengthen the upper side: the plain t interval
// of a log-normal mean lies below the truth far more often than above it.
// g = 0 (or n < 3) gives BlockJackknifeInterval exactly; NaN bounds as there.
Interval SkewCorrectedMeanInterval(double mean, std::span<const double> leave_one_out, double skewness,
                                   int64_t n, double confidence = kDefaultConfidence);

// The sample skewness m3 / m2^(3/2) of the values of `blocks` around `mean`
// (0 when they do not vary). O(values).
double SampleSkewness(std::span<const std::vector<double>> blocks, double mean);

// Percentile intervals from per-block histograms (each canonical; blocks with
// no mass are skipped), in value space (bucket_edges.h): the full and
// leave-one-block-out estimates are InterpolatedPercentile, so the standard
// error sees movement inside a bucket, and the interval point -/+ t se is
// widened to the edges of the buckets holding its ends and of the point's
// bucket (the upper one as UpperBound, just below the edge): it contains that
// bucket and is never of zero width. Where the tail
// beyond the percentile holds fewer than two clients per block, or there are
// fewer than 4 K^2 clients (total mass taken as the number of clients), the
// interval also spans the binomial order-statistic bounds
// (binomial_interval.h): leaving out a block cannot show the percentile's
// variability there. The point is
// the reference lookup (the bucket's key) or, with kInterpolated, the
// interpolated estimate. InvalidArgument for a percentile outside [0, 100],
// a non-canonical block, a negative or non-finite value. O(K^2 * buckets).
absl::StatusOr<std::vector<PercentileCiRow>> BlockJackknifePercentileCi(
    std::span<const std::vector<Bucket>> blocks, std::span<const double> percentiles,
    double confidence = kDefaultConfidence, PercentilePoint point = PercentilePoint::kBucket);

// Percentile intervals from per-block client values, each block sorted
// ascending; the percentile is ExactPercentile (binomial_interval.h). Too few
// clients per block (as above) widen it to the binomial bounds.
// O(n log n) to merge plus O(K log^2 n) per percentile.
std::vector<PercentileCiRow> BlockJackknifePercentileCiFromValues(
    std::span<const std::vector<double>> sorted_blocks, std::span<const double> percentiles,
    double confidence = kDefaultConfidence);

// Splits one histogram into `blocks` pseudo-client blocks for callers that
// have only the merged histogram (the RPC): the total mass is spread over
// `clients` units (<= 0: round(total)), unit r goes to the bucket holding rank
// r and to a block drawn from a hash of (seed, r). An approximation of the
// real client blocks: use the accumulators when clients are at hand.
std::vector<std::vector<Bucket>> SplitIntoPseudoBlocks(std::span<const Bucket> histogram,
                                                       int64_t clients, int blocks,
                                                       uint32_t seed);

}  // namespace opmon::kernels
