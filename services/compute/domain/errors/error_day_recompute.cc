#include "services/compute/domain/errors/error_day_recompute.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors/error_aggregates.h"
#include "common/pg/pool.h"
#include "common/time/civil_day.h"

namespace opmon::compute::errors {
namespace {

std::string RecordFinalDaySql() {
  const std::string table(opmon::errors::kFinalDaysTable);
  return absl::StrCat("INSERT INTO ", table, " (day, pings_read) VALUES ($1::date, $2) ON CONFLICT (day) DO UPDATE ",
                      "SET pings_read = EXCLUDED.pings_read, recomputed_at = clock_timestamp()");
}

}  // namespace

absl::StatusOr<AggregationOutcome> RecomputeErrorDay(pg::Pool& warehouse, pg::Pool& opmon, absl::CivilDay day) {
  const auto day_start_us = [](absl::CivilDay d) {
    return absl::ToUnixMicros(absl::FromCivil(absl::CivilSecond(d), absl::UTCTimeZone()));
  };
  const std::vector<TimeRange> ranges = {TimeRange{day_start_us(day), day_start_us(day + 1)}};
  const absl::Time start = absl::Now();
  absl::StatusOr<ErrorWindows> windows = AggregateWarehouse(warehouse.dsn(), ranges);
  if (!windows.ok()) return windows.status();
  const absl::Time read = absl::Now();
  absl::Status written = opmon.Run("recomputing an error day", [&](pqxx::connection& c) {
    pqxx::work tx(c);
    LockErrorWindows(tx);
    ReplaceWindows(tx, ranges, *windows);
    tx.exec_params(RecordFinalDaySql(), time::FormatCivilDay(day), windows->pings());
    tx.commit();
    return absl::OkStatus();
  });
  if (!written.ok()) return written;
  AggregationOutcome outcome;
  CountReplaced(ranges, *windows, outcome);
  outcome.read_time = read - start;
  outcome.write_time = absl::Now() - read;
  outcome.watermark_us = ranges.back().to_us;  // the whole day is final
  return outcome;
}

}  // namespace opmon::compute::errors
