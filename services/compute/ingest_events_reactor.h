#pragma once
// The IngestEvents client stream: reads one batch, stores it on the
// service's executor (committed before the next read, so at most one batch
// per call is in memory and the final response acknowledges only stored
// events), then reads the next; finishes with the totals once the client
// half-closes. A database failure ends the call with its status: batches
// already acknowledged by their commit stay, and a client resending the
// whole stream counts them once (event ids). Deletes itself in OnDone.

#include <functional>

#include "absl/status/statusor.h"
#include "common/grpc/executor.h"
#include "grpcpp/support/server_callback.h"
#include "opmon/v1/compute.pb.h"
#include "services/compute/domain/live/ingest_batch.h"

namespace opmon::compute {

class IngestEventsReactor final : public grpc::ServerReadReactor<v1::IngestEventsRequest> {
 public:
  using StoreBatch = std::function<absl::StatusOr<live::BatchOutcome>(const v1::IngestEventsRequest&)>;

  // `response` is the call's (outlives the reactor); `gate` is the
  // executor's answer for this call: a refusal finishes at once.
  IngestEventsReactor(grpc_edge::Executor& executor, const absl::Status& gate, StoreBatch store,
                      v1::IngestEventsResponse* response);

  void OnReadDone(bool ok) override;
  void OnDone() override { delete this; }

 private:
  void Store();

  grpc_edge::Executor& executor_;
  StoreBatch store_;
  v1::IngestEventsResponse* response_;
  v1::IngestEventsRequest batch_;
  int64_t batches_ = 0;
};

}  // namespace opmon::compute
