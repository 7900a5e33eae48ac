#include "services/compute/kernels/block_jackknife.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/compute/kernels/binomial_interval.h"
#include "services/compute/kernels/bucket_edges.h"
#include "services/compute/kernels/histogram_ops.h"
#include "services/compute/kernels/percentile_lookup.h"
#include "common/statistic/special_functions.h"

namespace opmon::kernels {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct JackknifeError {
  double se = kNaN;
  double t = kNaN;  // NaN when fewer than two estimates
};

JackknifeError StandardError(std::span<const double> leave_one_out, double confidence) {
  double sum = 0;
  int k = 0;
  for (double e : leave_one_out) {
    if (std::isnan(e)) continue;
    sum += e;
    ++k;
  }
  if (k < 2) return {};
  const double mean = sum / k;
  double ss = 0;
  for (double e : leave_one_out) {
    if (!std::isnan(e)) ss += (e - mean) * (e - mean);
  }
  return {std::sqrt(static_cast<double>(k - 1) / k * ss), StudentTQuantile(0.5 + confidence / 2, k - 1)};
}

uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

double PercentileKey(std::span<const Bucket> h, double percentile) {
  return h[*ReferencePercentileIndex(h, percentile)].key;
}

// Where leaving out a block cannot show a percentile's variability, the
// interval also spans the order-statistic (binomial) bounds: when the tail
// beyond the percentile holds fewer than two clients per block (p99 of 1,000
// clients in 20 blocks: 10 clients, the leave-one-out estimates barely move),
// and when blocks of d = n/K clients are not much larger than sqrt(n) (the
// delete-d jackknife is consistent for quantiles only for d >> sqrt(n); here
// n < 4 K^2). Without this the coverage simulation (docs/kernels.md) found
// 79-84% at 200-1,000 clients.
bool BlocksTooSmallForPercentile(double clients, double percentile, size_t blocks) {
  const double k = static_cast<double>(blocks);
  const double tail = clients * std::min(percentile, 100 - percentile) / 100;
  return tail < 2 * k || clients < 4 * k * k;
}

}  // namespace

uint64_t ClientIdHash(std::string_view client_id) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (unsigned char c : client_id) {
    h ^= c;
    h *= 0x100000001B3ull;
  }
  return SplitMix64(h);
}

Interval BlockJackknifeInterval(double full, std::span<const double> leave_one_out,
                                double confidence) {
  const JackknifeError e = StandardError(leave_one_out, confidence);
  if (std::isnan(e.t) || std::isnan(full)) return {full, kNaN, kNaN};
  return {full, full - e.t * e.se, full + e.t * e.se};
}

Interval SkewCorrectedMeanInterval(double mean, std::span<const double> leave_one_out, double skewness,
                                   int64_t n, double confidence) {
  const JackknifeError e = StandardError(leave_one_out, confidence);
  if (std::isnan(e.t) || std::isnan(mean)) return {mean, kNaN, kNaN};
  if (!(std::isfinite(skewness) && skewness != 0) || n < 3) return {mean, mean - e.t * e.se, mean + e.t * e.se};
  const double root_n = std::sqrt(static_cast<double>(n));
  const double a = skewness / (3 * root_n);
  const double shift = skewness / (6 * root_n);
  auto inverse = [&](double x) { return (std::cbrt(1 + 3 * a * (x - shift)) - 1) / a; };
  return {mean, mean - e.se * inverse(e.t), mean - e.se * inverse(-e.t)};
}

double SampleSkewness(std::span<const std::vector<double>> blocks, double mean) {
  double m2 = 0, m3 = 0, n = 0;
  for (const std::vector<double>& block : blocks) {
    for (double x : block) {
      const double d = x - mean;
      m2 += d * d;
      m3 += d * d * d;
      n += 1;
    }
  }
  if (!(m2 > 0)) return 0;
  m2 /= n;
  m3 /= n;
  return m3 / std::pow(m2, 1.5);
}

