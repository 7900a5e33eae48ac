#include "services/compute/domain/live/window_sql.h"

#include "absl/strings/str_cat.h"
#include "common/live/live_relations.h"
#include "common/sql/quote.h"

namespace opmon::compute::live {
namespace {

using opmon::live::kEventKindNames;

// Windows are aligned on the epoch, so 5-minute windows never straddle
// midnight UTC and a day's windows are exactly those starting that day.
constexpr absl::string_view kWindowStartSql = "date_bin($1::interval, submission_timestamp, timestamptz 'epoch')";

// INSERT ... ON CONFLICT DO UPDATE adding each (experiment, branch,
// channel, window) group's counters of `source`'s enrollment events to its
// row (created at zero). No RETURNING clause.
std::string AddToEnrollmentWindowsSql(absl::string_view source) {
  std::string columns, counts, sums;
  for (const auto& [kind, name] : kEventKindNames) {
    const std::string column = sql::QuoteIdent(name);
    absl::StrAppend(&columns, ", ", column);
    absl::StrAppend(&counts, ", count(*) FILTER (WHERE event = '", Sql(name), "')");
    absl::StrAppend(&sums, column, " = w.", column, " + EXCLUDED.", column, ", ");
  }
  return absl::StrCat("INSERT INTO ", Sql(opmon::live::kEnrollmentWindowsTable),
                      " AS w (experiment, branch, channel, window_start", columns, ") ",
                      "SELECT experiment, branch, channel, ", kWindowStartSql, counts, " FROM ", source,
                      " WHERE event IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 ",
                      "ON CONFLICT ON CONSTRAINT live_enrollment_windows_key DO UPDATE SET ", sums,
                      "updated_at = clock_timestamp()");
}

// The same for search records, per (experiment, branch, window).
std::string AddToSearchWindowsSql(absl::string_view source) {
  return absl::StrCat(
      "INSERT INTO ", Sql(opmon::live::kSearchWindowsTable),
      " AS w (experiment, branch, window_start, search_count, search_with_ads_count, ad_clicks_count) ",
      "SELECT experiment, branch, ", kWindowStartSql,
      ", sum(search_count), sum(search_with_ads_count), sum(ad_clicks_count) FROM ", source,
      " WHERE event IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 ",
      "ON CONFLICT ON CONSTRAINT live_search_windows_key DO UPDATE SET ",
      "search_count = w.search_count + EXCLUDED.search_count, ",
      "search_with_ads_count = w.search_with_ads_count + EXCLUDED.search_with_ads_count, ",
      "ad_clicks_count = w.ad_clicks_count + EXCLUDED.ad_clicks_count, updated_at = clock_timestamp()");
}

// INSERT of `source`'s distinct (experiment, branch, UTC day, client), those
// already there skipped.
std::string InsertDailyClientsSql(absl::string_view source) {
  // In the order of live_daily_clients_key (0014_live_ingest_keys.sql).
  return absl::StrCat("INSERT INTO ", Sql(opmon::live::kDailyClientsTable), " (client_id, day, experiment, branch) ",
                      "SELECT DISTINCT client_id, (submission_timestamp AT TIME ZONE 'UTC')::date, experiment, branch",
                      " FROM ", source, " ORDER BY 1, 2, 3, 4 ON CONFLICT DO NOTHING");
}

}  // namespace

std::string WindowInterval() { return absl::StrCat(opmon::live::kWindowSeconds, " seconds"); }

std::string AddToWindowsSql(absl::string_view source) {
  return absl::StrCat("enrollment AS (", AddToEnrollmentWindowsSql(source), " RETURNING 1), ",
                      "search AS (", AddToSearchWindowsSql(source), " RETURNING 1), ",
                      "clients AS (", InsertDailyClientsSql(source), ") ",
                      "SELECT (SELECT count(*) FROM ", source,
                      "), (SELECT count(*) FROM enrollment) + (SELECT count(*) FROM search)");
}

}  // namespace opmon::compute::live
