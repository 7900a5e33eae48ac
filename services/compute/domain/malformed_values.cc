#include "services/compute/domain/malformed_values.h"

namespace opmon::compute {

void MalformedValues::Record(std::string_view metric, std::string_view sample) {
  ++total_;
  auto it = by_metric_.find(metric);
  if (it == by_metric_.end()) {
    it = by_metric_.emplace(std::string(metric), MalformedCount{std::string(metric), 0, {}}).first;
  }
  ++it->second.count;
  if (it->second.samples.size() < kMaxSamples) {
    std::string text(sample.substr(0, kMaxSampleChars));
    if (sample.size() > kMaxSampleChars) text += "...";
    it->second.samples.push_back(std::move(text));
  }
}

std::vector<MalformedCount> MalformedValues::Counts() const {
  std::vector<MalformedCount> out;
  for (const auto& [name, count] : by_metric_) out.push_back(count);
  return out;
}

}  // namespace opmon::compute
