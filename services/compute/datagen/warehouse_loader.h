#pragma once
// Loads the three warehouse tables for a day range, over one connection per
// table so the server parses the three COPY streams in parallel.
//
// Prepare: CREATE SCHEMA/TABLE IF NOT EXISTS (idempotent). If any table
// already has rows in [first_day, last_day]: FailedPrecondition naming the
// table and range, unless `replace`. Then, per table in its own transaction:
// when the table has no rows outside the range it is TRUNCATEd (and COPY
// uses FREEZE), else with `replace` the range is DELETEd; the submission_date
// index is dropped and a COPY begins.
// Write: appends COPY text. Finish: ends the COPYs, rebuilds the indexes,
// ANALYZEs, and commits the three transactions. Destroying an unfinished
// loader rolls everything back (the connections close).
// Not thread-safe: one thread drives a loader.

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/compute/datagen/warehouse_connection.h"
#include "services/compute/datagen/warehouse_schema.h"

namespace opmon::datagen {

struct LoadRange {
  absl::CivilDay first_day;
  absl::CivilDay last_day;
  bool replace = false;
};

class WarehouseLoader {
 public:
  static absl::StatusOr<std::unique_ptr<WarehouseLoader>> Open(const std::string& dsn);

  absl::Status Prepare(const LoadRange& range);
  absl::Status Write(WarehouseTable table, std::string_view copy_text);
  absl::Status Finish();

  // Whether Prepare truncated the table (and so COPY used FREEZE).
  bool truncated(WarehouseTable table) const { return truncated_[static_cast<int>(table)]; }

 private:
  WarehouseLoader() = default;
  std::array<std::unique_ptr<WarehouseConnection>, kWarehouseTableCount> connections_;
  std::array<bool, kWarehouseTableCount> truncated_{};
};

}  // namespace opmon::datagen
