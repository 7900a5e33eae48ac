#include "services/compute/domain/errors/window_store.h"

#include <pqxx/pqxx>
#include <pqxx/tablewriter>

#include "absl/strings/str_cat.h"
#include "common/errors/error_aggregates.h"
#include "common/results/data_version.h"

// pqxx 6.4 has no non-deprecated way to send COPY text lines (stream_to
// takes tuples and hides write_raw_line); tablewriter's raw lines are the
// adapter's COPY, as in legacy_importer.cc.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace opmon::compute::errors {
namespace {

constexpr std::string_view kLockSql = "SELECT pg_advisory_xact_lock(hashtext('opmon.error_aggregates'))";

std::string S(std::string_view v) { return std::string(v); }

}  // namespace

absl::StatusOr<ErrorWindows> AggregateWarehouse(const std::string& warehouse_dsn, const std::vector<TimeRange>& ranges) {
  ErrorWindows windows;
  for (PingSource source : {PingSource::kMain, PingSource::kCrash}) {
    absl::Status status =
        StreamPings(warehouse_dsn, source, ranges, [&](const RawErrorPing& ping) { windows.Add(ping); });
    if (!status.ok()) return status;
  }
  return windows;
}

void LockErrorWindows(pqxx::dbtransaction& tx) { tx.exec(S(kLockSql)); }

void ReplaceWindows(pqxx::dbtransaction& tx, const std::vector<TimeRange>& ranges, const ErrorWindows& windows) {
  for (const TimeRange& r : ranges) {
    const std::string from = FormatUtcTimestampUs(r.from_us), to = FormatUtcTimestampUs(r.to_us);
    for (std::string_view table : {opmon::errors::kAggregatesTable, opmon::errors::kRejectionsTable}) {
      tx.exec_params(absl::StrCat("DELETE FROM ", S(table),
                                  " WHERE window_start >= $1::timestamptz AND window_start < $2::timestamptz"),
                     from, to);
    }
  }
  {
    pqxx::tablewriter writer(tx, absl::StrCat(S(opmon::errors::kAggregatesTable), " (", AggregateCopyColumns(), ")"));
    windows.ForEachAggregateLine([&](const std::string& line) { writer.write_raw_line(line); });
    writer.complete();
  }
  {
    pqxx::tablewriter writer(tx,
                             absl::StrCat(S(opmon::errors::kRejectionsTable), " (", S(kRejectionCopyColumns), ")"));
    for (const std::string& line : windows.RejectionLines()) writer.write_raw_line(line);
    writer.complete();
  }
  results::BumpDataVersion(tx, S(opmon::errors::kDataVersionKey));
}

void CountReplaced(const std::vector<TimeRange>& ranges, const ErrorWindows& windows, AggregationOutcome& outcome) {
  for (const TimeRange& r : ranges) {
    outcome.windows_replaced += (r.to_us - r.from_us) / (int64_t{opmon::errors::kWindowSeconds} * 1000000);
  }
  outcome.pings_read += windows.pings();
  int64_t rejected = 0;
  for (const auto& [reason, pings] : windows.RejectedByReason()) {
    outcome.rejected[reason] += pings;
    rejected += pings;
  }
  outcome.pings_accepted += windows.pings() - rejected;
  outcome.rows_written += static_cast<int64_t>(windows.row_count());
}

}  // namespace opmon::compute::errors
