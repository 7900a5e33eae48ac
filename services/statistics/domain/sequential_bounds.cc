#include "services/statistics/domain/sequential_bounds.h"

#include <cmath>

#include "common/statistic/ci_method.h"
#include "common/statistic/special_functions.h"

namespace opmon::statistics {
namespace {

// The mixture's prior precision, in looks. Minimising b_k / sqrt(k) over rho
// puts the tightest look at k = x / rho with x = ln((1 + x) / alpha^2): with
// rho = 1, look 16 at alpha = 1e-3 and look 26 at 1e-5, the per-series levels
// of a project, so two to four weeks of daily looks (an experiment's length).
constexpr double kMixturePrecision = 1;

}  // namespace

double StandardErrorOfStoredInterval(double lower, double upper) {
  return (upper - lower) / (2 * NormalQuantile(0.5 + kStoredIntervalConfidence / 2));
}

double TwoSidedCriticalValue(double alpha) { return NormalQuantile(1 - alpha / 2); }

double MixtureBoundary(int looks, double alpha) {
  const double v = looks + kMixturePrecision;
  return std::sqrt(v * std::log(v / (kMixturePrecision * alpha * alpha)));
}

double LookAlpha(int look, double alpha) {
  return alpha / (static_cast<double>(look) * (static_cast<double>(look) + 1));
}

}  // namespace opmon::statistics
