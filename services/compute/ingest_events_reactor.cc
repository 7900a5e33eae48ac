#include "services/compute/ingest_events_reactor.h"

#include <utility>

#include "common/grpc/status_conversion.h"
#include "common/grpc/unary_handler.h"
#include "services/compute/live_proto.h"

namespace opmon::compute {

namespace {
constexpr std::string_view kRpc = "ComputeService.IngestEvents";
}

IngestEventsReactor::IngestEventsReactor(grpc_edge::Executor& executor, const absl::Status& gate, StoreBatch store,
                                         v1::IngestEventsResponse* response)
    : executor_(executor),
      store_(std::move(store)),
      response_(response),
      reading_(std::make_unique<v1::IngestEventsRequest>()) {
  if (!gate.ok()) {
    finished_ = true;
    Finish(grpc_edge::ToGrpcStatus(gate));
    return;
  }
  StartRead(reading_.get());
}

void IngestEventsReactor::TakeReadBatch(Next& next) {
  next.store = std::move(reading_);
  next.index = batches_++;
  reading_ = std::make_unique<v1::IngestEventsRequest>();
  next.read = true;
  ++in_flight_;
}

void IngestEventsReactor::MaybeFinish(Next& next) {
  if (finished_ || in_flight_ > 0 || (!half_closed_ && failure_.ok())) return;
  finished_ = next.finish = true;
  next.status = failure_;
}

void IngestEventsReactor::Run(Next next) {
  // Read before posting: the outstanding read keeps the call, and this
  // reactor, alive should the store fail and finish it at once.
  if (next.read) StartRead(reading_.get());
  if (next.store) {
    const int64_t index = next.index;
    if (!executor_.TryPost([this, batch = std::move(next.store), index] { Store(batch, index); })) {
      std::lock_guard<std::mutex> lock(mu_);
      --in_flight_;
      if (failure_.ok()) {
        failure_ =
            absl::ResourceExhaustedError(std::string(kRpc) + ": server busy (handler queue full); retry with backoff");
      }
      MaybeFinish(next);
    }
  }
  if (next.finish) Finish(grpc_edge::ToGrpcStatus(next.status));
}

void IngestEventsReactor::OnReadDone(bool ok) {
  Next next;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!ok) {
      half_closed_ = true;  // the client half-closed (or the call ended)
    } else if (!failure_.ok() || finished_) {
      // a failed call stores nothing more
    } else if (in_flight_ < kStoresInFlight) {
      TakeReadBatch(next);
    } else {
      read_waiting_ = true;  // taken when a store is done
    }
    MaybeFinish(next);
  }
  Run(std::move(next));
}

void IngestEventsReactor::Store(const Batch& batch, int64_t index) {
  absl::StatusOr<live::BatchOutcome> outcome;
  try {
    outcome = store_(*batch);
  } catch (...) {
    outcome = grpc_edge::StatusFromHandlerException(kRpc);
  }
  if (!outcome.ok()) grpc_edge::LogHandlerFailure(kRpc, outcome.status());
  Next next;
  {
    std::lock_guard<std::mutex> lock(mu_);
    --in_flight_;
    if (outcome.ok()) {
      AddToProto(index, *outcome, *response_);
    } else if (failure_.ok()) {
      failure_ = outcome.status();
    }
    if (read_waiting_ && failure_.ok()) {
      read_waiting_ = false;
      TakeReadBatch(next);
    }
    MaybeFinish(next);
  }
  // With nothing to do, leave `this` alone: a read ending on a gRPC thread
  // may finish the call, and OnDone delete the reactor, at any time now.
  if (next.read || next.store || next.finish) Run(std::move(next));
}

}  // namespace opmon::compute
