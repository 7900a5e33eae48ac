#pragma once
// JavaScript number formatting the reference UDFs rely on. The reference
// returns `x.toFixed(2)` strings that BigQuery reads back as FLOAT64; these
// functions give that FLOAT64 directly.

namespace opmon::kernels {

// The double nearest to the decimal string JavaScript's x.toFixed(2) yields.
// toFixed rounds the exact binary value and breaks exact ties upwards (away
// from zero, since the sign is handled first), where C's "%.2f" breaks them to
// even: 0.125.toFixed(2) is "0.13", printf gives "0.12". NaN and infinities
// pass through; |x| >= 1e21 is printed in full by JavaScript, so x itself.
double JsToFixed2(double x);

}  // namespace opmon::kernels
