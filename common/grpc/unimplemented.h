#pragma once
// Answers for RPCs whose issue is still open: UNIMPLEMENTED with a message
// naming what is missing (gRPC's default UNIMPLEMENTED says nothing).

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "grpcpp/support/server_callback.h"
#include "grpcpp/server_context.h"

namespace opmon::grpc_edge {

grpc::ServerUnaryReactor* Unimplemented(grpc::CallbackServerContext* ctx, std::string_view rpc,
                                        std::string_view missing);

grpc::Status UnimplementedStatus(std::string_view rpc, std::string_view missing);

template <typename T>
grpc::ServerWriteReactor<T>* UnimplementedStream(std::string_view rpc, std::string_view missing) {
  class Reactor final : public grpc::ServerWriteReactor<T> {
   public:
    explicit Reactor(const grpc::Status& status) { this->Finish(status); }
    void OnDone() override { delete this; }
  };
  return new Reactor(UnimplementedStatus(rpc, missing));
}

}  // namespace opmon::grpc_edge
