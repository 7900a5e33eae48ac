#pragma once
// One pass of the warehouse loop: for each live source table of the
// warehouse (desktop telemetry.normandy, Glean telemetry.nimbus_events;
// a table not there is skipped), the rows from `late_bound` before how far
// the last pass read (opmon.live_sources) onwards, in pages of
// `page_rows`. Each page is checked row by row (malformed rows counted and
// skipped) and stored like an IngestEvents batch (live_event_store.h): rows
// read again are duplicates by event id and change nothing, late rows
// within the bound join their windows. Each page's transaction also moves
// the source's read_up_to, so a pass stopped half-way resumes. Replicas may
// run passes concurrently: storing is idempotent and read_up_to only grows.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/compute/domain/live/live_event_store.h"

namespace opmon::pg {
class Pool;
}

namespace opmon::compute::live {

// Warehouse tables with live events (deploy: opmon-datagen --live).
inline constexpr absl::string_view kNormandyTable = "telemetry.normandy";
inline constexpr absl::string_view kNimbusEventsTable = "telemetry.nimbus_events";

struct PassOptions {
  std::vector<absl::string_view> sources = {kNormandyTable, kNimbusEventsTable};
  absl::Duration late_bound = absl::Minutes(15);
  int page_rows = 20000;
};

struct PassOutcome {
  int64_t rows_read = 0;
  StoreCounts counts;
  int64_t rejected = 0;   // malformed rows, skipped
  absl::Time watermark = absl::InfinitePast();  // the least read_up_to over the sources read
};

// One page of a source table after ($2 time, $3 event id), from $1 on, at
// most $4 rows, in key order; run after kWarehousePageSettingsSql in the
// same transaction. Exposed for the plan test.
std::string WarehousePageSql(absl::string_view table);
// Times read in UTC, and the page read through the time index: on a table
// without statistics (just loaded, never analysed) the planner otherwise
// sorts every row after the position for each page, ten times slower per
// page and quadratic over a backlog (bench/live measured 208 against 24 ms
// per 20,000-row page).
inline constexpr absl::string_view kWarehousePageSettingsSql =
    "SET LOCAL TimeZone = 'UTC'; SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off";

// Errors: the warehouse's or opmon's database errors (what was committed
// page by page stays).
absl::StatusOr<PassOutcome> RunWarehousePass(pg::Pool& warehouse, pg::Pool& opmon, const PassOptions& options);

}  // namespace opmon::compute::live
