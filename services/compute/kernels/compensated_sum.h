#pragma once
// Neumaier-compensated summation. Accumulators sum values in a canonical
// (sorted) order with it, so results do not depend on arrival or merge order.

#include <cmath>
#include <span>

namespace opmon::kernels {

inline double CompensatedSum(std::span<const double> values) {
  double sum = 0, compensation = 0;
  for (double v : values) {
    const double t = sum + v;
    if (std::fabs(sum) >= std::fabs(v)) {
      compensation += (sum - t) + v;
    } else {
      compensation += (v - t) + sum;
    }
    sum = t;
  }
  return sum + compensation;
}

}  // namespace opmon::kernels
