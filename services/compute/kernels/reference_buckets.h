#pragma once
// The reference's log-scale buckets for percentiles of scalar metrics
// (OpMon statistics_query.sql with mozfun glam.histogram_generate_scalar_
// buckets and glam.histogram_bucket_from_value): 100 buckets spanning log2 of
// the metric's min and max (values <= 0 taken as 1), each rounded to 2
// decimals; a value falls into the largest bucket <= it, and a value below
// every bucket (or NULL, unless removed) is counted at key 0.0.
//
// The deployed SQL computes 2^((log_max - log_min) / 100 * i), leaving out
// log_min, so its buckets always start at 1.00 and end well below the max
// whenever min > 1. kIntended (the default used by the statistics) adds
// log_min back: 2^(log_min + (log_max - log_min) / 100 * i).

#include <optional>
#include <span>
#include <vector>

namespace opmon::kernels {

enum class ReferenceBucketing { kIntended, kAsDeployed };

// Ascending bucket lower bounds; empty when log2(min) >= log2(max).
std::vector<double> ReferenceScalarBuckets(double min_value, double max_value, int count = 100,
                                           ReferenceBucketing mode = ReferenceBucketing::kIntended);

// The largest bucket <= value; nullopt when none is (or value is NaN).
std::optional<double> ReferenceBucketFromValue(std::span<const double> buckets, double value);

}  // namespace opmon::kernels
