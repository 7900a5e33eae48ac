#pragma once
// Storing live events: each event is kept once (opmon.live_events,
// deduplicated by event id) and, in the same transaction, added to its
// 5-minute window (window_start = submission_timestamp floored to
// kWindowSeconds from the epoch), its search window and its day's distinct
// clients; the transaction bumps the live data version so the statistics
// cache drops live series. An event id already stored changes nothing, so a
// retried batch counts once. Windows are upserted in key order, so
// concurrent batches cannot deadlock on them.

#include <cstdint>
#include <vector>

#include "common/pg/pg_fwd.h"
#include "services/compute/domain/live/live_event.h"

namespace opmon::compute::live {

struct StoreCounts {
  int64_t stored = 0;      // events new to opmon.live_events
  int64_t duplicates = 0;  // events whose id was already stored (or repeated in the batch)
  int64_t windows = 0;     // enrollment and search window rows inserted or updated

  StoreCounts& operator+=(const StoreCounts& other) {
    stored += other.stored;
    duplicates += other.duplicates;
    windows += other.windows;
    return *this;
  }
};

// Stores `events` inside `tx` (which the caller commits) as above. Throws
// pqxx exceptions.
StoreCounts StoreLiveEvents(pqxx::transaction_base& tx, const std::vector<LiveEvent>& events);

}  // namespace opmon::compute::live
