#pragma once
// A server-streaming call that finishes at once with a status and writes
// nothing: a request refused before its stream starts (a bad argument), or
// an RPC whose issue is still open (UnimplementedStatus, unimplemented.h).
//
//   if (!valid.ok()) return grpc_edge::FinishedStream<v1::JobProgress>(valid);

#include "absl/status/status.h"
#include "common/grpc/status_conversion.h"
#include "grpcpp/support/server_callback.h"
#include "grpcpp/support/status.h"

namespace opmon::grpc_edge {

// The reactor to return from a server-streaming handler; it deletes itself
// when the call is done. `status` should not be OK (an OK status ends the
// stream empty and successful).
template <typename T>
grpc::ServerWriteReactor<T>* FinishedStream(const grpc::Status& status) {
  class Reactor final : public grpc::ServerWriteReactor<T> {
   public:
    explicit Reactor(const grpc::Status& s) { this->Finish(s); }
    void OnDone() override { delete this; }
  };
  return new Reactor(status);
}

// The same for a domain error (ToGrpcStatus).
template <typename T>
grpc::ServerWriteReactor<T>* FinishedStream(const absl::Status& status) {
  return FinishedStream<T>(ToGrpcStatus(status));
}

}  // namespace opmon::grpc_edge
