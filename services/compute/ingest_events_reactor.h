#pragma once
// The IngestEvents client stream. Each message is a batch stored in its own
// transaction on the service's executor; up to kStoresInFlight batches of a
// call are stored at once (each on its own connection), and the next
// message is read while they are, so the client's sending, compute's
// decoding and the database's work overlap. Concurrent batches are safe:
// storing is idempotent by event id and takes its row locks in key order
// (live_event_store.h). Finishes once the client has half-closed and every
// batch read is committed, so the response acknowledges only stored
// events. A database failure ends the call with its status once the
// batches in flight are done: committed batches stay, and a client
// resending the whole stream counts them once. Deletes itself in OnDone.

#include <functional>
#include <memory>
#include <mutex>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/grpc/executor.h"
#include "grpcpp/support/server_callback.h"
#include "opmon/v1/compute.pb.h"
#include "services/compute/domain/live/ingest_batch.h"

namespace opmon::compute {

class IngestEventsReactor final : public grpc::ServerReadReactor<v1::IngestEventsRequest> {
 public:
  using StoreBatch = std::function<absl::StatusOr<live::BatchOutcome>(const v1::IngestEventsRequest&)>;

  // Batches of one call stored at once, each holding a handler thread and a
  // pool connection until it commits: four keep both cores of the 2-core VM
  // busy (idle VM, 428k events: 82k events/s with two, 94k with three, 100k
  // with four; docs/performance.md), while compute decodes the next.
  static constexpr int kStoresInFlight = 4;

  // `response` is the call's (outlives the reactor); `gate` is the
  // executor's answer for this call: a refusal finishes at once.
  IngestEventsReactor(grpc_edge::Executor& executor, const absl::Status& gate, StoreBatch store,
                      v1::IngestEventsResponse* response);

  void OnReadDone(bool ok) override;
  void OnDone() override { delete this; }

 private:
  using Batch = std::shared_ptr<const v1::IngestEventsRequest>;

  // What a reaction decided under the lock, done after it.
  struct Next {
    Batch store;  // post this batch ...
    int64_t index = 0;  // ... under this batch number
    bool read = false;  // start the next read
    bool finish = false;
    absl::Status status;  // the finish status
  };

  // Under mu_: the batch in reading_ goes to the executor (reading resumes).
  void TakeReadBatch(Next& next);
  // Under mu_: finish if nothing is in flight and nothing more will come.
  void MaybeFinish(Next& next);
  void Run(Next next);
  void Store(const Batch& batch, int64_t index);

  grpc_edge::Executor& executor_;
  StoreBatch store_;
  v1::IngestEventsResponse* response_;

  std::mutex mu_;
  std::unique_ptr<v1::IngestEventsRequest> reading_;  // the target of the outstanding read
  bool read_waiting_ = false;  // reading_ holds a batch waiting for a free slot
  int in_flight_ = 0;          // batches with the executor
  int64_t batches_ = 0;        // batches read so far (the next one's number)
  bool half_closed_ = false;   // no more batches will come
  absl::Status failure_;       // the first store failure: no new stores, finish with it
  bool finished_ = false;
};

}  // namespace opmon::compute
