#pragma once
// mulberry32, the small 32-bit generator commonly used to seed JavaScript's
// Math.random replacements. Seeding the reference bootstrap UDF with
// `Math.random = mulberry32(seed)` in Node replays exactly the draws this
// class produces, so a bootstrap run can be checked against the reference.

#include <cstdint>

namespace opmon::kernels {

class Mulberry32 {
 public:
  explicit Mulberry32(uint32_t seed) : state_(seed) {}

  // The next draw in [0, 1), a multiple of 2^-32. Identical to the JavaScript
  // generator for its first ~4.9 million draws (after which the JavaScript
  // state, a double, stops counting exactly).
  double Next() {
    state_ += 0x6D2B79F5u;
    uint32_t t = state_;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    return static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
  }

 private:
  uint32_t state_;
};

}  // namespace opmon::kernels
