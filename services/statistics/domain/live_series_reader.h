#pragma once
// Reads what a live series is derived from (live_series.h) for one
// experiment, in one snapshot with the live data version
// (live::kDataVersionKey), so a cached series never mixes two writes.
// Functions here may throw pqxx exceptions: call them inside pg::Pool::Run.

#include <cstdint>
#include <string>

#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/live_series.h"

namespace opmon::statistics {

// The sums of `source` for `experiment` (every window since its first data)
// and the live data version, read in one REPEATABLE READ snapshot.
LiveInputs ReadLiveInputs(pqxx::connection_base& conn, const std::string& experiment, LiveSource source);

}  // namespace opmon::statistics
