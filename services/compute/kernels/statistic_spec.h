#pragma once
// What a project asks to compute for a metric, in the kernels' own terms.
// The config service maps its model onto this; accumulators take it in
// Finalize().

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/statistic/percentile_point.h"
#include "common/statistic/statistic_kind.h"
#include "common/statistic/statistic_parameter.h"
#include "services/compute/kernels/ci_types.h"

namespace opmon::kernels {

struct StatisticSpec {
  StatisticKind kind = StatisticKind::kMean;
  // percentile: which percentiles (0..100) and the interval method.
  std::vector<double> percentiles = {50, 90, 99};
  CiMethod method = CiMethod::kBinomial;
  // percentile of a histogram (or of reference_buckets): the point inside its
  // bucket, binomial and block_jackknife only (the reference methods keep
  // the reference's output).
  PercentilePoint point = PercentilePoint::kBucket;
  // percentile: drop NULL values; otherwise a NULL counts as 0 (reference).
  bool remove_nulls = false;
  // percentile of a scalar: bucket values on the reference's 100 log-scale
  // buckets (reference_buckets.h) instead of using them exactly.
  bool reference_buckets = false;
  // The (min, max) the buckets span. The reference takes them over the whole
  // day's rows of the metric; default here: the group's own values.
  std::optional<std::pair<double, double>> reference_bucket_range;
  // quantile: APPROX_QUANTILES(x, number_of_quantiles)[OFFSET(quantile)],
  // computed exactly.
  int quantile = 50;
  int number_of_quantiles = 100;
  // total_ratio: the denominator metric's name (the row's parameter).
  std::string denominator_metric;
  // Block jackknife blocks; must equal the accumulator's.
  int blocks = kDefaultBlocks;
  double confidence = kDefaultConfidence;
  // bootstrap: the mulberry32 seed.
  uint32_t seed = 0;
};

// InvalidArgument naming the field: percentiles outside 0..100 or empty for
// percentile, point interpolated with a reference method (jackknife,
// bootstrap), quantile outside 0..number_of_quantiles, number_of_quantiles <
// 1, blocks outside 2..1000, confidence outside (0, 1), an empty
// denominator_metric for total_ratio, a range with min > max.
absl::Status ValidateStatisticSpec(const StatisticSpec& spec);

// InvalidArgument for point interpolated with jackknife or bootstrap, whose
// output stays the reference's.
absl::Status ValidatePercentilePoint(CiMethod method, PercentilePoint point);

// One output row; NaN for NULL. `parameter` is the percentile or the
// quantile (a number), the denominator metric (a name), or none.
struct StatisticRow {
  StatisticKind statistic = StatisticKind::kMean;
  StatisticParameter parameter;
  double point = 0;
  double lower = 0;
  double upper = 0;
};

}  // namespace opmon::kernels
