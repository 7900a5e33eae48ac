#include "services/compute/domain/statistic_specs.h"

#include "absl/strings/str_cat.h"

namespace opmon::compute {

absl::StatusOr<kernels::StatisticSpec> ToStatisticSpec(const config::Statistic& statistic,
                                                       const std::string& metric_name) {
  kernels::StatisticSpec spec;
  spec.kind = statistic.kind;
  switch (statistic.kind) {
    case StatisticKind::kCount:
    case StatisticKind::kSum:
    case StatisticKind::kMean: break;
    case StatisticKind::kQuantile:
      spec.quantile = statistic.quantile.quantile;
      spec.number_of_quantiles = statistic.quantile.number_of_quantiles;
      break;
    case StatisticKind::kPercentile:
      spec.percentiles = statistic.percentile.percentiles;
      spec.method = statistic.percentile.method;
      spec.remove_nulls = statistic.percentile.remove_nulls;
      spec.reference_buckets = statistic.percentile.reference_buckets;
      spec.point = statistic.percentile.point;
      break;
    case StatisticKind::kTotalRatio:
      spec.denominator_metric = statistic.total_ratio.denominator_metric;
      break;
  }
  absl::Status valid = kernels::ValidateStatisticSpec(spec);
  if (!valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("metrics.", metric_name, ".statistics.",
                                                   std::string(ToString(statistic.kind)), ": ", valid.message()));
  }
  return spec;
}

}  // namespace opmon::compute
