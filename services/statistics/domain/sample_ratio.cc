#include "services/statistics/domain/sample_ratio.h"

#include <cmath>
#include <limits>

namespace opmon::statistics {
namespace {

constexpr double kEpsilon = 1e-15;
constexpr int kMaxIterations = 10000;

// P(a, x) by its series; converges fast for x < a + 1.
double LowerSeries(double a, double x) {
  double term = 1 / a;
  double sum = term;
  for (int n = 1; n < kMaxIterations; ++n) {
    term *= x / (a + n);
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * kEpsilon) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

// Q(a, x) by its continued fraction (modified Lentz); for x >= a + 1.
double UpperFraction(double a, double x) {
  constexpr double kTiny = std::numeric_limits<double>::min() / kEpsilon;
  double b = x + 1 - a;
  double c = 1 / kTiny;
  double d = 1 / b;
  double h = d;
  for (int i = 1; i < kMaxIterations; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < kEpsilon) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

}  // namespace

double ChiSquareSurvival(double x, int df) {
  if (x <= 0) return 1;
  const double a = df / 2.0;
  const double half = x / 2;
  return half < a + 1 ? 1 - LowerSeries(a, half) : UpperFraction(a, half);
}

std::optional<SampleRatioTest> TestSampleRatio(std::span<const BranchEnrollments> branches) {
  if (branches.size() < 2) return std::nullopt;
  SampleRatioTest test;
  double ratio_sum = 0;
  for (const BranchEnrollments& b : branches) {
    if (!(b.planned_ratio > 0)) return std::nullopt;
    ratio_sum += b.planned_ratio;
    test.total += b.enrollments;
  }
  if (test.total == 0) return std::nullopt;
  for (const BranchEnrollments& b : branches) {
    const double expected = static_cast<double>(test.total) * b.planned_ratio / ratio_sum;
    const double diff = static_cast<double>(b.enrollments) - expected;
    test.chi_square += diff * diff / expected;
  }
  test.degrees_of_freedom = static_cast<int>(branches.size()) - 1;
  test.p_value = ChiSquareSurvival(test.chi_square, test.degrees_of_freedom);
  return test;
}

}  // namespace opmon::statistics
