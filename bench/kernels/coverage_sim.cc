// Coverage simulation for docs/kernels.md: how often each method's 90%
// interval covers the true percentile of log-normal client values.
//   opmon_kernels_coverage_sim [repetitions=1000]
// Histogram methods see each client as a normalised one-value histogram on
// fine buckets of width 0.01 (key = floor(100 v) / 100, far narrower than any
// sampling spread here); they report bucket keys, so they are scored against
// the key of the bucket holding the truth, except bootstrap, whose bounds are
// bucket edges and are scored against the truth.
// Exact methods see the values themselves. Fixed seeds: reproducible.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "services/compute/kernels/binomial_interval.h"
#include "services/compute/kernels/block_jackknife.h"
#include "services/compute/kernels/bootstrap.h"
#include "services/compute/kernels/jackknife.h"
#include "services/compute/kernels/mulberry32.h"
#include "services/compute/kernels/special_functions.h"

namespace opmon::kernels {
namespace {

constexpr int kBlocks = 20;
constexpr double kMu = 3, kSigma = 1;

struct Tally {
  int covered = 0;
  std::vector<double> widths;
  void Add(bool cover, double width) {
    covered += cover;
    widths.push_back(width);
  }
  double MedianWidth() {
    std::sort(widths.begin(), widths.end());
    return widths.empty() ? NAN : widths[widths.size() / 2];
  }
};

std::vector<Bucket> CountHistogram(std::vector<double> keys) {
  std::sort(keys.begin(), keys.end());
  std::vector<Bucket> h;
  for (double k : keys) {
    if (!h.empty() && h.back().key == k) {
      h.back().value += 1;
    } else {
      h.push_back({k, 1});
    }
  }
  return h;
}

void Run(int clients, double percentile, int repetitions) {
  const auto key_of = [](double v) { return std::floor(v * 100) / 100; };
  const double truth = std::exp(kMu + kSigma * NormalQuantile(percentile / 100));
  const double truth_key = key_of(truth);
  const std::vector<double> p = {percentile};
  Mulberry32 rng(1234u + static_cast<uint32_t>(clients));
  Tally jackknife, bootstrap, binomial_h, block_h, binomial_x, block_x;
  std::vector<double> all(clients), all_keys(clients);
  for (int rep = 0; rep < repetitions; ++rep) {
    std::vector<std::vector<double>> blocks(kBlocks), block_keys(kBlocks);
    for (int i = 0; i < clients; ++i) {
      const double z = std::sqrt(-2 * std::log(1 - rng.Next())) * std::cos(2 * M_PI * rng.Next());
      const double v = std::exp(kMu + kSigma * z);
      all[i] = v;
      all_keys[i] = key_of(v);
      const int block =
          BlockOf(static_cast<uint64_t>(rep * clients + i) * 0x9E3779B97F4A7C15ull >> 7, kBlocks);
      blocks[block].push_back(v);
      block_keys[block].push_back(all_keys[i]);
    }
    const std::vector<Bucket> total = CountHistogram(all_keys);
    std::vector<std::vector<Bucket>> block_h_data;
    for (auto& k : block_keys) block_h_data.push_back(CountHistogram(k));
    std::sort(all.begin(), all.end());
    for (auto& b : blocks) std::sort(b.begin(), b.end());
    const auto jk = (*JackknifePercentileCi(total, p))[0];
    jackknife.Add(jk.lower <= truth_key && truth_key <= jk.upper, jk.upper - jk.lower);
    const auto bs = BootstrapPercentileCi(total, p, static_cast<uint32_t>(rep));
    if (bs.ok()) {
      bootstrap.Add((*bs)[0].lower <= truth && truth <= (*bs)[0].upper,
                    (*bs)[0].upper - (*bs)[0].lower);
    }
    const auto bh = (*BinomialPercentileCi(total, p, clients))[0];
    binomial_h.Add(bh.lower <= truth_key && truth_key <= bh.upper, bh.upper - bh.lower);
    const auto kh = (*BlockJackknifePercentileCi(block_h_data, p))[0];
    block_h.Add(kh.lower <= truth_key && truth_key <= kh.upper, kh.upper - kh.lower);
    const auto bx = BinomialPercentileCiFromValues(all, p)[0];
    binomial_x.Add(bx.lower <= truth && truth <= bx.upper, bx.upper - bx.lower);
    const auto kx = BlockJackknifePercentileCiFromValues(blocks, p)[0];
    block_x.Add(kx.lower <= truth && truth <= kx.upper, kx.upper - kx.lower);
  }
  const auto print = [&](const char* name, Tally& t) {
    std::printf("| %6d | p%-4g | %-28s | %5.1f%% | %10.3f |\n", clients, percentile, name,
                100.0 * t.covered / static_cast<double>(t.widths.size()), t.MedianWidth());
  };
  print("jackknife (reference)", jackknife);
  print("bootstrap (reference)", bootstrap);
  print("binomial, histogram", binomial_h);
  print("block_jackknife, histogram", block_h);
  print("binomial, exact values", binomial_x);
  print("block_jackknife, exact values", block_x);
}

}  // namespace
}  // namespace opmon::kernels

int main(int argc, char** argv) {
  const int repetitions = argc > 1 ? std::atoi(argv[1]) : 1000;
  std::printf("log-normal(mu=3, sigma=1) clients, %d repetitions, 90%% intervals\n", repetitions);
  std::printf("| clients | pct | method | coverage | median width |\n|---|---|---|---|---|\n");
  for (int clients : {1000, 10000}) {
    for (double p : {50.0, 90.0}) opmon::kernels::Run(clients, p, repetitions);
  }
  return 0;
}
