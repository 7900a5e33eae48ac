#pragma once
// Reading a set of windows' pings out of the warehouse and replacing those
// windows in opmon, shared by the incremental pass (error_pass.h) and the
// day's recompute (error_day_recompute.h). Windows are replaced whole:
// their aggregate and rejection rows are deleted and written again in the
// caller's transaction, which also bumps the @error_aggregates data version,
// so readers see a window either before or after, never half.

#include <cstdint>
#include <map>
#include <optional>
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
  // RecomputeErrorDay only (bench/errors, tests): streaming and aggregating
  // the pings while the windows they close are written, then the rest (the
  // final day's record and the commit); AggregateAndReplace's counts.
  absl::Duration read_time;
  absl::Duration write_time;
  int64_t windows_written_early = 0;
  int64_t windows_rewritten = 0;
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

// Reads the pings of one window-aligned range (crash pings first, then main
// pings) and replaces its windows inside `tx` (after LockErrorWindows) as
// AggregateWarehouse and ReplaceWindows would, but writes windows while the
// main pings are still read, so PostgreSQL stores early windows while
// later ones are read. That pays while the scan meets the pings roughly in
// time order (a warehouse appends them as they arrive; heap pages mix them
// a little): after kWarmUpPings main pings, a window is written once the
// newest ping is past its end by kCloseAfterSeconds or by twice the most
// any ping has come behind a newer one, whichever is more; not at all
// once that disorder passes kMaxDisorderSeconds (pings in no time order)
// or more than kMaxRewrittenWindows windows were written too early. A ping
// for a window already written sends that window again at the end (COPY
// cannot update). Same rows as the two calls whatever the order. Errors:
// StreamPings's (the caller must not commit then); throws pqxx exceptions.
inline constexpr int64_t kCloseAfterSeconds = 600;
inline constexpr int64_t kMaxDisorderSeconds = 3 * 3600;
inline constexpr int64_t kWarmUpPings = 1000;
inline constexpr size_t kMaxRewrittenWindows = 12;
struct StreamedWindows {
  ErrorWindows windows;
  int64_t written_early = 0;  // windows written while pings were still read
  int64_t rewritten = 0;      // of those, written again for a late ping
};
absl::StatusOr<StreamedWindows> AggregateAndReplace(pqxx::dbtransaction& tx, const std::string& warehouse_dsn,
                                                    TimeRange range);

// Adds to `outcome` what replacing `ranges` by `windows` did (once committed).
void CountReplaced(const std::vector<TimeRange>& ranges, const ErrorWindows& windows, AggregationOutcome& outcome);

}  // namespace opmon::compute::errors
