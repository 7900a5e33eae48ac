#include "services/compute/domain/errors/ping_copy.h"

#include <libpq-fe.h>

#include <iterator>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/pg/copy_text.h"
#include "common/pg/libpq_status.h"
#include "common/time/civil_day.h"

namespace opmon::compute::errors {
namespace {

struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct CopyDataFree {
  void operator()(char* row) const { PQfreemem(row); }
};

constexpr absl::string_view kCommonColumns =
    "submission_timestamp, normalized_channel, app_name, app_version, app_display_version, build_id, normalized_os, "
    "normalized_os_version, architecture, country, experiments";
constexpr absl::string_view kMainColumns = ", subsession_length, subprocess_crashes, error_counts";
constexpr absl::string_view kCrashColumns = ", process_type, startup_crash, ipc_channel_error";
constexpr size_t kFieldCount = 14;

std::string DayText(int64_t us) {
  return time::FormatCivilDay(absl::ToCivilDay(absl::FromUnixMicros(us), absl::UTCTimeZone()));
}

// Points `ping`'s columns at the decoded fields (views: nothing copied).
absl::Status FillPing(const pg::CopyLineFields& f, RawErrorPing& ping) {
  if (f.size() != kFieldCount || !f[0]) return absl::InternalError("warehouse: unexpected COPY row");
  absl::StatusOr<int64_t> received = ParseUtcTimestampUs(*f[0]);
  if (!received.ok()) return absl::InternalError(absl::StrCat("warehouse: ", received.status().message()));
  ping.received_us = *received;
  std::optional<std::string_view>* common[] = {&ping.channel,  &ping.app_name, &ping.app_version, &ping.display_version,
                                               &ping.build_id, &ping.os_name,  &ping.os_version,  &ping.architecture,
                                               &ping.country,  &ping.experiments};
  for (size_t i = 0; i < std::size(common); ++i) *common[i] = f[i + 1];
  const bool main = ping.source == PingSource::kMain;
  (main ? ping.subsession_length : ping.process_type) = f[11];
  (main ? ping.subprocess_crashes : ping.startup_crash) = f[12];
  (main ? ping.error_counts : ping.ipc_channel_error) = f[13];
  return absl::OkStatus();
}

}  // namespace

std::string PingSelectSql(PingSource source, const std::vector<TimeRange>& ranges) {
  std::string where;
  for (const TimeRange& r : ranges) {
    // submission_date (indexed) narrows the scan to the range's days.
    absl::StrAppend(&where, where.empty() ? "" : " OR ", "(submission_date BETWEEN '", DayText(r.from_us), "' AND '",
                    DayText(r.to_us - 1), "' AND submission_timestamp >= '", FormatUtcTimestampUs(r.from_us),
                    "' AND submission_timestamp < '", FormatUtcTimestampUs(r.to_us), "')");
  }
  return absl::StrCat("SELECT ", kCommonColumns, source == PingSource::kMain ? kMainColumns : kCrashColumns, " FROM ",
                      std::string(SourceTable(source)), " WHERE ", where);
}

absl::Status StreamPings(const std::string& warehouse_dsn, PingSource source, const std::vector<TimeRange>& ranges,
                         const std::function<void(const RawErrorPing&)>& on_ping) {
  if (ranges.empty()) return absl::OkStatus();
  std::unique_ptr<PGconn, ConnDeleter> conn(PQconnectdb(warehouse_dsn.c_str()));
  if (conn == nullptr) return absl::ResourceExhaustedError("warehouse: out of memory connecting");
  PGconn* c = conn.get();
  if (PQstatus(c) != CONNECTION_OK) {
    return absl::UnavailableError(absl::StrCat("warehouse: cannot connect: ", pg::ConnectionMessage(c)));
  }
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
  // Times come out as "YYYY-MM-DD HH:MM:SS[.ffffff]+00", which FillPing reads.
  pg::PgResultPtr set(PQexec(c, "SET TimeZone = 'UTC'; SET DateStyle = 'ISO'"));
  if (absl::Status s = pg::CheckResult(c, set.get(), PGRES_COMMAND_OK, "warehouse"); !s.ok()) return s;
  pg::PgResultPtr exists(
      PQexec(c, absl::StrCat("SELECT to_regclass('", std::string(SourceTable(source)), "') IS NOT NULL").c_str()));
  if (absl::Status s = pg::CheckResult(c, exists.get(), PGRES_TUPLES_OK, "warehouse"); !s.ok()) return s;
  if (std::string_view(PQgetvalue(exists.get(), 0, 0)) != "t") return absl::OkStatus();

  const std::string copy = absl::StrCat("COPY (", PingSelectSql(source, ranges), ") TO STDOUT");
  pg::PgResultPtr started(PQexec(c, copy.c_str()));
  if (absl::Status s = pg::CheckResult(c, started.get(), PGRES_COPY_OUT, "warehouse"); !s.ok()) return s;
  pg::CopyLineFields fields;
  RawErrorPing ping;
  ping.source = source;
  absl::Status status;
  while (true) {
    char* buffer = nullptr;
    const int length = PQgetCopyData(c, &buffer, 0);
    if (length < 0) break;  // -1: done, -2: error (reported by PQgetResult)
    // Freed however on_ping leaves (the day's recompute writes from it and
    // may throw pqxx exceptions).
    const std::unique_ptr<char, CopyDataFree> row(buffer);
    std::string_view line(buffer, static_cast<size_t>(length));
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    // After an error the rest is still read: libpq cannot leave a COPY early
    // without closing the connection.
    if (status.ok()) status = fields.Decode(line);
    if (status.ok()) status = FillPing(fields, ping);
    if (status.ok()) on_ping(ping);
  }
  pg::PgResultPtr finished(PQgetResult(c));
  if (absl::Status s = pg::CheckResult(c, finished.get(), PGRES_COMMAND_OK, "warehouse"); !s.ok()) return s;
  return status;
}

}  // namespace opmon::compute::errors
