#pragma once
// Streams a generated ClientQuery's rows out of the warehouse in batches
// through a server-side cursor (DECLARE ... NO SCROLL CURSOR; FETCH n), in a
// read-only transaction: memory holds one batch, never the whole result.

#include <cstdint>
#include <functional>
#include <span>

#include <pqxx/connection>

#include "absl/status/status.h"
#include "services/compute/domain/client_query.h"
#include "services/compute/domain/client_row_processor.h"


namespace opmon::compute {

struct StreamOptions {
  int batch_rows = 20000;
};

// Called once per batch; a non-OK status (e.g. Cancelled) stops the stream
// and is returned. The spans and views are valid during the call only.
using BatchCallback = std::function<absl::Status(std::span<const RowFields> rows)>;

// Runs `query` on `warehouse` (no transaction may be open on it). Database
// errors come back as error_mapping.h maps them, prefixed with "warehouse".
absl::Status StreamClientRows(pqxx::connection& warehouse, const ClientQuery& query,
                              const StreamOptions& options, const BatchCallback& on_batch);

}  // namespace opmon::compute
