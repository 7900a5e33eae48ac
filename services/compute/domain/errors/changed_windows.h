#pragma once
// What an incremental error pass (error_pass.h) re-aggregates, decided from
// counts alone: a window whose warehouse ping count differs from the count
// stored for it (its accepted pings plus its rejections), or one stored but
// no longer in the warehouse; never a window of a final day. Pure: the pass
// reads the counts, this decides.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "services/compute/domain/errors/ping_copy.h"

namespace opmon::compute::errors {

struct WindowCounts {
  std::map<int64_t, int64_t> warehouse;  // window start (µs since the epoch) -> pings in the warehouse
  std::map<int64_t, int64_t> stored;     // window start -> pings stored for it
  std::set<std::string> final_days;      // "YYYY-MM-DD" (UTC) of opmon.error_final_days
};

// The changed windows, one entry per UTC day in time order (a pass commits
// each day in its own transaction), each day's windows as ranges of
// consecutive windows. Empty when nothing changed.
std::vector<std::vector<TimeRange>> ChangedWindowsByDay(const WindowCounts& counts);

}  // namespace opmon::compute::errors
