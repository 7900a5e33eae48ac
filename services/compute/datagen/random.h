#pragma once
// Deterministic random numbers for the synthetic warehouse. Every stream is
// keyed by (seed, what, client, day), so a client's day is the same whatever
// the client count, the day range or the thread that generates it.
//
// SplitMix64 (Steele, Lea & Flood 2014) is the generator: one 64-bit state,
// statistically strong enough for synthetic data, and cheap to seed per key.

#include <cmath>
#include <cstdint>
#include <initializer_list>

#include "absl/numeric/int128.h"

namespace opmon::datagen {

// SplitMix64's finaliser: a bijective avalanche mix of 64 bits.
constexpr uint64_t Mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Hash of a key tuple (order matters).
constexpr uint64_t HashKey(std::initializer_list<uint64_t> parts) {
  uint64_t h = 0x6F706D6F6E64676EULL;  // "opmondgn"
  for (uint64_t p : parts) h = Mix64(h ^ Mix64(p));
  return h;
}

// Not thread-safe; one per stream.
class Rng {
 public:
  explicit Rng(uint64_t state) : state_(state) {}

  // SplitMix64: the state steps by the golden ratio; each draw is Mix64 of
  // the state before the step (Mix64 adds the step itself).
  uint64_t NextU64() {
    const uint64_t z = Mix64(state_);
    state_ += 0x9E3779B97F4A7C15ULL;
    return z;
  }

  // Uniform in [0, 1) with 53 random bits.
  double Uniform() { return static_cast<double>(NextU64() >> 11) * 0x1.0p-53; }

  // Uniform integer in [0, n); n > 0 (Lemire's multiply-shift, tiny bias).
  uint64_t Below(uint64_t n) {
    return absl::Uint128High64(absl::uint128(NextU64()) * n);
  }

  bool Bernoulli(double p) { return Uniform() < p; }

  // Standard normal (Marsaglia's polar method; the second value is cached).
  double Normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = 2.0 * Uniform() - 1.0;
      v = 2.0 * Uniform() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

  // Poisson(lambda): inversion for lambda < 30, else the rounded normal
  // approximation (clamped at 0), which is plenty for synthetic counts.
  int64_t Poisson(double lambda) {
    if (lambda <= 0) return 0;
    if (lambda < 30) {
      double p = std::exp(-lambda);
      double cdf = p;
      const double u = Uniform();
      int64_t k = 0;
      while (u > cdf && k < 1000) {
        ++k;
        p *= lambda / static_cast<double>(k);
        cdf += p;
      }
      return k;
    }
    const double x = std::floor(lambda + std::sqrt(lambda) * Normal() + 0.5);
    return x < 0 ? 0 : static_cast<int64_t>(x);
  }

 private:
  uint64_t state_;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace opmon::datagen
