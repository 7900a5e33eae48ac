#pragma once
// The histogram probes of the synthetic main ping, with Firefox's bucket
// layouts and its legacy-telemetry JSON form:
//   {"bucket_count":50,"histogram_type":0,"sum":412,"range":[1,10000],
//    "values":{"29":3,"34":5,"40":0}}
// Keys of "values" are bucket lower bounds; non-empty buckets are written in
// order followed by the next (empty) bucket, as Firefox writes them.
// Bucket layouts follow Firefox's histogram_tools.py (exponential_buckets,
// linear_buckets); enumerated probes are linear [1, n] with n+1 buckets and
// histogram_type 1, boolean and count probes have 3 buckets and range [1, 2].

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace opmon::datagen {

enum class HistogramKind { kExponential, kLinear, kBoolean, kEnumerated, kCount };

// Firefox's histogram_type code in the JSON.
int HistogramTypeCode(HistogramKind kind);
std::string_view HistogramKindName(HistogramKind kind);

struct ProbeShape {
  std::string_view column;  // telemetry.main column (lower-case probe name)
  HistogramKind kind;
  int64_t low;              // range[0]
  int64_t high;             // range[1]
  int bucket_count;
  std::vector<int64_t> lower_bounds;  // bucket_count entries, ascending, [0] == 0

  // Index of the bucket holding `value` (values below `low` land in bucket 0,
  // values at or above the last bound in the last bucket).
  int BucketOf(double value) const;
};

enum class Probe : int {
  kGcMs = 0,
  kCycleCollectorMaxPause,
  kPerfFirstContentfulPaintMs,
  kMemoryTotal,
  kCycleCollectorSliceDuringIdle,
  kGcIsCompartmental,
  kGcReason2,
  kDevtoolsToolboxOpenedCount,
};
inline constexpr int kProbeCount = 8;

// The shapes, indexed by Probe. Built once; thread-safe to read.
const std::array<ProbeShape, kProbeCount>& ProbeShapes();
inline const ProbeShape& ShapeOf(Probe p) { return ProbeShapes()[static_cast<int>(p)]; }

// Firefox's bucket layouts (exposed for tests).
std::vector<int64_t> ExponentialBuckets(int64_t low, int64_t high, int bucket_count);
std::vector<int64_t> LinearBuckets(int64_t low, int64_t high, int bucket_count);

// Per-bucket counts of one histogram being filled for one ping. Reused
// between pings (Reset) so filling allocates nothing once warmed up.
class HistogramFill {
 public:
  void Reset(const ProbeShape& shape);
  // Records one sample: the value's bucket count +1, the sum +floor(value).
  void Record(double value);
  // Records `n` samples of bucket `index` whose value is `value` each.
  void RecordBucket(int index, int64_t n, int64_t value);
  int64_t samples() const { return samples_; }
  // Appends the Firefox JSON of the histogram to `out`.
  void AppendJson(std::string& out) const;

 private:
  const ProbeShape* shape_ = nullptr;
  std::vector<int64_t> counts_;
  int64_t sum_ = 0;
  int64_t samples_ = 0;
};

}  // namespace opmon::datagen
