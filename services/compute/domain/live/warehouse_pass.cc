#include "services/compute/domain/live/warehouse_pass.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <future>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/live/live_relations.h"
#include "common/pg/pool.h"
#include "services/compute/domain/live/live_event.h"

namespace opmon::compute::live {

// Keyset pagination on (submission_timestamp, event_id); a NULL id sorts as
// '' and is rejected by validation. Times travel as ISO 8601 text
// (to_json), exact to the microsecond, so the key round-trips. The
// redundant `submission_timestamp >= $2` lets the time index start each
// page where the last one ended instead of at the pass's start; ids of one
// instant are ordered byte by byte (any fixed order does; the locale's
// costs a strcoll per comparison).
std::string WarehousePageSql(absl::string_view table) {
  return absl::StrCat(
      "SELECT COALESCE(event_id, ''), to_json(submission_timestamp) #>> '{}', client_id, app, channel, experiment, "
      "branch, event, search_count, search_with_ads_count, ad_clicks_count FROM ",
      table,
      " WHERE submission_timestamp >= $1::timestamptz AND submission_timestamp >= $2::timestamptz AND "
      "(submission_timestamp, COALESCE(event_id, '') COLLATE \"C\") > ($2::timestamptz, $3) ORDER BY "
      "submission_timestamp, COALESCE(event_id, '') COLLATE \"C\" LIMIT $4");
}

namespace {

constexpr absl::string_view kReadUpToSql = "SELECT to_json(read_up_to) #>> '{}' FROM opmon.live_sources WHERE source = $1";
constexpr absl::string_view kAdvanceSql =
    "INSERT INTO opmon.live_sources (source, read_up_to) VALUES ($1, $2::timestamptz) ON CONFLICT (source) DO UPDATE "
    "SET read_up_to = GREATEST(opmon.live_sources.read_up_to, EXCLUDED.read_up_to), updated_at = now()";
constexpr absl::string_view kTableExistsSql = "SELECT to_regclass($1) IS NOT NULL";

std::optional<std::string> OptionalText(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<std::string>();
}

std::optional<int64_t> OptionalCount(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  return f.as<int64_t>();
}

RawLiveEvent RawFromRow(const pqxx::row& r) {
  RawLiveEvent raw;
  raw.event_id = r[0].as<std::string>();
  raw.submission_timestamp = r[1].as<std::string>();
  raw.client_id = OptionalText(r[2]).value_or("");
  raw.app = OptionalText(r[3]).value_or("");
  raw.channel = OptionalText(r[4]).value_or("");
  raw.experiment = OptionalText(r[5]).value_or("");
  raw.branch = OptionalText(r[6]);
  raw.event = OptionalText(r[7]);
  raw.search_count = OptionalCount(r[8]);
  raw.search_with_ads_count = OptionalCount(r[9]);
  raw.ad_clicks_count = OptionalCount(r[10]);
  return raw;
}

absl::Time ParseIso(const std::string& text) {
  absl::Time t = absl::InfinitePast();
  std::string error;
  absl::ParseTime(absl::RFC3339_full, text, &t, &error);
  return t;
}

std::string FormatIso(absl::Time t) { return absl::FormatTime(absl::RFC3339_full, t, absl::UTCTimeZone()); }

struct Page {
  std::vector<RawLiveEvent> rows;
  std::string last_time;  // ISO text of the last row's time
  std::string last_id;
};

// Reads one source from `from` on; adds to `outcome`; returns its new read_up_to.
absl::StatusOr<absl::Time> PassOverSource(pg::Pool& warehouse, pg::Pool& opmon, absl::string_view source,
                                          const PassOptions& options, PassOutcome& outcome) {
  auto exists = warehouse.RunFor<bool>("live source table", [&](pqxx::connection& c) -> absl::StatusOr<bool> {
    pqxx::read_transaction tx(c);
    return tx.exec_params1(std::string(kTableExistsSql), std::string(source))[0].as<bool>();
  });
  if (!exists.ok()) return exists.status();
  auto read_up_to = opmon.RunFor<std::optional<std::string>>(
      "live source position", [&](pqxx::connection& c) -> absl::StatusOr<std::optional<std::string>> {
        pqxx::read_transaction tx(c);
        pqxx::result r = tx.exec_params(std::string(kReadUpToSql), std::string(source));
        if (r.empty()) return std::optional<std::string>();
        return std::optional<std::string>(r[0][0].as<std::string>());
      });
  if (!read_up_to.ok()) return read_up_to.status();
  absl::Time position = *read_up_to ? ParseIso(**read_up_to) : absl::InfinitePast();
  if (!*exists) return position;
  const std::string from = *read_up_to ? FormatIso(position - options.late_bound) : "-infinity";
  const std::string page_sql = WarehousePageSql(source);
  auto read_page = [&warehouse, &source, &page_sql, &from, &options](std::string after_time,
                                                                    std::string after_id) -> absl::StatusOr<Page> {
    Page page{.rows = {}, .last_time = std::move(after_time), .last_id = std::move(after_id)};
    absl::Status read = warehouse.Run(absl::StrCat("reading ", source), [&](pqxx::connection& c) {
      pqxx::read_transaction tx(c);
      tx.exec(std::string(kWarehousePageSettingsSql));
      pqxx::result r = tx.exec_params(page_sql, from, page.last_time, page.last_id, options.page_rows);
      page.rows.clear();
      page.rows.reserve(r.size());
      for (const pqxx::row& row : r) page.rows.push_back(RawFromRow(row));
      return absl::OkStatus();
    });
    if (!read.ok()) return read;
    if (!page.rows.empty()) {
      page.last_time = page.rows.back().submission_timestamp;
      page.last_id = page.rows.back().event_id;
    }
    return page;
  };
  absl::StatusOr<Page> next = read_page("-infinity", "");
  while (true) {
    if (!next.ok()) return next.status();
    const Page page = *std::move(next);
    if (page.rows.empty()) break;
    const bool last = static_cast<int>(page.rows.size()) < options.page_rows;
    // The next page is read from the warehouse while this one is stored.
    std::future<absl::StatusOr<Page>> ahead;
    if (!last) ahead = std::async(std::launch::async, read_page, page.last_time, page.last_id);
    std::vector<LiveEvent> events;
    events.reserve(page.rows.size());
    for (const RawLiveEvent& raw : page.rows) {
      absl::StatusOr<LiveEvent> event = ValidateLiveEvent(raw);
      if (event.ok()) {
        events.push_back(*std::move(event));
      } else {
        ++outcome.rejected;
      }
    }
    StoreCounts counts;
    absl::Status stored = opmon.Run(absl::StrCat("storing live events of ", source), [&](pqxx::connection& c) {
      pqxx::work tx(c);
      counts = StoreLiveEvents(tx, events);
      tx.exec_params(std::string(kAdvanceSql), std::string(source), page.last_time);
      tx.commit();
      return absl::OkStatus();
    });
    if (!stored.ok()) return stored;
    outcome.rows_read += static_cast<int64_t>(page.rows.size());
    outcome.counts += counts;
    position = std::max(position, ParseIso(page.last_time));
    if (last) break;
    next = ahead.get();
  }
  return position;
}

}  // namespace

absl::StatusOr<PassOutcome> RunWarehousePass(pg::Pool& warehouse, pg::Pool& opmon, const PassOptions& options) {
  // The sources are passed over at once, each on its own thread: storing is
  // safe concurrently (key-ordered locks, live_event_store.h), and each
  // source's read_up_to still moves only with its own pages, in order.
  std::vector<PassOutcome> per_source(options.sources.size());
  std::vector<std::future<absl::StatusOr<absl::Time>>> positions;
  for (std::size_t i = 0; i < options.sources.size(); ++i) {
    positions.push_back(std::async(std::launch::async, [&, i] {
      return PassOverSource(warehouse, opmon, options.sources[i], options, per_source[i]);
    }));
  }
  PassOutcome outcome;
  absl::Status failed;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    absl::StatusOr<absl::Time> position = positions[i].get();
    if (!position.ok()) {
      if (failed.ok()) failed = position.status();
      continue;
    }
    const PassOutcome& p = per_source[i];
    outcome.rows_read += p.rows_read;
    outcome.counts += p.counts;
    outcome.rejected += p.rejected;
    outcome.watermark = i == 0 ? *position : std::min(outcome.watermark, *position);
  }
  if (!failed.ok()) return failed;
  return outcome;
}

}  // namespace opmon::compute::live
