#pragma once
// Histogram buckets as intervals of values. A bucket's key is its lower edge;
// its upper edge is the next key of the (canonical) list. The last bucket has
// no next key: its width is extrapolated from the bucket spacing (the next
// step of an exponential bucketing, the same width for a linear one), and a
// histogram of one bucket spans [key, key + 1) (telemetry histograms count
// integers). A sparse list (zero buckets left out) only makes a bucket look
// wider, so bounds built from these edges stay bounds.
//
// Used by opmon's own percentile intervals (binomial, block_jackknife) to
// report bounds in value space, so that an interval contains the continuous
// percentile and is never of zero width, and by `point: interpolated`.

#include <cstddef>
#include <span>

#include "services/compute/kernels/histogram.h"

namespace opmon::kernels {

// How the keys are spaced. kExponential when the ratios of consecutive
// positive keys vary less than their differences (Firefox exponential
// histograms); kLinear otherwise (linear, enumerated, fewer than three
// positive keys).
enum class BucketSpacing { kLinear, kExponential };
BucketSpacing SpacingOf(std::span<const Bucket> canonical);

// The upper edge of bucket `index` (< size) of a canonical, non-empty list;
// always > its key.
double UpperEdge(std::span<const Bucket> canonical, size_t index);

// The lower edge of the bucket holding `value`: the largest key <= value (the
// first key when value lies below every key). An infinite value (an unbounded
// side of an interval) is returned as it is. Non-empty canonical list.
double LowerEdgeAt(std::span<const Bucket> canonical, double value);

// The upper edge of the bucket holding `value` (the first bucket's when value
// lies below every key); an infinite value is returned as it is. Non-empty
// canonical list.
double UpperEdgeAt(std::span<const Bucket> canonical, double value);

// An interval's upper bound from a bucket's upper edge: the largest double
// below it. A bucket is half-open, [key, upper edge), so the bound is the
// supremum of the values it holds short of the next bucket, and the intervals
// of adjacent buckets do not touch (ci_overlap counts touching intervals as
// overlapping: a shift of one bucket stays visible). +infinity stays itself.
double UpperBound(double upper_edge);

// The percentile placed inside its bucket: with mass M below the first bucket
// (of positive mass) whose cumulative mass reaches p/100 of the total, and m
// that bucket's mass, f = (p/100 total - M) / m in [0, 1] and the value is
// key + f (upper - key), or key (upper / key)^f for exponential spacing and a
// positive key. NaN when the total mass is not positive. Canonical list with
// non-negative values; percentile in [0, 100].
double InterpolatedPercentile(std::span<const Bucket> canonical, double percentile);

}  // namespace opmon::kernels