absl::StatusOr<std::vector<PercentileCiRow>> BlockJackknifePercentileCi(
    std::span<const std::vector<Bucket>> blocks, std::span<const double> percentiles,
    double confidence, PercentilePoint point) {
  for (double p : percentiles) {
    if (std::isnan(p) || p < 0 || p > 100) {
      return absl::InvalidArgumentError(
          absl::StrCat("percentiles: ", p, " is not a value between 0 and 100"));
    }
  }
  std::vector<Bucket> total;
  std::vector<size_t> nonempty;
  for (size_t k = 0; k < blocks.size(); ++k) {
    if (!IsCanonical(blocks[k])) {
      return absl::InvalidArgumentError(
          absl::StrCat("blocks[", k, "]: keys must be strictly increasing"));
    }
    for (const Bucket& b : blocks[k]) {
      if (!std::isfinite(b.value) || b.value < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("blocks[", k, "]: value ", b.value, " must be finite and >= 0"));
      }
    }
    if (TotalMass(blocks[k]) > 0) nonempty.push_back(k);
    MergeInto(total, blocks[k]);
  }
  std::vector<PercentileCiRow> rows;
  if (nonempty.empty()) {
    for (double p : percentiles) rows.push_back({p, kNaN, kNaN, kNaN});
    return rows;
  }
  // Leave-one-out histograms summed afresh (in block order) rather than
  // subtracted, so no cancellation error enters the lookup.
  std::vector<std::vector<Bucket>> loo(nonempty.size());
  for (size_t i = 0; i < nonempty.size(); ++i) {
    for (size_t m : nonempty) {
      if (m != nonempty[i]) MergeInto(loo[i], blocks[m]);
    }
  }
  std::vector<double> estimates(loo.size());
  for (double p : percentiles) {
    for (size_t i = 0; i < loo.size(); ++i) {
      estimates[i] = loo[i].empty() ? kNaN : InterpolatedPercentile(loo[i], p);
    }
    const double interpolated = InterpolatedPercentile(total, p);
    const Interval ci = BlockJackknifeInterval(interpolated, estimates, confidence);
    const double key = PercentileKey(total, p);
    const double value = point == PercentilePoint::kInterpolated ? interpolated : key;
    if (std::isnan(ci.lower)) {  // fewer than two non-empty blocks: no interval
      rows.push_back({p, value, kNaN, kNaN});
      continue;
    }
    double lower = std::min(ci.lower, key), upper = std::max(ci.upper, key);
    const double clients = std::round(TotalMass(total));
    if (clients >= 1 && BlocksTooSmallForPercentile(clients, p, nonempty.size())) {
      const OrderStatisticRanks ranks = BinomialRanks(static_cast<int64_t>(clients), p, confidence);
      const auto n = static_cast<int64_t>(clients);
      lower = std::min(lower, RankKey(total, clients, n, ranks.lower));
      upper = std::max(upper, RankKey(total, clients, n, ranks.upper));
    }
    rows.push_back({p, value, LowerEdgeAt(total, lower), UpperBound(UpperEdgeAt(total, upper))});
  }
  return rows;
}

std::vector<PercentileCiRow> BlockJackknifePercentileCiFromValues(
    std::span<const std::vector<double>> sorted_blocks, std::span<const double> percentiles,
    double confidence) {
  std::vector<double> all;
  for (const auto& b : sorted_blocks) all.insert(all.end(), b.begin(), b.end());
  std::sort(all.begin(), all.end());
  std::vector<PercentileCiRow> rows;
  const double n = static_cast<double>(all.size());
  std::vector<double> estimates;
  for (double p : percentiles) {
    if (all.empty()) {
      rows.push_back({p, kNaN, kNaN, kNaN});
      continue;
    }
    estimates.clear();
    for (const auto& block : sorted_blocks) {
      if (block.empty()) continue;
      const double remaining = n - static_cast<double>(block.size());
      if (remaining < 1) {
        estimates.push_back(kNaN);
        continue;
      }
      const double rank = std::max(1.0, std::ceil(remaining * p / 100));
      // Smallest global index i whose value has >= rank values outside this
      // block at or below it.
      size_t lo = 0, hi = all.size() - 1;
      while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const double v = all[mid];
        const double at_or_below =
            static_cast<double>(std::upper_bound(all.begin(), all.end(), v) - all.begin()) -
            static_cast<double>(std::upper_bound(block.begin(), block.end(), v) -
                                block.begin());
        if (at_or_below >= rank) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      estimates.push_back(all[lo]);
    }
    Interval ci = BlockJackknifeInterval(ExactPercentile(all, p), estimates, confidence);
    if (!std::isnan(ci.lower) && BlocksTooSmallForPercentile(n, p, estimates.size())) {
      const OrderStatisticRanks ranks = BinomialRanks(static_cast<int64_t>(n), p, confidence);
      ci.lower = std::min(ci.lower, OrderStatistic(all, ranks.lower));
      ci.upper = std::max(ci.upper, OrderStatistic(all, ranks.upper));
    }
    rows.push_back({p, ci.point, ci.lower, ci.upper});
  }
  return rows;
}

std::vector<std::vector<Bucket>> SplitIntoPseudoBlocks(std::span<const Bucket> histogram,
                                                       int64_t clients, int blocks,
                                                       uint32_t seed) {
  std::vector<std::vector<Bucket>> out(static_cast<size_t>(std::max(blocks, 1)));
  for (auto& b : out) {
    b.reserve(histogram.size());
    for (const Bucket& h : histogram) b.push_back({h.key, 0.0});
  }
  const double total = TotalMass(histogram);
  const int64_t n = clients > 0 ? clients : static_cast<int64_t>(std::llround(total));
  if (!(total > 0) || n < 1 || histogram.empty()) return out;
  const double scale = static_cast<double>(n) / total;
  size_t bucket = 0;
  double cumulative = histogram[0].value;
  for (int64_t r = 1; r <= n; ++r) {
    // Unit r sits at the middle of its rank interval, (r - 0.5) / n.
    const double position = static_cast<double>(r) - 0.5;
    while (bucket + 1 < histogram.size() && cumulative * scale < position) {
      cumulative += histogram[++bucket].value;
    }
    const uint64_t h = SplitMix64((static_cast<uint64_t>(seed) << 32) ^ static_cast<uint64_t>(r));
    out[BlockOf(h, static_cast<int>(out.size()))][bucket].value += 1;
  }
  return out;
}

}  // namespace opmon::kernels
