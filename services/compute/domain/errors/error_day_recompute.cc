#include "services/compute/domain/errors/error_day_recompute.h"

#include <pqxx/pqxx>

#include <optional>

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
  const TimeRange range{day_start_us(day), day_start_us(day + 1)};
  const absl::Time start = absl::Now();
  absl::Time read;
  std::optional<StreamedWindows> streamed;
  absl::Status written = opmon.Run("recomputing an error day", [&](pqxx::connection& c) {
    pqxx::work tx(c);
    LockErrorWindows(tx);
    absl::StatusOr<StreamedWindows> replaced = AggregateAndReplace(tx, warehouse.dsn(), range);
    if (!replaced.ok()) return replaced.status();  // not committed: the day stays as it was
    read = absl::Now();
    tx.exec_params(RecordFinalDaySql(), time::FormatCivilDay(day), replaced->windows.pings());
    tx.commit();
    streamed = *std::move(replaced);
    return absl::OkStatus();
  });
  if (!written.ok()) return written;
  AggregationOutcome outcome;
  CountReplaced({range}, streamed->windows, outcome);
  outcome.windows_written_early = streamed->written_early;
  outcome.windows_rewritten = streamed->rewritten;
  outcome.read_time = read - start;
  outcome.write_time = absl::Now() - read;
  outcome.watermark_us = range.to_us;  // the whole day is final
  return outcome;
}

}  // namespace opmon::compute::errors
