#pragma once
// Types shared by the percentile confidence-interval methods.

#include "common/statistic/ci_method.h"

namespace opmon::kernels {

// One requested percentile's estimate. NaN wherever the reference yields
// NULL or NaN (empty or all-zero histograms, for example).
struct PercentileCiRow {
  double percentile = 0;
  double point = 0;
  double lower = 0;
  double upper = 0;
};

// The default confidence level of opmon's own intervals (the reference
// methods hard-code 90% as well).
inline constexpr double kDefaultConfidence = kStoredIntervalConfidence;
inline constexpr int kDefaultBlocks = 20;

}  // namespace opmon::kernels
