#pragma once
// Merging legacy (mozaggregator) aggregates as the reference aggregates API
// did: every stored row's array is its histogram's buckets followed by the
// sum and the count of the values; the rows of one (date, label) become one
// histogram whose buckets are the bucket-wise sums, whose sum is the sum of
// the sums and whose count is the sum of the counts. The sum and the count
// are never added into the buckets.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace opmon::statistics {

// One (date, label)'s merged histogram.
struct LegacyHistogram {
  std::string date;   // YYYYMMDD
  std::string label;  // "" for an unkeyed histogram (a NULL label)
  std::vector<std::int64_t> buckets;
  std::int64_t sum = 0;
  std::int64_t count = 0;
  std::int64_t rows = 0;  // stored rows merged
  bool operator==(const LegacyHistogram&) const = default;
};

// `legacy aggregate of <date> label "<label, C-escaped>"`: where error
// messages say a stored row is.
std::string LegacyRowLocation(std::string_view date, std::string_view label);

class LegacyHistogramMerger {
 public:
  // Adds one stored row's aggregate (buckets..., sum, count) to its
  // (date, label). FailedPrecondition naming the date, the label and the
  // lengths when the array has fewer than two elements or a bucket count
  // other than the rows already merged into that (date, label) (the stored
  // data is inconsistent: re-import the day); OutOfRange when a total would
  // pass 2^63 - 1. After an error the merger must not be used further.
  absl::Status Add(std::string_view date, std::string_view label, std::span<const std::int64_t> aggregate);

  // The merged histograms, by date then label.
  std::vector<LegacyHistogram> Finish() &&;

 private:
  std::map<std::pair<std::string, std::string>, LegacyHistogram> merged_;
};

}  // namespace opmon::statistics
