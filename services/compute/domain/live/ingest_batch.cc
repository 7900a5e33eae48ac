#include "services/compute/domain/live/ingest_batch.h"

#include <pqxx/pqxx>

#include "common/pg/pool.h"

namespace opmon::compute::live {

absl::StatusOr<BatchOutcome> IngestBatch(pg::Pool& pool, const std::vector<RawLiveEvent>& rows) {
  BatchOutcome outcome;
  std::vector<LiveEvent> events;
  events.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    absl::StatusOr<LiveEvent> event = ValidateLiveEvent(rows[i]);
    if (event.ok()) {
      events.push_back(*std::move(event));
    } else {
      ++outcome.rejected;
      outcome.errors.push_back({static_cast<int64_t>(i), std::string(event.status().message())});
    }
  }
  absl::Status stored = pool.Run("storing live events", [&](pqxx::connection& c) {
    pqxx::work tx(c);
    outcome.counts = StoreLiveEvents(tx, events);
    tx.commit();
    return absl::OkStatus();
  });
  if (!stored.ok()) return stored;
  return outcome;
}

}  // namespace opmon::compute::live
