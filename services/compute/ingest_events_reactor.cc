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
    : executor_(executor), store_(std::move(store)), response_(response) {
  if (!gate.ok()) {
    Finish(grpc_edge::ToGrpcStatus(gate));
    return;
  }
  StartRead(&batch_);
}

void IngestEventsReactor::OnReadDone(bool ok) {
  if (!ok) {  // the client half-closed (or the call ended): every batch read is stored
    Finish(grpc::Status::OK);
    return;
  }
  if (!executor_.TryPost([this] { Store(); })) {
    Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        std::string(kRpc) + ": server busy (handler queue full); retry with backoff"));
  }
}

void IngestEventsReactor::Store() {
  absl::StatusOr<live::BatchOutcome> outcome;
  try {
    outcome = store_(batch_);
  } catch (...) {
    outcome = grpc_edge::StatusFromHandlerException(kRpc);
  }
  if (!outcome.ok()) {
    grpc_edge::LogHandlerFailure(kRpc, outcome.status());
    Finish(grpc_edge::ToGrpcStatus(outcome.status()));
    return;
  }
  AddToProto(batches_++, *outcome, *response_);
  batch_.Clear();
  StartRead(&batch_);
}

}  // namespace opmon::compute
