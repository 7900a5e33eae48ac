#include "services/compute/kernels/ratio_accumulator.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <limits>

#include "absl/strings/str_cat.h"
#include "services/compute/kernels/block_jackknife.h"
#include "services/compute/kernels/compensated_sum.h"

namespace opmon::kernels {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<double> SortedBlockSums(const std::vector<std::vector<double>>& blocks) {
  std::vector<double> sums;
  std::vector<double> scratch;
  for (const auto& b : blocks) {
    scratch = b;
    std::sort(scratch.begin(), scratch.end());
    sums.push_back(CompensatedSum(scratch));
  }
  return sums;
}

}  // namespace

RatioAccumulator::RatioAccumulator(int blocks)
    : numerators_(static_cast<size_t>(std::clamp(blocks, 2, 1000))),
      denominators_(numerators_.size()) {}

void RatioAccumulator::AddClient(uint64_t client_hash, std::optional<double> numerator,
                                 std::optional<double> denominator) {
  const int block = BlockOf(client_hash, blocks());
  if (numerator && !std::isnan(*numerator)) numerators_[block].push_back(*numerator);
  if (denominator && !std::isnan(*denominator)) denominators_[block].push_back(*denominator);
}

absl::Status RatioAccumulator::Merge(const RatioAccumulator& other) {
  if (other.blocks() != blocks()) {
    return absl::InvalidArgumentError(absl::StrCat("blocks: cannot merge ", other.blocks(),
                                                   " blocks into ", blocks()));
  }
  for (size_t k = 0; k < numerators_.size(); ++k) {
    numerators_[k].insert(numerators_[k].end(), other.numerators_[k].begin(),
                          other.numerators_[k].end());
    denominators_[k].insert(denominators_[k].end(), other.denominators_[k].begin(),
                            other.denominators_[k].end());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StatisticRow>> RatioAccumulator::Finalize(
    const StatisticSpec& spec) const {
  if (spec.kind != StatisticKind::kTotalRatio) {
    return absl::InvalidArgumentError(absl::StrCat(
        "statistic: ", std::string(ToString(spec.kind)), " is not total_ratio"));
  }
  if (absl::Status s = ValidateStatisticSpec(spec); !s.ok()) return s;
  if (spec.blocks != blocks()) {
    return absl::InvalidArgumentError(
        absl::StrCat("blocks: spec has ", spec.blocks, ", accumulator ", blocks()));
  }
  const std::vector<double> num = SortedBlockSums(numerators_);
  const std::vector<double> den = SortedBlockSums(denominators_);
  size_t num_count = 0, den_count = 0;
  for (size_t k = 0; k < num.size(); ++k) {
    num_count += numerators_[k].size();
    den_count += denominators_[k].size();
  }
  const double num_total = CompensatedSum(num);
  const double den_total = CompensatedSum(den);
  std::vector<StatisticRow> rows;
  const StatisticParameter denominator = StatisticParameter::Name(spec.denominator_metric);
  if (num_count == 0 || den_count == 0) {
    rows.push_back({StatisticKind::kTotalRatio, denominator, kNaN, kNaN, kNaN});
    return rows;
  }
  if (den_total == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "total_ratio: the denominator ", spec.denominator_metric, " sums to 0"));
  }
  std::vector<double> loo;
  for (size_t k = 0; k < num.size(); ++k) {
    if (numerators_[k].empty() && denominators_[k].empty()) continue;
    const double d = den_total - den[k];
    loo.push_back(d == 0 ? kNaN : (num_total - num[k]) / d);
  }
  const Interval ci = BlockJackknifeInterval(num_total / den_total, loo, spec.confidence);
  rows.push_back({StatisticKind::kTotalRatio, denominator, ci.point, ci.lower, ci.upper});
  return rows;
}

}  // namespace opmon::kernels
