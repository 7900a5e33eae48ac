#pragma once
// The gate for server-streaming handlers, which do not go through
// HandleUnary: call first, return the refusal as is.
//
//   if (auto* refused = grpc_edge::AdmitStream<v1::JobProgress>(ctx, executor, "ComputeService.WatchJob")) {
//     return refused;
//   }

#include <string_view>

#include "common/grpc/executor.h"
#include "common/grpc/finished_stream.h"
#include "grpcpp/server_context.h"

namespace opmon::grpc_edge {

// nullptr when the executor's gate admits the call; otherwise a stream that
// finishes at once with the gate's status.
template <typename T>
grpc::ServerWriteReactor<T>* AdmitStream(grpc::CallbackServerContext* ctx, const Executor& executor,
                                         std::string_view rpc) {
  absl::Status admitted = executor.Admit(*ctx, rpc);
  if (admitted.ok()) return nullptr;
  return FinishedStream<T>(admitted);
}

}  // namespace opmon::grpc_edge
