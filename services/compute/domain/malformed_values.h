#pragma once
// Malformed per-client values (an unparseable histogram, a number that is
// not one) counted per metric with a few samples: a job reports them and
// carries on, it never fails because of them.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace opmon::compute {

struct MalformedCount {
  std::string metric;
  int64_t count = 0;
  std::vector<std::string> samples;  // at most kMaxSamples, each truncated
  bool operator==(const MalformedCount&) const = default;
};

class MalformedValues {
 public:
  static constexpr size_t kMaxSamples = 3;
  static constexpr size_t kMaxSampleChars = 200;

  // `sample`: the offending value and why, e.g. "histogram 0: ... in {...}".
  void Record(std::string_view metric, std::string_view sample);

  int64_t total() const { return total_; }
  // Sorted by metric.
  std::vector<MalformedCount> Counts() const;

 private:
  std::map<std::string, MalformedCount, std::less<>> by_metric_;
  int64_t total_ = 0;
};

}  // namespace opmon::compute
