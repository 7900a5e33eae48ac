#include "services/compute/kernels/statistic_spec.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"

namespace opmon::kernels {

absl::Status ValidatePercentilePoint(CiMethod method, PercentilePoint point) {
  if (point == PercentilePoint::kInterpolated &&
      (method == CiMethod::kJackknife || method == CiMethod::kBootstrap)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "point: interpolated applies to binomial and block_jackknife, not to the reference's ",
        std::string(ToString(method))));
  }
  return absl::OkStatus();
}

absl::Status ValidateStatisticSpec(const StatisticSpec& spec) {
  if (spec.kind == StatisticKind::kPercentile) {
    if (spec.percentiles.empty()) {
      return absl::InvalidArgumentError("percentiles: must not be empty");
    }
    for (double p : spec.percentiles) {
      if (std::isnan(p) || p < 0 || p > 100) {
        return absl::InvalidArgumentError(
            absl::StrCat("percentiles: ", p, " is not a value between 0 and 100"));
      }
    }
  }
  if (absl::Status s = ValidatePercentilePoint(spec.method, spec.point); !s.ok()) return s;
  if (spec.number_of_quantiles < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("number_of_quantiles: ", spec.number_of_quantiles, " must be >= 1"));
  }
  if (spec.quantile < 0 || spec.quantile > spec.number_of_quantiles) {
    return absl::InvalidArgumentError(absl::StrCat("quantile: ", spec.quantile,
                                                   " is not in 0..", spec.number_of_quantiles));
  }
  if (spec.blocks < 2 || spec.blocks > 1000) {
    return absl::InvalidArgumentError(
        absl::StrCat("blocks: ", spec.blocks, " is not in 2..1000"));
  }
  if (!(spec.confidence > 0 && spec.confidence < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("confidence: ", spec.confidence, " is not in (0, 1)"));
  }
  if (spec.kind == StatisticKind::kTotalRatio && spec.denominator_metric.empty()) {
    return absl::InvalidArgumentError("denominator_metric: required for total_ratio");
  }
  if (spec.reference_bucket_range &&
      !(spec.reference_bucket_range->first <= spec.reference_bucket_range->second)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "reference_bucket_range: min ", spec.reference_bucket_range->first, " > max ",
        spec.reference_bucket_range->second));
  }
  return absl::OkStatus();
}

}  // namespace opmon::kernels
