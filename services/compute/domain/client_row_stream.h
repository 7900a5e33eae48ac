#pragma once
// Streams a generated ClientQuery's rows out of the warehouse in batches
// through a server-side cursor (DECLARE ... NO SCROLL CURSOR; FETCH n), in a
// read-only transaction: memory holds a few batches (one being processed, up
// to two fetched ahead by a fetcher thread so the server keeps sending while
// the caller parses), never the whole result.

#include <cstdint>
#include <functional>
#include <span>

#include <pqxx/connection>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "services/compute/domain/client_query.h"
#include "services/compute/domain/client_row_processor.h"


namespace opmon::compute {

// Lets another thread stop a running warehouse query at once (cancel,
// shutdown) instead of waiting for the next batch: the long first FETCH runs
// the whole aggregation. Thread-safe; one per run.
class QueryInterrupter {
 public:
  // Cancels the query running now, and any started later.
  void Interrupt();
  bool interrupted() const;

  // For StreamClientRows: the connection whose query Interrupt cancels.
  // Returns false when already interrupted.
  bool Arm(pqxx::connection* conn);
  void Disarm();

 private:
  mutable absl::Mutex mu_;
  pqxx::connection* conn_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool interrupted_ ABSL_GUARDED_BY(mu_) = false;
};

struct StreamOptions {
  int batch_rows = 5000;
  QueryInterrupter* interrupter = nullptr;  // optional
};

// Called once per batch; a non-OK status (e.g. Cancelled) stops the stream
// and is returned. The spans and views are valid during the call only.
using BatchCallback = std::function<absl::Status(std::span<const RowFields> rows)>;

// Runs `query` on `warehouse` (no transaction may be open on it). Database
// errors come back as error_mapping.h maps them, prefixed with "warehouse";
// Cancelled when the interrupter fired.
absl::Status StreamClientRows(pqxx::connection& warehouse, const ClientQuery& query,
                              const StreamOptions& options, const BatchCallback& on_batch);

}  // namespace opmon::compute
