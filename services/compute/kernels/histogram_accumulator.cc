#include "services/compute/kernels/histogram_accumulator.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "services/compute/kernels/binomial_interval.h"
#include "services/compute/kernels/block_jackknife.h"
#include "services/compute/kernels/bootstrap.h"
#include "services/compute/kernels/histogram_ops.h"
#include "services/compute/kernels/jackknife.h"

namespace opmon::kernels {
namespace {

constexpr double kUnit = 4294967296.0;  // 2^32 fixed-point units per client

}  // namespace

HistogramAccumulator::HistogramAccumulator(int blocks)
    : mass_(static_cast<size_t>(std::clamp(blocks, 2, 1000))),
      client_counts_(mass_.size(), 0) {}

size_t HistogramAccumulator::SlotFor(double key) {
  key += 0.0;  // -0 and 0 are one bucket
  auto [it, inserted] = slots_.try_emplace(key, keys_.size());
  if (inserted) keys_.push_back(key);
  return it->second;
}

absl::Status HistogramAccumulator::AddClient(uint64_t client_hash,
                                             std::span<const Bucket> client_histogram) {
  double total = 0;
  for (size_t i = 0; i < client_histogram.size(); ++i) {
    const Bucket& b = client_histogram[i];
    if (!std::isfinite(b.key) || !std::isfinite(b.value) || b.value < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "histogram[", i, "]: key ", b.key, " value ", b.value,
          " must be finite with value >= 0"));
    }
    total += b.value;
  }
  if (client_histogram.empty()) return absl::OkStatus();
  const int block = BlockOf(client_hash, blocks());
  std::vector<int64_t>& mass = mass_[block];
  for (const Bucket& b : client_histogram) {
    const size_t slot = SlotFor(b.key);
    if (slot >= mass.size()) mass.resize(keys_.size(), 0);
    if (total > 0) mass[slot] += std::llround(b.value / total * kUnit);
  }
  if (total > 0) ++client_counts_[block];
  return absl::OkStatus();
}

absl::Status HistogramAccumulator::Merge(const HistogramAccumulator& other) {
  if (other.blocks() != blocks()) {
    return absl::InvalidArgumentError(absl::StrCat("blocks: cannot merge ", other.blocks(),
                                                   " blocks into ", blocks()));
  }
  std::vector<size_t> remap(other.keys_.size());
  for (size_t s = 0; s < other.keys_.size(); ++s) remap[s] = SlotFor(other.keys_[s]);
  for (size_t k = 0; k < mass_.size(); ++k) {
    const std::vector<int64_t>& theirs = other.mass_[k];
    if (!theirs.empty() && mass_[k].size() < keys_.size()) mass_[k].resize(keys_.size(), 0);
    for (size_t s = 0; s < theirs.size(); ++s) mass_[k][remap[s]] += theirs[s];
    client_counts_[k] += other.client_counts_[k];
  }
  return absl::OkStatus();
}

std::vector<std::vector<Bucket>> HistogramAccumulator::BlockHistograms() const {
  std::vector<size_t> order(keys_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys_[a] < keys_[b]; });
  std::vector<std::vector<Bucket>> out(mass_.size());
  for (size_t k = 0; k < mass_.size(); ++k) {
    out[k].reserve(order.size());
    for (size_t s : order) {
      const int64_t m = s < mass_[k].size() ? mass_[k][s] : 0;
      out[k].push_back({keys_[s], static_cast<double>(m) / kUnit});
    }
  }
  return out;
}

std::vector<Bucket> HistogramAccumulator::MergedHistogram() const {
  std::vector<size_t> order(keys_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return keys_[a] < keys_[b]; });
  std::vector<Bucket> out;
  out.reserve(order.size());
  for (size_t s : order) {
    int64_t m = 0;
    for (const auto& block : mass_) m += s < block.size() ? block[s] : 0;
    out.push_back({keys_[s], static_cast<double>(m) / kUnit});
  }
  return out;
}

int64_t HistogramAccumulator::clients() const {
  return std::accumulate(client_counts_.begin(), client_counts_.end(), int64_t{0});
}

size_t HistogramAccumulator::MemoryBytes() const {
  size_t bytes = sizeof(*this) + keys_.capacity() * sizeof(double) +
                 slots_.capacity() * (sizeof(double) + sizeof(size_t) + 1) +
                 client_counts_.capacity() * sizeof(int64_t);
  for (const auto& m : mass_) bytes += sizeof(m) + m.capacity() * sizeof(int64_t);
  return bytes;
}

absl::StatusOr<std::vector<StatisticRow>> HistogramAccumulator::Finalize(
    const StatisticSpec& spec) const {
  if (spec.kind != StatisticKind::kPercentile) {
    return absl::InvalidArgumentError(absl::StrCat(
        "statistic: ", std::string(ToString(spec.kind)),
        " is not implemented for histogram metrics (only percentile)"));
  }
  if (absl::Status s = ValidateStatisticSpec(spec); !s.ok()) return s;
  if (spec.blocks != blocks()) {
    return absl::InvalidArgumentError(
        absl::StrCat("blocks: spec has ", spec.blocks, ", accumulator ", blocks()));
  }
  absl::StatusOr<std::vector<PercentileCiRow>> rows;
  switch (spec.method) {
    case CiMethod::kJackknife:
      rows = JackknifePercentileCi(MergedHistogram(), spec.percentiles);
      break;
    case CiMethod::kBootstrap:
      rows = BootstrapPercentileCi(MergedHistogram(), spec.percentiles, spec.seed);
      break;
    case CiMethod::kBinomial:
      rows = BinomialPercentileCi(MergedHistogram(), spec.percentiles, clients(),
                                  spec.confidence, spec.point);
      break;
    case CiMethod::kBlockJackknife:
      rows = BlockJackknifePercentileCi(BlockHistograms(), spec.percentiles, spec.confidence,
                                        spec.point);
      break;
  }
  if (!rows.ok()) return rows.status();
  std::vector<StatisticRow> out;
  for (const PercentileCiRow& r : *rows) {
    out.push_back({StatisticKind::kPercentile, StatisticParameter::Number(r.percentile), r.point, r.lower, r.upper});
  }
  return out;
}

}  // namespace opmon::kernels
