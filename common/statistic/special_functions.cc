#include "common/statistic/special_functions.h"

#include <array>
#include <cmath>
#include <limits>
#include <numbers>

namespace opmon {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Stirling-series remainder log(n!) - log(sqrt(2 pi n) (n/e)^n) (Loader 2000).
// Small n from lgamma in long double; larger n from the asymptotic series.
double StirlingError(double n) {
  static const std::array<double, 16> kSmall = [] {
    std::array<double, 16> t{};
    for (int i = 1; i < 16; ++i) {
      const long double x = i;
      t[i] = static_cast<double>(std::lgamma(x + 1) - (x + 0.5L) * std::log(x) + x -
                                 0.5L * std::log(2 * std::numbers::pi_v<long double>));
    }
    return t;
  }();
  if (n < 16 && n == std::floor(n)) return kSmall[static_cast<int>(n)];
  constexpr double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680,
                   s4 = 1.0 / 1188;
  const double nn = n * n;
  if (n > 500) return (s0 - s1 / nn) / n;
  if (n > 80) return (s0 - (s1 - s2 / nn) / nn) / n;
  if (n > 35) return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
  return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

// x log(x / np) + np - x without cancellation near x = np (Loader 2000).
double DevianceTerm(double x, double np) {
  if (std::fabs(x - np) < 0.1 * (x + np)) {
    double v = (x - np) / (x + np);
    double s = (x - np) * v;
    double ej = 2 * x * v;
    v = v * v;
    for (int j = 1; j < 1000; ++j) {
      ej *= v;
      const double next = s + ej / (2 * j + 1);
      if (next == s) return next;
      s = next;
    }
  }
  return x * std::log(x / np) + np - x;
}

// Continued fraction of the incomplete beta by the modified Lentz method:
// I_x(a, b) = x^a (1-x)^b / (a B(a, b)) * BetaContinuedFraction(a, b, x),
// converging quickly for x < (a + 1) / (a + b + 2).
double BetaContinuedFraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEps = std::numeric_limits<double>::epsilon();
  const double qab = a + b, qap = a + 1, qam = a - 1;
  double c = 1;
  double d = 1 - qab * x / qap;
  if (std::fabs(d) < kTiny) d = kTiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m < 10'000'000; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    h *= d * c;
    aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = 1 + aa / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::fabs(del - 1) <= kEps) break;
  }
  return h;
}

double NormalCdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

double StudentTCdf(double t, double df) {
  const double tail = 0.5 * RegularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

}  // namespace

double BinomialPmf(double k, double n, double p) {
  if (std::isnan(k) || std::isnan(n) || std::isnan(p)) return kNaN;
  if (k < 0 || k > n) return 0;
  if (p == 0) return k == 0 ? 1 : 0;
  if (p == 1) return k == n ? 1 : 0;
  const double q = 1 - p;
  if (k == 0) return std::exp(n * std::log1p(-p));
  if (k == n) return std::exp(n * std::log(p));
  const double lc = StirlingError(n) - StirlingError(k) - StirlingError(n - k) -
                    DevianceTerm(k, n * p) - DevianceTerm(n - k, n * q);
  return std::exp(lc) * std::sqrt(n / (2 * std::numbers::pi * k * (n - k)));
}

double BinomialCdf(double k, double n, double p) {
  if (std::isnan(k) || std::isnan(n) || std::isnan(p)) return kNaN;
  if (k < 0) return 0;
  k = std::floor(k);
  if (k >= n) return 1;
  if (p == 0) return 1;
  if (p == 1) return 0;
  // P(X <= k) = I_{1-p}(n - k, k + 1); the beta prefactor
  // (1-p)^(n-k) p^(k+1) / B(n-k, k+1) equals (n - k) p Pmf(k).
  const double q = 1 - p;
  const double a = n - k, b = k + 1;
  if (q < (a + 1) / (a + b + 2)) {
    return p * BinomialPmf(k, n, p) * BetaContinuedFraction(a, b, q);
  }
  return 1 - q * BinomialPmf(k + 1, n, p) * BetaContinuedFraction(b, a, p);
}

double RegularizedIncompleteBeta(double x, double a, double b) {
  if (std::isnan(x) || x < 0 || x > 1 || !(a > 0) || !(b > 0)) return kNaN;
  if (x == 0) return 0;
  if (x == 1) return 1;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                           a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1) / (a + b + 2)) return front * BetaContinuedFraction(a, b, x) / a;
  return 1 - front * BetaContinuedFraction(b, a, 1 - x) / b;
}

double StudentTQuantile(double p, double df) {
  if (!(p > 0 && p < 1) || !(df > 0)) return kNaN;
  if (p < 0.5) return -StudentTQuantile(1 - p, df);
  double lo = 0, hi = 1;
  while (StudentTCdf(hi, df) < p && hi < 1e300) hi *= 2;
  for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (StudentTCdf(mid, df) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double NormalQuantile(double p) {
  if (!(p > 0 && p < 1)) return p == 0 ? -INFINITY : (p == 1 ? INFINITY : kNaN);
  double lo = -40, hi = 40;
  for (int i = 0; i < 100 && hi - lo > 1e-14; ++i) {
    const double mid = 0.5 * (lo + hi);
    (NormalCdf(mid) < p ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace opmon
