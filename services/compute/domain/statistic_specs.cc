#include "services/compute/domain/statistic_specs.h"

#include "absl/strings/str_cat.h"

namespace opmon::compute {

kernels::CiMethod ToCiMethod(config::PercentileMethod method) {
  switch (method) {
    case config::PercentileMethod::kJackknife: return kernels::CiMethod::kJackknife;
    case config::PercentileMethod::kBootstrap: return kernels::CiMethod::kBootstrap;
    case config::PercentileMethod::kBlockJackknife: return kernels::CiMethod::kBlockJackknife;
    case config::PercentileMethod::kBinomial: break;
  }
  return kernels::CiMethod::kBinomial;
}

absl::StatusOr<kernels::StatisticSpec> ToStatisticSpec(const config::Statistic& statistic,
                                                       const std::string& metric_name) {
  kernels::StatisticSpec spec;
  switch (statistic.kind) {
    case config::StatisticKind::kCount: spec.kind = kernels::StatisticKind::kCount; break;
    case config::StatisticKind::kSum: spec.kind = kernels::StatisticKind::kSum; break;
    case config::StatisticKind::kMean: spec.kind = kernels::StatisticKind::kMean; break;
    case config::StatisticKind::kQuantile:
      spec.kind = kernels::StatisticKind::kQuantile;
      spec.quantile = statistic.quantile.quantile;
      spec.number_of_quantiles = statistic.quantile.number_of_quantiles;
      break;
    case config::StatisticKind::kPercentile:
      spec.kind = kernels::StatisticKind::kPercentile;
      spec.percentiles = statistic.percentile.percentiles;
      spec.method = ToCiMethod(statistic.percentile.method);
      spec.remove_nulls = statistic.percentile.remove_nulls;
      spec.reference_buckets = statistic.percentile.reference_buckets;
      break;
    case config::StatisticKind::kTotalRatio:
      spec.kind = kernels::StatisticKind::kTotalRatio;
      spec.denominator_metric = statistic.total_ratio.denominator_metric;
      break;
  }
  absl::Status valid = kernels::ValidateStatisticSpec(spec);
  if (!valid.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("metrics.", metric_name, ".statistics.",
                                                   std::string(config::ToString(statistic.kind)), ": ", valid.message()));
  }
  return spec;
}

}  // namespace opmon::compute
