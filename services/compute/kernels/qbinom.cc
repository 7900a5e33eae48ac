#include "services/compute/kernels/qbinom.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/statistic/special_functions.h"

namespace opmon::kernels {

double QBinom(double u, double n, double prob) {
  if (std::isnan(u) || std::isnan(n) || std::isnan(prob) || u < 0 || u > 1 || prob < 0 ||
      prob > 1 || n < 0 || std::isinf(n) || n != std::floor(n)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (u == 1 || prob == 1) return n;
  if (u == 0 || prob == 0 || n == 0) return 0;
  // Start from the Cornish-Fisher approximation, then walk to the smallest k
  // with cdf(k) >= u using pmf recurrences (re-anchored every 32 steps).
  const double q = 1 - prob;
  const double mu = n * prob;
  const double sigma = std::sqrt(n * prob * q);
  const double z = NormalQuantile(u);
  const double skew = (1 - 2 * prob) / sigma;
  double k = std::floor(mu + sigma * (z + skew * (z * z - 1) / 6) + 0.5);
  k = std::clamp(k, 0.0, n);
  double cdf = BinomialCdf(k, n, prob);
  double pmf = BinomialPmf(k, n, prob);
  int steps = 0;
  if (cdf >= u) {
    while (k > 0) {
      const double below = cdf - pmf;  // cdf(k - 1)
      if (below < u) break;
      cdf = below;
      k -= 1;
      if (++steps % 32 == 0) {
        cdf = BinomialCdf(k, n, prob);
        pmf = BinomialPmf(k, n, prob);
      } else {
        pmf = pmf * (k + 1) / (n - k) * q / prob;
      }
    }
    return k;
  }
  while (cdf < u && k < n) {
    k += 1;
    if (++steps % 32 == 0 || k == n) {
      cdf = BinomialCdf(k, n, prob);
      pmf = BinomialPmf(k, n, prob);
    } else {
      pmf = pmf * (n - k + 1) / k * prob / q;
      cdf += pmf;
    }
  }
  return k;
}

}  // namespace opmon::kernels
