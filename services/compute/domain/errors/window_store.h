#pragma once
// Reading a set of windows' pings out of the warehouse and replacing those
// windows in opmon, shared by the incremental pass (error_pass.h) and the
// day's recompute (error_day_recompute.h). Windows are replaced whole:
// their aggregate and rejection rows are deleted and written again in the
// caller's transaction, which also bumps the @error_aggregates data version,
// so readers see a window either before or after, never half.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/compute/domain/errors/error_windows.h"
#include "services/compute/domain/errors/ping_copy.h"

namespace pqxx {
class dbtransaction;
}

namespace opmon::compute::errors {

// What a pass or a recompute did (RunErrorAggregation's answer).
struct AggregationOutcome {
  int64_t pings_read = 0;
  int64_t pings_accepted = 0;
  std::map<RejectReason, int64_t> rejected;  // by reason
  int64_t windows_replaced = 0;              // 5-minute windows rewritten
  int64_t rows_written = 0;                  // opmon.error_aggregates rows
  std::optional<int64_t> watermark_us;       // windows ending at or before it are final
  // RecomputeErrorDay only (bench/errors): streaming and aggregating the
  // pings, and replacing the windows.
  absl::Duration read_time;
  absl::Duration write_time;
};

// The windows of `ranges` (window-aligned) summed from both warehouse ping
// tables. Errors: StreamPings's.
absl::StatusOr<ErrorWindows> AggregateWarehouse(const std::string& warehouse_dsn, const std::vector<TimeRange>& ranges);

// Takes the advisory lock every writer of the error windows holds, so two
// replicas replacing the same windows wait for each other. Throws pqxx
// exceptions.
void LockErrorWindows(pqxx::dbtransaction& tx);

// Replaces, inside `tx` (after LockErrorWindows), the aggregate and
// rejection rows of every window starting in `ranges` by `windows`' rows,
// and bumps the data version. Throws pqxx exceptions.
void ReplaceWindows(pqxx::dbtransaction& tx, const std::vector<TimeRange>& ranges, const ErrorWindows& windows);

// Adds to `outcome` what replacing `ranges` by `windows` did (once committed).
void CountReplaced(const std::vector<TimeRange>& ranges, const ErrorWindows& windows, AggregationOutcome& outcome);

}  // namespace opmon::compute::errors
