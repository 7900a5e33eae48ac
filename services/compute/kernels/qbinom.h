#pragma once
// The binomial quantile as the reference bootstrap uses it (stdlib-js
// binomial quantile, bundled in bigquery-etl as udf_js_lib/qbinom.js): the
// smallest k in [0, n] with P(X <= k) >= u for X ~ Binomial(n, prob), with
// its special cases: NaN for NaN arguments, u or prob outside [0, 1], or n not
// a finite non-negative integer; n when u == 1 or prob == 1; 0 when u == 0,
// prob == 0 or n == 0.
//
// The cdf is this library's own (special_functions.h, ~1e-14 absolute), so
// the result equals the reference's unless u lies within ~1e-14 of a cdf value
// at the answer; the uniform draws are multiples of 2^-32, so in practice the
// results agree (the tests check thousands of draws against Node).

namespace opmon::kernels {

double QBinom(double u, double n, double prob);

}  // namespace opmon::kernels
