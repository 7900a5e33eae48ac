#pragma once
// Parsing of telemetry histograms in every form mozfun hist.extract accepts:
//   Firefox JSON  {"bucket_count":10,"histogram_type":1,"sum":2628,
//                  "range":[1,100],"values":{"0":12434,"1":297,"13":8}}
//   Glean JSON    {"sum":123,"values":{"1":2,"7":1}} (other fields ignored)
//   compact       "bucket_count;type;sum;lo,hi;k:v,k:v" (entries shorter
//                 than 3 characters are skipped, as in the reference)
//   boolean       "a,b"  -> {0:a, 1:b, 2:0}, type 2, sum b
//   count         "n"    -> {0:n, 1:0}, type 4, sum n
// The form is chosen as the reference chooses it: a leading '{' (after
// trimming) is JSON; else five ';'-separated parts are compact; else two or
// one ','-separated parts are boolean or count.
//
// Errors are InvalidArgument naming the problem, never a crash: malformed
// JSON or numbers, a non-numeric bucket key, a negative, non-finite or
// non-numeric count, and text of no form (the reference yields NULL there).
// JSON is parsed with simdjson (runtime-dispatched SIMD kernels): arrays of
// histograms first with the On-Demand API, which builds no tree; input it
// does not accept is parsed again with the DOM API for the error message.

#include <memory>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/compute/kernels/histogram.h"

namespace opmon::kernels {

// Reusable parser: keeps its buffers between calls, so parsing millions of
// histograms allocates nothing per call once warmed up. Not thread-safe; use
// one per thread.
class HistogramParser {
 public:
  HistogramParser();
  ~HistogramParser();
  HistogramParser(const HistogramParser&) = delete;
  HistogramParser& operator=(const HistogramParser&) = delete;

  // Parses `text` into `out` (cleared first; values in order of appearance,
  // duplicates kept). On error `out` is left in an unspecified valid state.
  absl::Status Parse(std::string_view text, Histogram& out);

  // A client's histograms as the warehouse aggregates them: a JSON array
  // whose elements are histogram objects, or JSON strings holding any form
  // above (nulls skipped), parsed in one pass; or a single histogram of any
  // form. Appends every element's buckets to `out` in order (duplicate keys
  // kept). InvalidArgument naming the element ("histogram 1: ...") on
  // malformed input; `out` may then hold part of the buckets.
  absl::Status ParseAll(std::string_view text, std::vector<Bucket>& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One-off convenience over HistogramParser.
absl::StatusOr<Histogram> ParseHistogram(std::string_view text);

}  // namespace opmon::kernels
