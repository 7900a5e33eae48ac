#pragma once
// Percentile lookup on a histogram: the bucket at which the running share of
// mass first reaches percentile/100.

#include <cstdint>
#include <optional>
#include <span>

#include "services/compute/kernels/histogram.h"

namespace opmon::kernels {

// The reference OpMon lookup, bit for bit: values are normalised by their
// left-fold total, the normalised values are accumulated left to right in the
// given order (no sorting), and the first index whose running sum is >=
// percentile/100 is returned; the last index if none is (which includes a zero
// total, where every share is NaN). nullopt for an empty list. O(n).
std::optional<size_t> ReferencePercentileIndex(std::span<const Bucket> buckets,
                                               double percentile);

// Index of the bucket holding rank `rank` (1-based) when the list's total
// mass is spread over `n` equal units: the first bucket whose cumulative mass
// times n / total reaches rank (with a relative tolerance of 1e-9 for
// rounding). Buckets must be in key order with non-negative values; nullopt
// when the total is not positive.
std::optional<size_t> RankIndex(std::span<const Bucket> buckets, double total, int64_t n,
                                int64_t rank);

}  // namespace opmon::kernels
