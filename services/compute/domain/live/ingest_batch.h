#pragma once
// One IngestEvents batch: each row checked on its own (a bad row is
// counted and reported, never failing the batch), the good ones stored in
// one transaction (live_event_store.h) that is committed before this
// returns, so a caller acknowledges only stored events.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/compute/domain/live/live_event.h"
#include "services/compute/domain/live/live_event_store.h"

namespace opmon::pg {
class Pool;
}

namespace opmon::compute::live {

struct RowError {
  int64_t row = 0;  // index in the batch
  std::string message;
};

struct BatchOutcome {
  StoreCounts counts;
  int64_t rejected = 0;
  std::vector<RowError> errors;  // every rejected row, in order
};

// Stores the valid rows of `rows` (committed on return). Errors: those of
// the database (Unavailable, ...) after the pool's retries; row errors are
// in the outcome.
absl::StatusOr<BatchOutcome> IngestBatch(pg::Pool& pool, const std::vector<RawLiveEvent>& rows);

}  // namespace opmon::compute::live
