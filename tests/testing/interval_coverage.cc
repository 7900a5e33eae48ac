#include "tests/testing/interval_coverage.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "services/compute/datagen/probes.h"
#include "services/compute/kernels/binomial_interval.h"
#include "services/compute/kernels/block_jackknife.h"
#include "services/compute/kernels/bootstrap.h"
#include "services/compute/kernels/bucket_edges.h"
#include "services/compute/kernels/histogram_ops.h"
#include "services/compute/kernels/jackknife.h"
#include "services/compute/kernels/mulberry32.h"
#include "services/compute/kernels/ratio_accumulator.h"
#include "services/compute/kernels/scalar_accumulator.h"
#include "common/statistic/special_functions.h"

namespace opmon::testing {
namespace {

using kernels::Bucket;

constexpr int kBlocks = 20;

std::vector<double> AsDoubles(const std::vector<int64_t>& xs) {
  return {xs.begin(), xs.end()};
}

double TrueQuantile(const Bucketing& b, double percentile) {
  return b.median * std::exp(b.sigma * NormalQuantile(percentile / 100));
}

// The 90% order-statistic interval's width on exact values, to first order:
// 2 z sqrt(p (1 - p) / n) / density at the quantile.
double SamplingSpread(const Bucketing& b, int clients, double percentile) {
  const double p = percentile / 100;
  const double z = NormalQuantile(p);
  const double density =
      std::exp(-z * z / 2) / std::sqrt(2 * M_PI) / (TrueQuantile(b, percentile) * b.sigma);
  return 2 * NormalQuantile(0.95) * std::sqrt(p * (1 - p) / clients) / density;
}

double BucketWidthAt(const Bucketing& b, double value) {
  const auto it = std::upper_bound(b.lower_edges.begin(), b.lower_edges.end(), value);
  const size_t i = it == b.lower_edges.begin() ? 0 : static_cast<size_t>(it - b.lower_edges.begin()) - 1;
  std::vector<Bucket> keys;
  for (double e : b.lower_edges) keys.push_back({e, 0});
  return kernels::UpperEdge(keys, i) - b.lower_edges[i];
}

absl::StatusOr<std::vector<kernels::PercentileCiRow>> Interval(
    CiMethod method, const std::vector<Bucket>& merged,
    const std::vector<std::vector<Bucket>>& blocks, double percentile, int clients,
    uint32_t seed) {
  const std::vector<double> p = {percentile};
  switch (method) {
    case CiMethod::kBinomial: return kernels::BinomialPercentileCi(merged, p, clients);
    case CiMethod::kBlockJackknife: return kernels::BlockJackknifePercentileCi(blocks, p);
    case CiMethod::kJackknife: return kernels::JackknifePercentileCi(merged, p);
    case CiMethod::kBootstrap: return kernels::BootstrapPercentileCi(merged, p, seed);
  }
  return absl::InternalError("unknown method");
}

double StandardNormal(kernels::Mulberry32& rng) {
  // Box-Muller on the seeded generator (1 - u keeps log's argument > 0).
  return std::sqrt(-2 * std::log(1 - rng.Next())) * std::cos(2 * M_PI * rng.Next());
}

// Knuth's multiplication method: fine for the small means used here.
double Poisson(kernels::Mulberry32& rng, double mean) {
  const double limit = std::exp(-mean);
  double product = rng.Next();
  int k = 0;
  while (product > limit) {
    product *= rng.Next();
    ++k;
  }
  return k;
}

double Truth(SkewedData data) {
  switch (data) {
    case SkewedData::kLogNormalMean: return std::exp(1.5 * 1.5 / 2);
    case SkewedData::kZeroInflatedMean: return 0.05 / (1 - 0.8);
    case SkewedData::kCrashRatio: return 0.05;
  }
  return NAN;
}

}  // namespace

std::string ToString(SkewedData data) {
  switch (data) {
    case SkewedData::kLogNormalMean: return "mean, log-normal(0, 1.5)";
    case SkewedData::kZeroInflatedMean: return "mean, zero-inflated counts";
    case SkewedData::kCrashRatio: return "total_ratio, crashes / hours";
  }
  return "";
}

ScalarCoverageRow SimulateScalarCoverage(SkewedData data, int clients, int repetitions,
                                         uint32_t seed) {
  ScalarCoverageRow row{data, clients};
  const double truth = Truth(data);
  kernels::StatisticSpec spec;
  spec.kind = data == SkewedData::kCrashRatio ? StatisticKind::kTotalRatio : StatisticKind::kMean;
  spec.denominator_metric = "usage_hours";
  kernels::Mulberry32 rng(seed);
  std::vector<double> widths;
  for (int rep = 0; rep < repetitions; ++rep) {
    kernels::ScalarAccumulator values;
    kernels::RatioAccumulator ratio;
    for (int c = 0; c < clients; ++c) {
      const uint64_t hash =
          (static_cast<uint64_t>(rep) * clients + c) * 0x9E3779B97F4A7C15ull >> 7;
      switch (data) {
        case SkewedData::kLogNormalMean:
          values.AddClient(hash, std::exp(1.5 * StandardNormal(rng)));
          break;
        case SkewedData::kZeroInflatedMean: {
          double count = 0;
          if (rng.Next() < 0.05) count = 1 + std::floor(std::log(1 - rng.Next()) / std::log(0.8));
          values.AddClient(hash, count);
          break;
        }
        case SkewedData::kCrashRatio: {
          const double hours = std::exp(1 + StandardNormal(rng));
          ratio.AddClient(hash, Poisson(rng, 0.05 * hours), hours);
          break;
        }
      }
    }
    auto rows = data == SkewedData::kCrashRatio ? ratio.Finalize(spec) : values.Finalize(spec);
    if (!rows.ok() || std::isnan((*rows)[0].lower)) continue;
    const kernels::StatisticRow& r = (*rows)[0];
    row.coverage += r.lower <= truth && truth <= r.upper;
    row.truth_above += r.upper < truth;
    row.truth_below += r.lower > truth;
    widths.push_back(r.upper - r.lower);
  }
  if (widths.empty()) return row;
  const double n = static_cast<double>(widths.size());
  row.coverage /= n;
  row.truth_above /= n;
  row.truth_below /= n;
  std::nth_element(widths.begin(), widths.begin() + static_cast<std::ptrdiff_t>(widths.size() / 2),
                   widths.end());
  row.median_width = widths[widths.size() / 2];
  return row;
}

Bucketing ExponentialBucketing(int64_t low, int64_t high, int buckets, double median,
                               double sigma) {
  return {absl::StrCat("exponential ", low, "-", high, " x", buckets),
          AsDoubles(datagen::ExponentialBuckets(low, high, buckets)), median, sigma};
}

Bucketing LinearBucketing(int64_t low, int64_t high, int buckets, double median, double sigma) {
  return {absl::StrCat("linear ", low, "-", high, " x", buckets),
          AsDoubles(datagen::LinearBuckets(low, high, buckets)), median, sigma};
}

Bucketing EnumeratedBucketing(int count, double median, double sigma) {
  Bucketing b{absl::StrCat("enumerated 0-", count - 1), {}, median, sigma};
  for (int i = 0; i < count; ++i) b.lower_edges.push_back(i);
  return b;
}

std::vector<Bucketing> RealisticBucketings() {
  return {
      ExponentialBucketing(1, 10000, 50, 50, 1),     // gc_ms
      ExponentialBucketing(1, 1000, 20, 30, 0.8),    // a coarse timing probe
      ExponentialBucketing(1, 100000, 100, 800, 0.7),  // a fine paint-time probe
      LinearBucketing(1, 1000, 50, 300, 0.4),
      EnumeratedBucketing(51, 8, 0.5),
  };
}

std::vector<CoverageRow> SimulateCoverage(const Bucketing& bucketing, int clients,
                                          const std::vector<double>& percentiles,
                                          int repetitions, uint32_t seed,
                                          const std::vector<CiMethod>& methods) {
  const size_t cells = percentiles.size() * methods.size();
  std::vector<CoverageRow> rows(cells);
  std::vector<std::vector<double>> widths(cells);
  for (size_t i = 0; i < percentiles.size(); ++i) {
    const double truth = TrueQuantile(bucketing, percentiles[i]);
    for (size_t m = 0; m < methods.size(); ++m) {
      CoverageRow& r = rows[i * methods.size() + m];
      r.bucketing = bucketing.name;
      r.clients = clients;
      r.percentile = percentiles[i];
      r.method = methods[m];
      r.bucket_to_spread =
          BucketWidthAt(bucketing, truth) / SamplingSpread(bucketing, clients, percentiles[i]);
    }
  }
  const std::vector<double>& edges = bucketing.lower_edges;
  kernels::Mulberry32 rng(seed);
  std::vector<std::vector<Bucket>> blocks(kBlocks);
  for (int rep = 0; rep < repetitions; ++rep) {
    for (auto& b : blocks) {
      b.clear();
      for (double e : edges) b.push_back({e, 0});
    }
    for (int c = 0; c < clients; ++c) {
      const double v = bucketing.median * std::exp(bucketing.sigma * StandardNormal(rng));
      const auto it = std::upper_bound(edges.begin(), edges.end(), v);
      const size_t bucket = it == edges.begin() ? 0 : static_cast<size_t>(it - edges.begin()) - 1;
      const uint64_t hash = (static_cast<uint64_t>(rep) * clients + c) * 0x9E3779B97F4A7C15ull;
      blocks[kernels::BlockOf(hash >> 7, kBlocks)][bucket].value += 1;
    }
    std::vector<Bucket> merged;
    for (const auto& b : blocks) kernels::MergeInto(merged, b);
    for (size_t i = 0; i < percentiles.size(); ++i) {
      const double truth = TrueQuantile(bucketing, percentiles[i]);
      for (size_t m = 0; m < methods.size(); ++m) {
        const size_t cell = i * methods.size() + m;
        auto ci = Interval(methods[m], merged, blocks, percentiles[i], clients,
                           static_cast<uint32_t>(rep));
        if (!ci.ok() || std::isnan((*ci)[0].lower)) continue;
        const kernels::PercentileCiRow& row = (*ci)[0];
        rows[cell].coverage += row.lower <= truth && truth <= row.upper;
        rows[cell].zero_width += row.upper == row.lower;
        widths[cell].push_back(row.upper - row.lower);
      }
    }
  }
  for (size_t cell = 0; cell < cells; ++cell) {
    std::vector<double>& w = widths[cell];
    if (w.empty()) continue;
    rows[cell].coverage /= static_cast<double>(w.size());
    std::nth_element(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(w.size() / 2), w.end());
    rows[cell].median_width = w[w.size() / 2];
  }
  return rows;
}

}  // namespace opmon::testing
