#include "services/compute/domain/errors/changed_windows.h"

#include <algorithm>

#include "common/errors/error_aggregates.h"

namespace opmon::compute::errors {
namespace {

constexpr int64_t kWindowUs = opmon::errors::kWindowMicros;
constexpr int64_t kDayUs = int64_t{86400} * 1000000;

int64_t DayOf(int64_t us) { return us >= 0 ? us / kDayUs : -((-us + kDayUs - 1) / kDayUs); }

}  // namespace

std::vector<std::vector<TimeRange>> ChangedWindowsByDay(const WindowCounts& counts) {
  // Day -> its changed windows; both maps iterate in time order.
  std::map<int64_t, std::vector<int64_t>> changed;
  auto consider = [&](int64_t window, int64_t pings) {
    const auto stored = counts.stored.find(window);
    if (stored != counts.stored.end() && stored->second == pings) return;
    if (counts.final_days.contains(FormatUtcTimestampUs(window).substr(0, 10))) return;
    changed[DayOf(window)].push_back(window);
  };
  for (const auto& [window, pings] : counts.warehouse) consider(window, pings);
  for (const auto& [window, pings] : counts.stored) {
    if (!counts.warehouse.contains(window)) consider(window, -1);
  }
  std::vector<std::vector<TimeRange>> days;
  for (auto& [day, windows] : changed) {
    std::sort(windows.begin(), windows.end());  // the gone ones were appended after the others
    std::vector<TimeRange>& ranges = days.emplace_back();
    for (int64_t w : windows) {
      if (!ranges.empty() && ranges.back().to_us == w) {
        ranges.back().to_us = w + kWindowUs;
      } else {
        ranges.push_back(TimeRange{w, w + kWindowUs});
      }
    }
  }
  return days;
}

}  // namespace opmon::compute::errors
