#pragma once
// Types shared by the percentile confidence-interval methods.

#include <string_view>

#include "absl/status/statusor.h"

namespace opmon::kernels {

// The interval methods (see docs/kernels.md). kBinomial is opmon's default.
enum class CiMethod { kJackknife, kBootstrap, kBinomial, kBlockJackknife };

// "jackknife" | "bootstrap" | "binomial" | "block_jackknife"; InvalidArgument
// naming the value otherwise.
absl::StatusOr<CiMethod> ParseCiMethod(std::string_view name);
std::string_view CiMethodName(CiMethod method);

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
inline constexpr double kDefaultConfidence = 0.9;
inline constexpr int kDefaultBlocks = 20;

}  // namespace opmon::kernels
