#pragma once
// Histograms as the kernels see them: a list of (key, value) buckets, where
// the key is a bucket's lower bound and the value a count or, after
// normalisation, a mass. A *canonical* bucket list has strictly increasing
// keys; merge and accumulation work on canonical lists. Parsed telemetry keeps
// its metadata (bucket_count, type, sum, range) beside the buckets.

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace opmon::kernels {

struct Bucket {
  double key = 0;
  double value = 0;
  friend bool operator==(const Bucket&, const Bucket&) = default;
};

// One telemetry histogram as sent (hist.extract's struct). `values` keeps the
// order of appearance and any duplicate keys; Canonicalize() sorts and sums.
struct Histogram {
  int64_t bucket_count = 0;
  int64_t histogram_type = 0;
  double sum = 0;
  std::optional<std::pair<int64_t, int64_t>> range;
  std::vector<Bucket> values;
};

}  // namespace opmon::kernels
