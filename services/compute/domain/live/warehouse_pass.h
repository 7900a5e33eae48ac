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

// Errors: the warehouse's or opmon's database errors (what was committed
// page by page stays).
absl::StatusOr<PassOutcome> RunWarehousePass(pg::Pool& warehouse, pg::Pool& opmon, const PassOptions& options);

}  // namespace opmon::compute::live
