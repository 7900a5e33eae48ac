#pragma once
// Imports the reference's tables from a LegacySource into
// opmon.legacy_aggregates, one (aggregate type, day) at a time: each day is
// one transaction that deletes the day, copies the rows of every table of
// that type and day (all channels and versions), records the import in
// opmon.legacy_imports and bumps the legacy data version. Re-importing a day
// therefore replaces it.
//
// A bad row or a damaged file refuses its whole day: the day's transaction
// rolls back (what was stored for it before stays), the error is kept with
// its location (file or relation, table, line), and the import goes on with
// the next day. Anything else (the database, a cancel) stops the import.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/legacy/legacy_aggregates.h"
#include "common/pg/pg_fwd.h"
#include "services/compute/domain/legacy/legacy_source.h"

namespace opmon::compute::legacy {

// Which tables to import; unset fields do not filter.
struct ImportFilter {
  std::optional<opmon::legacy::AggregateType> type;
  std::optional<absl::CivilDay> from, to;  // inclusive, on the table's day
  bool Includes(const LegacyTableName& table) const;
};

struct ImportProgress {
  int64_t rows = 0;          // rows stored (in days committed or being written)
  int64_t bytes = 0;         // bytes read from the source
  int64_t tables = 0;        // legacy tables read
  int64_t tables_total = 0;  // legacy tables the filter selects
  int64_t tables_skipped = 0;  // relations not named as the reference's
  int64_t days = 0;            // days committed
  int64_t days_refused = 0;
};

struct ImportSummary {
  ImportProgress progress;
  // One line per refused day: "build_id 20191220: <error with its location>".
  std::vector<std::string> refused;
};

// Called every few thousand rows and after each table; returning false
// stops the import (the day being written rolls back).
using ImportProgressFn = std::function<bool(const ImportProgress&)>;

// Imports what `filter` selects from `source` through `opmon`. Errors: the
// source's listing errors; Cancelled when `progress` asked to stop; the
// database's errors (Unavailable, Aborted, ...) of a day's transaction.
absl::StatusOr<ImportSummary> ImportLegacyAggregates(LegacySource& source, pg::Pool& opmon,
                                                     const ImportFilter& filter, const ImportProgressFn& progress);

}  // namespace opmon::compute::legacy
