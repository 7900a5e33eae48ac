#pragma once
// One incremental pass of the error aggregation: finds the windows whose
// pings changed since they were aggregated and replaces them. Windows from
// `late_bound` before how far the last pass read (opmon.error_sources) are
// compared: the warehouse's ping count per window (both tables) against the
// count stored for it (accepted pings of its population rows plus its
// rejections). Windows that differ - new pings, late pings, pings removed -
// and are not in a final day (opmon.error_final_days) are re-aggregated
// from the warehouse, one transaction per UTC day; the last one moves
// read_until of both sources to the latest receive time seen. The first
// pass reads the whole warehouse. Idempotent: replicas may run passes
// concurrently (writers take one advisory lock).

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/compute/domain/errors/window_store.h"

namespace opmon::pg {
class Pool;
}

namespace opmon::compute::errors {

struct ErrorPassOptions {
  absl::Duration late_bound = absl::Hours(1);
};

// Errors: the warehouse's or opmon's database errors; days committed before
// an error stay.
absl::StatusOr<AggregationOutcome> RunErrorPass(pg::Pool& warehouse, pg::Pool& opmon, const ErrorPassOptions& options);

}  // namespace opmon::compute::errors
