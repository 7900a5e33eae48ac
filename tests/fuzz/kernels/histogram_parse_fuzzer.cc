// libFuzzer target: every histogram form, and a client's array of them
// (ParseAll: the On-Demand pass, then the DOM pass for what it refuses), must
// parse or fail with a status, never crash; a parsed histogram then goes
// through the client accumulator.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "services/compute/kernels/histogram_accumulator.h"
#include "services/compute/kernels/histogram_ops.h"
#include "services/compute/kernels/histogram_parse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static opmon::kernels::HistogramParser parser;
  opmon::kernels::Histogram h;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<opmon::kernels::Bucket> all;
  (void)parser.ParseAll(text, all);
  if (!parser.Parse(text, h).ok()) return 0;
  opmon::kernels::HistogramAccumulator acc(4);
  (void)acc.AddClient(size, h.values);
  opmon::kernels::Canonicalize(h.values);
  (void)opmon::kernels::Normalize(h.values);
  return 0;
}
