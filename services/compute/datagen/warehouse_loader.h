#pragma once
// Loads the three warehouse tables for a day range, over several
// connections so the server parses COPY streams in parallel: `main_streams`
// connections into telemetry.main (its biggest cost is jsonb parsing), one
// each into telemetry.crash and telemetry.events.
//
// Prepare: CREATE SCHEMA/TABLE IF NOT EXISTS (idempotent). If any table
// already has rows in [first_day, last_day]: FailedPrecondition naming the
// table and range, unless `replace`. Then each table's range is cleared —
// TRUNCATE when the table has no rows outside the range (COPY then uses
// FREEZE), else DELETE of the range — its submission_date index dropped, and
// its COPY streams begun. Crash and events (and main with one stream) do all
// of this in the transaction of their COPY, so a failed run leaves them as
// they were. With several main streams, main's clearing is committed first
// (one transaction's TRUNCATE would block the other streams): a failed run
// can leave main's range empty; rerun with --replace.
// Write*: append COPY text. Finish: ends the COPYs, rebuilds the indexes,
// ANALYZEs, commits. Destroying an unfinished loader rolls back what is not
// committed (the connections close).
// Thread safety: each stream (main i, crash, events) may be written from its
// own thread concurrently with the others; Prepare and Finish from one thread.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

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
  static absl::StatusOr<std::unique_ptr<WarehouseLoader>> Open(const std::string& dsn, int main_streams);

  absl::Status Prepare(const LoadRange& range);
  absl::Status WriteMain(int stream, std::string_view copy_text);
  absl::Status WriteCrash(std::string_view copy_text);
  absl::Status WriteEvents(std::string_view copy_text);
  absl::Status Finish();

  int main_streams() const { return static_cast<int>(main_.size()); }

 private:
  WarehouseLoader() = default;
  // Clears the range of `t` over `c` (in c's current transaction, if any);
  // returns whether it truncated.
  absl::StatusOr<bool> ClearRange(WarehouseConnection& c, const TableSpec& t, const LoadRange& range);
  absl::Status BeginAll(const LoadRange& range);

  std::vector<std::unique_ptr<WarehouseConnection>> main_;
  std::unique_ptr<WarehouseConnection> crash_;
  std::unique_ptr<WarehouseConnection> events_;
};

}  // namespace opmon::datagen
