#pragma once
// The final recompute of one UTC day: its enrollment and search windows and
// its daily clients replaced, in one transaction, by aggregates of the
// deduplicated events stored for that day. The transaction holds a SHARE
// lock on opmon.live_events, so batches being stored wait for it and none
// is half-counted. Windows are epoch-aligned: a day's windows are exactly
// those starting in it. The live data version is bumped unless the day had
// nothing, stored or aggregated.

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace opmon::pg {
class Pool;
}

namespace opmon::compute::live {

struct RecomputeCounts {
  int64_t events = 0;   // stored events of the day
  int64_t windows = 0;  // window rows written
};

// Errors: the database's, after the pool's retries.
absl::StatusOr<RecomputeCounts> RecomputeLiveDay(pg::Pool& pool, absl::CivilDay day);

}  // namespace opmon::compute::live
