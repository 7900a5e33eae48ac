#include "services/compute/datagen/live_warehouse.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "common/pg/copy_text.h"
#include "common/time/civil_day.h"
#include "services/compute/datagen/warehouse_connection.h"
#include "services/compute/domain/live/warehouse_pass.h"

namespace opmon::datagen {
namespace {

using compute::live::kNimbusEventsTable;
using compute::live::kNormandyTable;

absl::string_view TableOf(LiveSource source) {
  return source == LiveSource::kNormandy ? kNormandyTable : kNimbusEventsTable;
}

absl::Status LoadTable(const std::string& dsn, LiveSource source, const LiveParams& params, const LiveRange& range,
                       int64_t& rows_loaded) {
  const std::string table(TableOf(source));
  auto conn = WarehouseConnection::Connect(dsn);
  if (!conn.ok()) return conn.status();
  WarehouseConnection& c = **conn;
  if (absl::Status s = c.Exec("create schema", "CREATE SCHEMA IF NOT EXISTS telemetry"); !s.ok()) return s;
  if (absl::Status s = c.Exec(absl::StrCat("create ", table), CreateLiveTableSql(table)); !s.ok()) return s;
  if (absl::Status s = c.Exec("begin", "BEGIN"); !s.ok()) return s;
  const std::string from = absl::StrCat(time::FormatCivilDay(range.first_day), "T00:00:00Z");
  const std::string to = absl::StrCat(time::FormatCivilDay(range.last_day + 1), "T00:00:00Z");
  const std::string in_range = absl::StrCat(" FROM ", table, " WHERE submission_timestamp >= $1::timestamptz AND ",
                                            "submission_timestamp < $2::timestamptz");
  auto present = c.QueryValue("existing rows", absl::StrCat("SELECT EXISTS (SELECT 1", in_range, ")"), {from, to});
  if (!present.ok()) return present.status();
  if (*present == "t") {
    if (!range.replace) {
      return absl::FailedPreconditionError(absl::StrCat(table, " already has rows in ", time::FormatCivilDay(range.first_day),
                                                        "..", time::FormatCivilDay(range.last_day),
                                                        "; rerun with --replace"));
    }
    auto deleted = c.QueryValue("delete range", absl::StrCat("WITH d AS (DELETE", in_range, " RETURNING 1) SELECT count(*) FROM d"),
                                {from, to});
    if (!deleted.ok()) return deleted.status();
  }
  if (absl::Status s = c.BeginCopy(table, std::string(kLiveColumns), /*freeze=*/false); !s.ok()) return s;
  for (absl::CivilDay day = range.first_day; day <= range.last_day; ++day) {
    std::string text;
    for (const LiveRow& row : GenerateLiveDay(params, day)) {
      if (row.source != source) continue;
      text += LiveCopyLine(row);
      ++rows_loaded;
    }
    if (absl::Status s = c.PutCopyData(text); !s.ok()) return s;
  }
  if (absl::Status s = c.EndCopy(); !s.ok()) return s;
  return c.Exec("commit", "COMMIT");
}

}  // namespace

std::string CreateLiveTableSql(absl::string_view table) {
  const std::string index = absl::StrCat(absl::StrReplaceAll(table, {{"telemetry.", ""}}), "_submission_timestamp_idx");
  return absl::StrCat("CREATE TABLE IF NOT EXISTS ", table,
                      " (event_id text, submission_timestamp timestamptz NOT NULL, client_id text, app text, "
                      "channel text, experiment text, branch text, event text, search_count bigint, "
                      "search_with_ads_count bigint, ad_clicks_count bigint); ",
                      "CREATE INDEX IF NOT EXISTS ", index, " ON ", table, " (submission_timestamp)");
}

std::string LiveCopyLine(const LiveRow& row) {
  pg::CopyLine line;
  line.Add(row.event_id);
  line.AddUnescaped(absl::FormatTime("%Y-%m-%d %H:%M:%E6S+00", row.submission_timestamp, absl::UTCTimeZone()));
  for (const std::string* text : {&row.client_id, &row.app, &row.channel, &row.experiment}) line.Add(*text);
  for (const std::optional<std::string>* text : {&row.branch, &row.event}) {
    if (*text) {
      line.Add(**text);
    } else {
      line.AddNull();
    }
  }
  for (const std::optional<int64_t>* count : {&row.search_count, &row.search_with_ads_count, &row.ad_clicks_count}) {
    if (*count) {
      line.AddInt(**count);
    } else {
      line.AddNull();
    }
  }
  return absl::StrCat(line.text(), "\n");
}

absl::StatusOr<LiveLoadReport> LoadLiveWarehouse(const std::string& dsn, const LiveParams& params,
                                                 const LiveRange& range) {
  LiveLoadReport report;
  if (absl::Status s = LoadTable(dsn, LiveSource::kNormandy, params, range, report.normandy_rows); !s.ok()) return s;
  if (absl::Status s = LoadTable(dsn, LiveSource::kNimbusEvents, params, range, report.nimbus_events_rows); !s.ok()) {
    return s;
  }
  return report;
}

int64_t WriteLiveNdjson(const LiveParams& params, const LiveRange& range, std::ostream& out) {
  int64_t lines = 0;
  for (absl::CivilDay day = range.first_day; day <= range.last_day; ++day) {
    for (const LiveRow& row : GenerateLiveDay(params, day)) {
      out << LiveRowJson(row) << "\n";
      ++lines;
    }
  }
  return lines;
}

}  // namespace opmon::datagen
