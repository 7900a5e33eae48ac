#include "services/statistics/domain/crash_rate.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "common/statistic/special_functions.h"
#include "services/statistics/domain/sample_ratio.h"

namespace opmon::statistics {
namespace {

constexpr double kKeptShare = 0.999;

// Above this many degrees of freedom the series behind ChiSquareSurvival
// needs more terms than it allows; Wilson-Hilferty's cube-root normal
// approximation is then accurate to ~1e-4 relative.
constexpr int kExactMaxDf = 20000;

// The x with f(x) = target for f decreasing from above target at lo.
template <typename Decreasing>
double Bisect(Decreasing f, double target, double lo, double hi) {
  while (f(hi) > target) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
    const double mid = (lo + hi) / 2;
    (f(mid) > target ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

// The x with P(X > x) = p for X ~ chi-square with `df` degrees of freedom.
double ChiSquareUpperQuantile(double p, int df) {
  if (df <= kExactMaxDf) {
    return Bisect([df](double x) { return ChiSquareSurvival(x, df); }, p, 0, std::max(1.0, 2.0 * df));
  }
  // z with P(Z > z) = p, Z standard normal.
  const double z = Bisect([](double v) { return 0.5 * std::erfc(v / std::sqrt(2.0)); }, p, -40, 40);
  const double v = 2.0 / (9.0 * df);
  return df * std::pow(1 - v + z * std::sqrt(v), 3);
}

}  // namespace

TrimmedRate RateOfWindows(std::span<const WindowEvents> windows) {
  TrimmedRate out;
  if (windows.empty()) return out;
  // (rate, events, hours), sorted as the reference sorts its tuples.
  std::vector<std::tuple<double, std::int64_t, double>> rated;
  rated.reserve(windows.size());
  for (const WindowEvents& w : windows) {
    out.count += w.events;
    out.usage_hours += w.usage_hours;
    rated.emplace_back(static_cast<double>(w.events) / (w.usage_hours / 1000.0), w.events, w.usage_hours);
  }
  std::sort(rated.begin(), rated.end());
  const auto kept = static_cast<std::size_t>(std::ceil(static_cast<double>(rated.size()) * kKeptShare));
  for (std::size_t i = 0; i < kept; ++i) {
    out.kept_count += std::get<1>(rated[i]);
    out.kept_usage_hours += std::get<2>(rated[i]);
  }
  if (out.kept_usage_hours > 0) out.rate = static_cast<double>(out.kept_count) / (out.kept_usage_hours / 1000.0);
  return out;
}

RateInterval PoissonRateInterval(std::int64_t events, double usage_hours, double confidence) {
  const double alpha = 1 - confidence;
  const double per_1000_hours = 1000.0 / usage_hours;
  RateInterval out;
  if (events > 0) {
    out.lower = ChiSquareUpperQuantile(1 - alpha / 2, static_cast<int>(2 * events)) / 2 * per_1000_hours;
  }
  out.upper = ChiSquareUpperQuantile(alpha / 2, static_cast<int>(2 * events + 2)) / 2 * per_1000_hours;
  return out;
}

double PoissonExcessPValue(std::int64_t events, double usage_hours, double limit) {
  if (events <= 0) return 1;
  const double mean = limit * usage_hours / 1000.0;
  if (mean <= 0) return 0;
  // P(X >= k) = P(Gamma(k, 1) <= mean) = 1 - Q(k, mean) = 1 - P(chi2(2k) > 2 mean).
  return std::clamp(1 - ChiSquareSurvival(2 * mean, static_cast<int>(2 * events)), 0.0, 1.0);
}

double PoissonRatioPValue(std::int64_t a, double hours_a, std::int64_t b, double hours_b, double factor) {
  if (a <= 0) return 1;
  const double p = factor * hours_a / (factor * hours_a + hours_b);
  // P(A >= a) for A ~ Binomial(a + b, p) = I_p(a, b + 1); the incomplete
  // beta's direct branch keeps tiny tails' digits (1 - cdf would not).
  return RegularizedIncompleteBeta(std::clamp(p, 0.0, 1.0), static_cast<double>(a), static_cast<double>(b) + 1);
}

}  // namespace opmon::statistics
