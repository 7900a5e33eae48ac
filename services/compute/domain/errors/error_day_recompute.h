#pragma once
// The final recompute of one UTC day of error windows: every window of the
// day re-aggregated from both warehouse ping tables and replaced in one
// transaction that also records the day in opmon.error_final_days (the
// incremental pass leaves final days alone from then on) and bumps the
// data version. Windows are epoch-aligned: a day's windows are exactly
// those starting in it. Idempotent.

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/compute/domain/errors/window_store.h"

namespace opmon::pg {
class Pool;
}

namespace opmon::compute::errors {

// Errors: the warehouse's or opmon's database errors (nothing is written then).
absl::StatusOr<AggregationOutcome> RecomputeErrorDay(pg::Pool& warehouse, pg::Pool& opmon, absl::CivilDay day);

}  // namespace opmon::compute::errors
