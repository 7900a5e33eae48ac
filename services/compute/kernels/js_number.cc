#include "services/compute/kernels/js_number.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace opmon::kernels {

double JsToFixed2(double x) {
  if (!std::isfinite(x) || std::fabs(x) >= 1e21) return x;
  const bool negative = x < 0;
  const double a = std::fabs(x);  // -0 formats as "0.00", as in JavaScript
  // The exact value of a double is a dyadic rational, so a*100 can end in
  // exactly .5 only when a = odd/8 (a = (2m+1)/200 is dyadic iff 25 | 2m+1).
  // Those are the only ties; everywhere else "%.2f" (exact in glibc) agrees.
  const double eighths = a * 8;  // exact: scaling by a power of two
  double magnitude;
  if (eighths == std::floor(eighths) && std::fmod(eighths, 2.0) == 1.0) {
    magnitude = (a * 100 + 0.5) / 100;  // a*100 + 0.5 is an exact integer here
  } else {
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.2f", a);
    magnitude = std::strtod(buf, nullptr);
  }
  // "-0.00" reads back as -0.0, as BigQuery's cast does.
  return negative ? -magnitude : magnitude;
}

}  // namespace opmon::kernels
