#include "services/statistics/domain/legacy_histogram_merge.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/escaping.h"
#include "common/status/status_macros.h"

namespace opmon::statistics {
namespace {

absl::Status AddChecked(std::int64_t& total, std::int64_t value, std::string_view what, std::string_view date,
                        std::string_view label) {
  if (__builtin_add_overflow(total, value, &total)) {
    return absl::OutOfRangeError(absl::StrCat(LegacyRowLocation(date, label), ": the merged ", std::string(what), " passes 2^63 - 1"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string LegacyRowLocation(std::string_view date, std::string_view label) {
  return absl::StrCat("legacy aggregate of ", std::string(date), " label \"", absl::CHexEscape(std::string(label)),
                      "\"");
}

absl::Status LegacyHistogramMerger::Add(std::string_view date, std::string_view label,
                                        std::span<const std::int64_t> aggregate) {
  if (aggregate.size() < 2) {
    return absl::FailedPreconditionError(absl::StrCat(LegacyRowLocation(date, label), ": ", aggregate.size(),
                                                      " elements, fewer than the sum and the count"));
  }
  const std::size_t buckets = aggregate.size() - 2;
  auto [it, inserted] = merged_.try_emplace({std::string(date), std::string(label)});
  LegacyHistogram& h = it->second;
  if (inserted) {
    h.date = date;
    h.label = label;
    h.buckets.assign(buckets, 0);
  } else if (h.buckets.size() != buckets) {
    return absl::FailedPreconditionError(absl::StrCat(LegacyRowLocation(date, label), ": a row with ", buckets,
                                                      " buckets among rows with ", h.buckets.size(),
                                                      "; re-import that day"));
  }
  for (std::size_t i = 0; i < buckets; ++i) {
    OPMON_RETURN_IF_ERROR(AddChecked(h.buckets[i], aggregate[i], absl::StrCat("bucket ", i), date, label));
  }
  OPMON_RETURN_IF_ERROR(AddChecked(h.sum, aggregate[buckets], "sum", date, label));
  OPMON_RETURN_IF_ERROR(AddChecked(h.count, aggregate[buckets + 1], "count", date, label));
  ++h.rows;
  return absl::OkStatus();
}

std::vector<LegacyHistogram> LegacyHistogramMerger::Finish() && {
  std::vector<LegacyHistogram> out;
  out.reserve(merged_.size());
  for (auto& [key, h] : merged_) out.push_back(std::move(h));
  return out;
}

}  // namespace opmon::statistics
