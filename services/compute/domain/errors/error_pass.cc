#include "services/compute/domain/errors/error_pass.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/errors/error_aggregates.h"
#include "common/pg/pool.h"

namespace opmon::compute::errors {
namespace {

using opmon::errors::kWatermarkDelaySeconds;
using opmon::errors::kWindowSeconds;

constexpr int64_t kWindowUs = int64_t{kWindowSeconds} * 1000000;
constexpr int64_t kDayUs = int64_t{86400} * 1000000;

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

int64_t DayOf(int64_t us) { return us >= 0 ? us / kDayUs : -((-us + kDayUs - 1) / kDayUs); }

// Consecutive windows as ranges.
std::vector<TimeRange> Ranges(const std::vector<int64_t>& windows) {
  std::vector<TimeRange> ranges;
  for (int64_t w : windows) {
    if (!ranges.empty() && ranges.back().to_us == w) {
      ranges.back().to_us = w + kWindowUs;
    } else {
      ranges.push_back(TimeRange{w, w + kWindowUs});
    }
  }
  return ranges;
}

struct Scan {
  std::map<int64_t, int64_t> warehouse;  // window -> pings
  std::map<int64_t, int64_t> stored;
  std::set<std::string> final_days;
  std::optional<int64_t> latest_us;      // latest receive time seen
};

}  // namespace

absl::StatusOr<AggregationOutcome> RunErrorPass(pg::Pool& warehouse, pg::Pool& opmon, const ErrorPassOptions& options) {
  // How far to look back: late_bound before the least read_until (every
  // source recorded), else everything.
  auto from = opmon.RunFor<int64_t>("error sources", [&](pqxx::connection& c) -> absl::StatusOr<int64_t> {
    pqxx::read_transaction tx(c);
    const pqxx::row r = tx.exec1(ReadUntilSql());
    if (r[1].as<int64_t>() < 2 || r[0].is_null()) return std::numeric_limits<int64_t>::min() / 2;
    return WindowStartUs(r[0].as<int64_t>() - absl::ToInt64Microseconds(options.late_bound));
  });
  if (!from.ok()) return from.status();
  // -infinity as a bound PostgreSQL takes: year 1.
  const int64_t from_us = std::max(*from, int64_t{-62135596800} * 1000000);

  Scan scan;
  absl::Status read = warehouse.Run("error windows in the warehouse", [&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    scan.warehouse.clear();
    scan.latest_us.reset();
    for (PingSource source : {PingSource::kMain, PingSource::kCrash}) {
      if (!tx.exec_params1("SELECT to_regclass($1) IS NOT NULL", S(SourceTable(source)))[0].as<bool>()) continue;
      for (const pqxx::row& r : tx.exec_params(WarehouseCountsSql(S(SourceTable(source))), from_us)) {
        scan.warehouse[r[0].as<int64_t>()] += r[1].as<int64_t>();
        scan.latest_us = std::max(scan.latest_us.value_or(r[2].as<int64_t>()), r[2].as<int64_t>());
      }
    }
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
  absl::Status stored = opmon.Run("stored error windows", [&](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    scan.stored.clear();
    scan.final_days.clear();
    for (const pqxx::row& r : tx.exec_params(StoredCountsSql(), from_us)) scan.stored[r[0].as<int64_t>()] = r[1].as<int64_t>();
    for (const pqxx::row& r : tx.exec_params(FinalDaysSql(), from_us)) scan.final_days.insert(r[0].as<std::string>());
    return absl::OkStatus();
  });
  if (!stored.ok()) return stored;

  // Changed windows, by UTC day, final days left alone.
  std::map<int64_t, std::vector<int64_t>> changed;
  auto consider = [&](int64_t window, int64_t pings) {
    const auto other = scan.stored.find(window);
    if (other != scan.stored.end() && other->second == pings) return;
    const std::string day = FormatUtcTimestampUs(window).substr(0, 10);
    if (scan.final_days.contains(day)) return;
    changed[DayOf(window)].push_back(window);
  };
  for (const auto& [window, pings] : scan.warehouse) consider(window, pings);
  for (const auto& [window, pings] : scan.stored) {
    if (!scan.warehouse.contains(window)) consider(window, -1);
  }

  AggregationOutcome outcome;
  // One transaction per day; the last also moves read_until.
  auto commit = [&](const std::vector<TimeRange>& ranges, const ErrorWindows* windows, bool last) {
    return opmon.Run("replacing error windows", [&](pqxx::connection& c) {
      pqxx::work tx(c);
      if (windows != nullptr) {
        LockErrorWindows(tx);
        ReplaceWindows(tx, ranges, *windows);
      }
      if (last && scan.latest_us) {
        for (PingSource source : {PingSource::kMain, PingSource::kCrash}) {
          tx.exec_params(AdvanceSql(), *scan.latest_us, S(SourceTable(source)));
        }
      }
      tx.commit();
      return absl::OkStatus();
    });
  };
  if (changed.empty()) {
    if (absl::Status s = commit({}, nullptr, true); !s.ok()) return s;
  }
  size_t days_left = changed.size();
  for (auto& [day, windows] : changed) {
    std::sort(windows.begin(), windows.end());
    const std::vector<TimeRange> ranges = Ranges(windows);
    absl::StatusOr<ErrorWindows> aggregated = AggregateWarehouse(warehouse.dsn(), ranges);
    if (!aggregated.ok()) return aggregated.status();
    if (absl::Status s = commit(ranges, &*aggregated, --days_left == 0); !s.ok()) return s;
    CountReplaced(ranges, *aggregated, outcome);
  }
  auto latest = opmon.RunFor<std::optional<int64_t>>(
      "error sources", [&](pqxx::connection& c) -> absl::StatusOr<std::optional<int64_t>> {
        pqxx::read_transaction tx(c);
        const pqxx::row r = tx.exec1(MaxReadUntilSql());
        if (r[0].is_null()) return std::optional<int64_t>();
        return std::optional<int64_t>(r[0].as<int64_t>());
      });
  if (!latest.ok()) return latest.status();
  if (*latest) outcome.watermark_us = **latest - int64_t{kWatermarkDelaySeconds} * 1000000;
  return outcome;
}

}  // namespace opmon::compute::errors
