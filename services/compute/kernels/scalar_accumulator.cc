#include "services/compute/kernels/scalar_accumulator.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "services/compute/kernels/binomial_interval.h"
#include "services/compute/kernels/block_jackknife.h"
#include "services/compute/kernels/compensated_sum.h"
#include "services/compute/kernels/scalar_percentiles.h"

namespace opmon::kernels {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Whether every value of the (sorted) blocks is the same.
bool IsConstant(const std::vector<std::vector<double>>& sorted) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const auto& b : sorted) {
    if (b.empty()) continue;
    lo = std::min(lo, b.front());
    hi = std::max(hi, b.back());
  }
  return lo == hi;
}

}  // namespace

ScalarAccumulator::ScalarAccumulator(int blocks)
    : values_(static_cast<size_t>(std::clamp(blocks, 2, 1000))),
      nulls_(values_.size(), 0) {}

void ScalarAccumulator::AddClient(uint64_t client_hash, std::optional<double> value) {
  const int block = BlockOf(client_hash, blocks());
  if (!value || std::isnan(*value)) {
    ++nulls_[block];
  } else {
    values_[block].push_back(*value);
  }
}

absl::Status ScalarAccumulator::Merge(const ScalarAccumulator& other) {
  if (other.blocks() != blocks()) {
    return absl::InvalidArgumentError(absl::StrCat("blocks: cannot merge ", other.blocks(),
                                                   " blocks into ", blocks()));
  }
  for (size_t k = 0; k < values_.size(); ++k) {
    values_[k].insert(values_[k].end(), other.values_[k].begin(), other.values_[k].end());
    nulls_[k] += other.nulls_[k];
  }
  return absl::OkStatus();
}

int64_t ScalarAccumulator::clients() const {
  int64_t n = null_clients();
  for (const auto& v : values_) n += static_cast<int64_t>(v.size());
  return n;
}

int64_t ScalarAccumulator::null_clients() const {
  int64_t n = 0;
  for (int64_t v : nulls_) n += v;
  return n;
}

size_t ScalarAccumulator::MemoryBytes() const {
  size_t bytes = sizeof(*this) + nulls_.capacity() * sizeof(int64_t);
  for (const auto& v : values_) bytes += sizeof(v) + v.capacity() * sizeof(double);
  return bytes;
}

absl::StatusOr<std::vector<StatisticRow>> ScalarAccumulator::Finalize(
    const StatisticSpec& spec) const {
  if (absl::Status s = ValidateStatisticSpec(spec); !s.ok()) return s;
  if (spec.blocks != blocks()) {
    return absl::InvalidArgumentError(
        absl::StrCat("blocks: spec has ", spec.blocks, ", accumulator ", blocks()));
  }
  const StatisticKind kind = spec.kind;
  std::vector<std::vector<double>> sorted = values_;
  for (auto& b : sorted) std::sort(b.begin(), b.end());
  std::vector<double> block_sums(sorted.size());
  int64_t n = 0;
  for (size_t k = 0; k < sorted.size(); ++k) {
    block_sums[k] = CompensatedSum(sorted[k]);
    n += static_cast<int64_t>(sorted[k].size());
  }
  const double total = CompensatedSum(block_sums);
  switch (spec.kind) {
    case StatisticKind::kCount:
      return std::vector<StatisticRow>{{kind, {}, static_cast<double>(n), kNaN, kNaN}};
    case StatisticKind::kSum:
      return std::vector<StatisticRow>{{kind, {}, n == 0 ? kNaN : total, kNaN, kNaN}};
    case StatisticKind::kMean: {
      if (n == 0) return std::vector<StatisticRow>{{kind, {}, kNaN, kNaN, kNaN}};
      std::vector<double> loo;
      for (size_t k = 0; k < sorted.size(); ++k) {
        const int64_t rest = n - static_cast<int64_t>(sorted[k].size());
        if (sorted[k].empty()) continue;
        loo.push_back(rest == 0 ? kNaN : (total - block_sums[k]) / static_cast<double>(rest));
      }
      const double mean = total / static_cast<double>(n);
      const Interval ci =
          SkewCorrectedMeanInterval(mean, loo, SampleSkewness(sorted, mean), n, spec.confidence);
      if (ci.lower == ci.upper && (mean == 0 || mean == 1) && IsConstant(sorted)) {
        // A 0/1 metric nobody (or everybody) had: not known exactly.
        const ProportionBounds b = AllOrNoneProportionBounds(mean == 1, n, spec.confidence);
        return std::vector<StatisticRow>{{kind, {}, mean, b.lower, b.upper}};
      }
      return std::vector<StatisticRow>{{kind, {}, ci.point, ci.lower, ci.upper}};
    }
    case StatisticKind::kQuantile: {
      std::vector<double> all;
      all.reserve(static_cast<size_t>(n));
      for (const auto& b : sorted) all.insert(all.end(), b.begin(), b.end());
      std::sort(all.begin(), all.end());
      double point = kNaN;
      if (!all.empty()) {
        const double rank = std::ceil(static_cast<double>(all.size()) * spec.quantile /
                                      spec.number_of_quantiles);
        point = all[static_cast<size_t>(std::max(1.0, rank)) - 1];
      }
      return std::vector<StatisticRow>{
          {kind, StatisticParameter::Number(spec.quantile), point, kNaN, kNaN}};
    }
    case StatisticKind::kPercentile: {
      if (!spec.remove_nulls && !spec.reference_buckets) {
        // A NULL client is a 0 (COALESCE(..., 0.0) in the reference).
        for (size_t k = 0; k < sorted.size(); ++k) {
          if (nulls_[k] == 0) continue;
          sorted[k].insert(sorted[k].end(), static_cast<size_t>(nulls_[k]), 0.0);
          std::sort(sorted[k].begin(), sorted[k].end());
        }
      }
      std::vector<int64_t> nulls = nulls_;
      if (spec.remove_nulls || !spec.reference_buckets) std::fill(nulls.begin(), nulls.end(), 0);
      auto rows = ScalarPercentileRows(sorted, nulls, spec);
      if (!rows.ok()) return rows.status();
      std::vector<StatisticRow> out;
      for (const PercentileCiRow& r : *rows) {
        out.push_back({kind, StatisticParameter::Number(r.percentile), r.point, r.lower, r.upper});
      }
      return out;
    }
    case StatisticKind::kTotalRatio:
      break;
  }
  return absl::InvalidArgumentError(
      "statistic: total_ratio needs a RatioAccumulator (numerator and denominator per client)");
}

}  // namespace opmon::kernels
