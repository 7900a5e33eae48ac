#pragma once
// Answers for RPCs whose issue is still open: UNIMPLEMENTED with a message
// naming what is missing (gRPC's default UNIMPLEMENTED says nothing). A
// server-streaming RPC returns FinishedStream<T>(UnimplementedStatus(...))
// (finished_stream.h) after AdmitStream (admitted_stream.h). The call passes
// the executor's gate first, as every call does.

#include <string_view>

#include "grpcpp/support/server_callback.h"
#include "grpcpp/server_context.h"

namespace opmon::grpc_edge {

class Executor;

grpc::ServerUnaryReactor* Unimplemented(grpc::CallbackServerContext* ctx, const Executor& executor,
                                        std::string_view rpc, std::string_view missing);

grpc::Status UnimplementedStatus(std::string_view rpc, std::string_view missing);

}  // namespace opmon::grpc_edge
