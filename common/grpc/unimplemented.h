#pragma once
// Answers for RPCs whose issue is still open: UNIMPLEMENTED with a message
// naming what is missing (gRPC's default UNIMPLEMENTED says nothing). A
// server-streaming RPC returns FinishedStream<T>(UnimplementedStatus(...))
// (finished_stream.h).

#include <string_view>

#include "grpcpp/support/server_callback.h"
#include "grpcpp/server_context.h"

namespace opmon::grpc_edge {

grpc::ServerUnaryReactor* Unimplemented(grpc::CallbackServerContext* ctx, std::string_view rpc,
                                        std::string_view missing);

grpc::Status UnimplementedStatus(std::string_view rpc, std::string_view missing);

}  // namespace opmon::grpc_edge
