#pragma once
// A histogram metric's per-client value as the warehouse returns it: a JSON
// array of the client's histograms of the day (json_agg, the examples'
// agg_histograms) or a single histogram. Each element may be any form
// kernels::HistogramParser accepts: a JSON object (Firefox or Glean), or a
// JSON string holding the compact, boolean or count form. JSON nulls are
// skipped.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "services/compute/kernels/histogram.h"
#include "services/compute/kernels/histogram_parse.h"

namespace opmon::compute {

// Reusable (keeps buffers); not thread-safe: one per thread.
class ClientHistogramParser {
 public:
  // Appends every bucket of every histogram in `text` to `out` (duplicate
  // keys kept: the accumulator merges them). InvalidArgument naming the
  // element on malformed input; `out` may then hold part of the buckets.
  absl::Status Parse(std::string_view text, std::vector<kernels::Bucket>& out);

 private:
  absl::Status ParseOne(std::string_view element, size_t index, std::vector<kernels::Bucket>& out);

  kernels::HistogramParser parser_;
  kernels::Histogram histogram_;
  std::string unescaped_;
};

// The end (one past) of the JSON value starting at text[begin] ('{', '[' or
// '"'), honouring strings and escapes; npos when unterminated.
size_t JsonValueEnd(std::string_view text, size_t begin);

}  // namespace opmon::compute
