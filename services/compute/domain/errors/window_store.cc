#include "services/compute/domain/errors/window_store.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/errors/error_aggregates.h"
#include "common/pg/copy_writer.h"
#include "common/results/data_version.h"
#include "common/status/status_macros.h"

namespace opmon::compute::errors {
namespace {

constexpr int64_t kWindowUs = opmon::errors::kWindowMicros;

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

namespace {

// Deletes `table`'s rows of the windows starting in `range`.
void DeleteWindows(pqxx::dbtransaction& tx, std::string_view table, TimeRange range) {
  tx.exec_params(
      absl::StrCat("DELETE FROM ", S(table), " WHERE window_start >= $1::timestamptz AND window_start < $2::timestamptz"),
      FormatUtcTimestampUs(range.from_us), FormatUtcTimestampUs(range.to_us));
}

void DeleteRanges(pqxx::dbtransaction& tx, const std::vector<TimeRange>& ranges) {
  for (const TimeRange& r : ranges) {
    for (std::string_view table : {opmon::errors::kAggregatesTable, opmon::errors::kRejectionsTable}) {
      DeleteWindows(tx, table, r);
    }
  }
}

// Sends on a thread of its own: PostgreSQL stores one batch of rows while
// the caller formats the next or reads more pings.
std::unique_ptr<pg::CopyWriter> AggregateWriter(pqxx::dbtransaction& tx) {
  return std::make_unique<pg::CopyWriter>(
      tx, absl::StrCat(S(opmon::errors::kAggregatesTable), " (", AggregateCopyColumns(), ")"),
      pg::CopyWriter::Sending::kOnItsOwnThread);
}

// Writes the rejections and bumps the data version: the end of a replace.
void FinishReplace(pqxx::dbtransaction& tx, const ErrorWindows& windows) {
  {
    pg::CopyWriter writer(tx, absl::StrCat(S(opmon::errors::kRejectionsTable), " (", S(kRejectionCopyColumns), ")"));
    for (const std::string& line : windows.RejectionLines()) writer.Write(line);
    writer.Complete();
  }
  results::BumpDataVersion(tx, S(opmon::errors::kDataVersionKey));
}

}  // namespace

void ReplaceWindows(pqxx::dbtransaction& tx, const std::vector<TimeRange>& ranges, const ErrorWindows& windows) {
  DeleteRanges(tx, ranges);
  std::unique_ptr<pg::CopyWriter> writer = AggregateWriter(tx);
  windows.ForEachAggregateLine([&](const std::string& line) { writer->Write(line); });
  writer->Complete();
  FinishReplace(tx, windows);
}

absl::StatusOr<StreamedWindows> AggregateAndReplace(pqxx::dbtransaction& tx, const std::string& warehouse_dsn,
                                                    TimeRange range) {
  constexpr int64_t kCloseAfterUs = kCloseAfterSeconds * 1000000;
  constexpr int64_t kMaxDepthUs = kMaxDisorderSeconds * 1000000;
  DeleteRanges(tx, {range});
  StreamedWindows out;
  ErrorWindows& windows = out.windows;
  std::unique_ptr<pg::CopyWriter> writer = AggregateWriter(tx);
  const auto write = [&](int64_t from_us, int64_t to_us) {
    windows.ForEachAggregateLine(from_us, to_us, [&](const std::string& line) { writer->Write(line); });
  };
  OPMON_RETURN_IF_ERROR(
      StreamPings(warehouse_dsn, PingSource::kCrash, {range}, [&](const RawErrorPing& ping) { windows.Add(ping); }));
  int64_t written_until = range.from_us;  // windows starting before it are written
  int64_t newest = range.from_us;         // the newest main ping yet
  int64_t depth = 0;                      // the most a ping came behind the newest one before it
  int64_t main_pings = 0;
  std::set<int64_t> rewrite;  // windows written early that got pings after
  OPMON_RETURN_IF_ERROR(StreamPings(warehouse_dsn, PingSource::kMain, {range}, [&](const RawErrorPing& ping) {
    windows.Add(ping);
    if (const int64_t window = WindowStartUs(ping.received_us); window < written_until) rewrite.insert(window);
    ++main_pings;
    depth = std::max(depth, newest - ping.received_us);
    newest = std::max(newest, ping.received_us);
    if (main_pings < kWarmUpPings || depth > kMaxDepthUs || rewrite.size() > kMaxRewrittenWindows) return;
    // Windows starting before `closed` ended well behind the newest ping:
    // further than pings have come out of order so far, twice over.
    const int64_t closed = std::min(WindowStartUs(newest - std::max(kCloseAfterUs, 2 * depth)), range.to_us);
    if (closed > written_until) {
      write(written_until, closed);
      out.written_early += (closed - written_until) / kWindowUs;
      written_until = closed;
    }
  }));
  write(written_until, range.to_us);
  writer->Complete();
  if (!rewrite.empty()) {
    for (int64_t window : rewrite) DeleteWindows(tx, opmon::errors::kAggregatesTable, {window, window + kWindowUs});
    writer = AggregateWriter(tx);
    for (int64_t window : rewrite) write(window, window + kWindowUs);
    writer->Complete();
    out.rewritten = static_cast<int64_t>(rewrite.size());
  }
  FinishReplace(tx, windows);
  return out;
}

void CountReplaced(const std::vector<TimeRange>& ranges, const ErrorWindows& windows, AggregationOutcome& outcome) {
  for (const TimeRange& r : ranges) {
    outcome.windows_replaced += (r.to_us - r.from_us) / kWindowUs;
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
