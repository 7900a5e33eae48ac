#pragma once
// Distribution functions the interval methods need: binomial probabilities
// (Loader's saddle-point pmf and an incomplete-beta cdf accurate to ~1e-14
// absolute), the regularized incomplete beta, the Student t quantile and the
// normal quantile.

#include <cstdint>

namespace opmon {

// P(X = k) for X ~ Binomial(n, p); n, k non-negative integers (as doubles).
double BinomialPmf(double k, double n, double p);

// P(X <= k) for X ~ Binomial(n, p).
double BinomialCdf(double k, double n, double p);

// Regularized incomplete beta I_x(a, b) for a, b > 0, x in [0, 1].
double RegularizedIncompleteBeta(double x, double a, double b);

// Quantile of Student's t with `df` degrees of freedom (df >= 1), p in (0, 1).
double StudentTQuantile(double p, double df);

// Quantile of the standard normal, p in (0, 1) (about 1e-9 relative; used
// for starting points and simulation truth only).
double NormalQuantile(double p);

}  // namespace opmon
