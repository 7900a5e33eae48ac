#pragma once
// Streams a generated ClientQuery's rows out of the warehouse in batches, on
// a libpq connection of its own in single-row mode: the query runs as one
// read-only statement, so PostgreSQL may plan it in parallel as it does the
// same SELECT under COPY (a cursor never gets a parallel plan), and rows
// arrive as the server produces them. Memory holds a few batches (one being
// processed, up to two read ahead by a reader thread so the server keeps
// sending while the caller parses), never the whole result.

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "services/compute/domain/client_query.h"
#include "services/compute/domain/client_row_processor.h"
#include "services/compute/domain/warehouse_limits.h"


struct pg_cancel;

namespace opmon::compute {

// Lets another thread stop a running warehouse query at once (cancel,
// shutdown) instead of waiting for the next batch: the long first FETCH runs
// the whole aggregation. Thread-safe; one per run.
class QueryInterrupter {
 public:
  // Cancels the query running now, and any started later.
  void Interrupt();
  bool interrupted() const;

  // For StreamClientRows: the libpq cancel handle of the connection whose
  // query Interrupt cancels. Returns false when already interrupted.
  bool Arm(pg_cancel* cancel);
  void Disarm();

 private:
  mutable absl::Mutex mu_;
  pg_cancel* cancel_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool interrupted_ ABSL_GUARDED_BY(mu_) = false;
};

struct StreamOptions {
  int batch_rows = 5000;
  QueryInterrupter* interrupter = nullptr;  // optional
  WarehouseLimits limits;                   // the session is confined (ConfineSession) with these
};

// Called once per batch; a non-OK status (e.g. Cancelled) stops the stream
// and is returned. The spans and views are valid during the call only.
using BatchCallback = std::function<absl::Status(std::span<const RowFields> rows)>;

// Runs `query` on a new connection to `warehouse_dsn`, confined first
// (ConfineSession: FailedPrecondition for a role that could read more than
// the warehouse). Database errors come back as error_mapping.h maps them,
// prefixed with "warehouse" (Unavailable when the server cannot be reached
// or the connection drops; DeadlineExceeded past the statement timeout);
// Cancelled when the interrupter fired.
absl::Status StreamClientRows(const std::string& warehouse_dsn, const ClientQuery& query,
                              const StreamOptions& options, const BatchCallback& on_batch);

}  // namespace opmon::compute
