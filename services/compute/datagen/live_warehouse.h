#pragma once
// The live event tables of the warehouse (telemetry.normandy for desktop,
// telemetry.nimbus_events for Glean; names shared with compute's warehouse
// loop, services/compute/domain/live/warehouse_pass.h) and their loading.
// Both tables have the NDJSON fields of docs/live.md as columns; `event`
// holds the source's own event name, NULL on a search record. Columns are
// nullable so malformed rows can exist, as in a real warehouse.

#include <cstdint>
#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/compute/datagen/live_events.h"

namespace opmon::datagen {

// CREATE TABLE / INDEX IF NOT EXISTS of `table` (one of the two).
std::string CreateLiveTableSql(absl::string_view table);

inline constexpr absl::string_view kLiveColumns =
    "event_id, submission_timestamp, client_id, app, channel, experiment, branch, event, search_count, "
    "search_with_ads_count, ad_clicks_count";

// The row as a COPY text line of kLiveColumns, newline included.
std::string LiveCopyLine(const LiveRow& row);

struct LiveRange {
  absl::CivilDay first_day;
  absl::CivilDay last_day;
  bool replace = false;
};

struct LiveLoadReport {
  int64_t normandy_rows = 0;
  int64_t nimbus_events_rows = 0;
};

// Creates the tables if needed and appends the range's rows in arrival
// order, one transaction per table. FailedPrecondition naming the table when
// it already has rows in the range, unless `replace` (then they are
// deleted first).
absl::StatusOr<LiveLoadReport> LoadLiveWarehouse(const std::string& dsn, const LiveParams& params,
                                                 const LiveRange& range);

// Writes the range's rows as NDJSON, day after day; returns the line count.
int64_t WriteLiveNdjson(const LiveParams& params, const LiveRange& range, std::ostream& out);

}  // namespace opmon::datagen
