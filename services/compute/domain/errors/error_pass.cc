#include "services/compute/domain/errors/error_pass.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <limits>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors/error_aggregates.h"
#include "common/pg/pool.h"
#include "common/status/status_macros.h"
#include "services/compute/domain/errors/changed_windows.h"

namespace opmon::compute::errors {
namespace {

using opmon::errors::kWatermarkDelaySeconds;
using opmon::errors::kWindowSeconds;

std::string S(std::string_view v) { return std::string(v); }

// $1: microseconds since the epoch as bigint.
constexpr absl::string_view kFromMicros = "(timestamptz 'epoch' + $1::bigint * interval '1 microsecond')";

std::string Micros(absl::string_view expression) {
  return absl::StrCat("(extract(epoch from ", expression, ") * 1000000)::bigint");
}

// Per window of `table` from $1 on: its pings and their latest receive time.
std::string WarehouseCountsSql(absl::string_view table) {
  return absl::StrCat("SELECT ", Micros(absl::StrCat("date_bin(interval '", kWindowSeconds,
                                                       " seconds', submission_timestamp, timestamptz 'epoch')")),
                      ", count(*), ", Micros("max(submission_timestamp)"), " FROM ", table,
                      " WHERE submission_timestamp >= ", kFromMicros, " AND submission_date >= (", kFromMicros,
                      " AT TIME ZONE 'UTC')::date GROUP BY 1");
}

std::string StoredCountsSql() {
  return absl::StrCat("SELECT ", Micros("window_start"), ", sum(n)::bigint FROM (SELECT window_start, count AS n FROM ",
                      S(opmon::errors::kAggregatesTable), " WHERE experiment_id IS NULL AND window_start >= ",
                      kFromMicros, " UNION ALL SELECT window_start, pings FROM ", S(opmon::errors::kRejectionsTable),
                      " WHERE window_start >= ", kFromMicros, ") s GROUP BY 1");
}

std::string FinalDaysSql() {
  return absl::StrCat("SELECT day::text FROM ", S(opmon::errors::kFinalDaysTable), " WHERE day >= (", kFromMicros,
                      " AT TIME ZONE 'UTC')::date");
}

std::string ReadUntilSql() {
  return absl::StrCat("SELECT min(", Micros("read_until"), "), count(*) FROM ", S(opmon::errors::kSourcesTable));
}

std::string AdvanceSql() {
  return absl::StrCat("INSERT INTO ", S(opmon::errors::kSourcesTable), " (source, read_until) VALUES ($2, ",
                      kFromMicros, ") ON CONFLICT (source) DO UPDATE SET read_until = GREATEST(",
                      S(opmon::errors::kSourcesTable), ".read_until, EXCLUDED.read_until), updated_at = clock_timestamp()");
}

std::string MaxReadUntilSql() {
  return absl::StrCat("SELECT max(", Micros("read_until"), ") FROM ", S(opmon::errors::kSourcesTable));
}

// How far a pass looks back: late_bound before the least read_until (every
// source recorded), else everything.
absl::StatusOr<int64_t> LookBackFromUs(pg::Pool& opmon, absl::Duration late_bound) {
  auto from = opmon.RunFor<int64_t>("error sources", [&](pqxx::connection& c) -> absl::StatusOr<int64_t> {
    pqxx::read_transaction tx(c);
    const pqxx::row r = tx.exec1(ReadUntilSql());
    if (r[1].as<int64_t>() < 2 || r[0].is_null()) return std::numeric_limits<int64_t>::min() / 2;
    return WindowStartUs(r[0].as<int64_t>() - absl::ToInt64Microseconds(late_bound));
  });
  if (!from.ok()) return from.status();
  // -infinity as a bound PostgreSQL takes: year 1.
  return std::max(*from, int64_t{-62135596800} * 1000000);
}

// The warehouse's pings per window from from_us on (both sources, in one
// snapshot) into counts.warehouse; returns the latest receive time seen.
absl::StatusOr<std::optional<int64_t>> ReadWarehouseCounts(pg::Pool& warehouse, int64_t from_us,
                                                            WindowCounts& counts) {
  std::optional<int64_t> latest_us;
  absl::Status read = warehouse.Run("error windows in the warehouse", [&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    counts.warehouse.clear();
    latest_us.reset();
    for (PingSource source : {PingSource::kMain, PingSource::kCrash}) {
      if (!tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", S(SourceTable(source)))[0].as<bool>()) continue;
      for (const pqxx::row& r : tx.exec_params(WarehouseCountsSql(S(SourceTable(source))), from_us)) {
        counts.warehouse[r[0].as<int64_t>()] += r[1].as<int64_t>();
        latest_us = std::max(latest_us.value_or(r[2].as<int64_t>()), r[2].as<int64_t>());
      }
    }
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  return latest_us;
}

// What opmon stored per window from from_us on, and the final days, into counts.
absl::Status ReadStoredCounts(pg::Pool& opmon, int64_t from_us, WindowCounts& counts) {
  return opmon.Run("stored error windows", [&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    counts.stored.clear();
    counts.final_days.clear();
    for (const pqxx::row& r : tx.exec_params(StoredCountsSql(), from_us)) counts.stored[r[0].as<int64_t>()] = r[1].as<int64_t>();
    for (const pqxx::row& r : tx.exec_params(FinalDaysSql(), from_us)) counts.final_days.insert(r[0].as<std::string>());
    return absl::OkStatus();
  });
}

// The sources' read_until less the watermark delay; nullopt before any pass.
absl::StatusOr<std::optional<int64_t>> Watermark(pg::Pool& opmon) {
  auto latest = opmon.RunFor<std::optional<int64_t>>(
      "error sources", [&](pqxx::connection& c) -> absl::StatusOr<std::optional<int64_t>> {
        pqxx::read_transaction tx(c);
        const pqxx::row r = tx.exec1(MaxReadUntilSql());
        if (r[0].is_null()) return std::optional<int64_t>();
        return std::optional<int64_t>(r[0].as<int64_t>());
      });
  if (!latest.ok() || !*latest) return latest;
  return std::optional<int64_t>(**latest - int64_t{kWatermarkDelaySeconds} * 1000000);
}

}  // namespace

absl::StatusOr<AggregationOutcome> RunErrorPass(pg::Pool& warehouse, pg::Pool& opmon, const ErrorPassOptions& options) {
  OPMON_ASSIGN_OR_RETURN(const int64_t from_us, LookBackFromUs(opmon, options.late_bound));
  WindowCounts counts;
  OPMON_ASSIGN_OR_RETURN(const std::optional<int64_t> latest_us, ReadWarehouseCounts(warehouse, from_us, counts));
  OPMON_RETURN_IF_ERROR(ReadStoredCounts(opmon, from_us, counts));
  const std::vector<std::vector<TimeRange>> changed = ChangedWindowsByDay(counts);

  AggregationOutcome outcome;
  // One transaction per day; the last also moves read_until.
  auto commit = [&](const std::vector<TimeRange>& ranges, const ErrorWindows* windows, bool last) {
    return opmon.Run("replacing error windows", [&](pqxx::connection& c) {
      pqxx::work tx(c);
      if (windows != nullptr) {
        LockErrorWindows(tx);
        ReplaceWindows(tx, ranges, *windows);
      }
      if (last && latest_us) {
        for (PingSource source : {PingSource::kMain, PingSource::kCrash}) {
          tx.exec_params(AdvanceSql(), *latest_us, S(SourceTable(source)));
        }
      }
      tx.commit();
      return absl::OkStatus();
    });
  };
  if (changed.empty()) OPMON_RETURN_IF_ERROR(commit({}, nullptr, true));
  for (size_t day = 0; day < changed.size(); ++day) {
    const std::vector<TimeRange>& ranges = changed[day];
    OPMON_ASSIGN_OR_RETURN(const ErrorWindows aggregated, AggregateWarehouse(warehouse.dsn(), ranges));
    OPMON_RETURN_IF_ERROR(commit(ranges, &aggregated, day + 1 == changed.size()));
    CountReplaced(ranges, aggregated, outcome);
  }
  OPMON_ASSIGN_OR_RETURN(const std::optional<int64_t> watermark, Watermark(opmon));
  if (watermark) outcome.watermark_us = *watermark;
  return outcome;
}

}  // namespace opmon::compute::errors
