// libFuzzer target: arbitrary (key, value) histograms and percentiles through
// every interval method; errors are statuses, never crashes or hangs.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "services/compute/kernels/percentile_ci.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  opmon::kernels::PercentileCiRequest request;
  request.method = static_cast<opmon::CiMethod>(data[0] % 4);
  const size_t percentiles = 1 + data[1] % 4;
  request.seed = data[2];
  request.blocks = 2 + data[3] % 30;
  // Bounded pseudo-client count: splitting costs O(clients).
  if (request.method == opmon::CiMethod::kBlockJackknife) request.clients = 1 + data[3] * 20;
  data += 4;
  size -= 4;
  for (size_t i = 0; i < percentiles && size >= 1; ++i) {
    request.percentiles.push_back(data[0] % 102);  // 101: out of range
    ++data;
    --size;
  }
  while (size >= 4 && request.histogram.size() < 300) {
    uint16_t key, value;
    std::memcpy(&key, data, 2);
    std::memcpy(&value, data + 2, 2);
    // Small fractional masses, some huge, some zero: the shapes that stress
    // the jackknife margins and the bootstrap's dropped draws.
    const double v = (value & 0x8000) ? (value & 0x7fff) * 1e3 : (value & 0x7fff) / 1024.0;
    request.histogram.push_back({static_cast<double>(key % 2000) - 10, v});
    data += 4;
    size -= 4;
  }
  (void)opmon::kernels::ComputePercentileCi(request);
  return 0;
}
