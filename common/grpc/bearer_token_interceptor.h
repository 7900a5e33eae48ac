#pragma once
// Adds `authorization: Bearer <token>` to every call of a client channel.
// An interceptor rather than call credentials: gRPC sends call credentials
// only over secure channels, and opmon's channels may be plaintext on
// loopback.

#include <memory>
#include <string>

#include "grpcpp/support/client_interceptor.h"

namespace opmon::grpc_edge {

std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface> MakeBearerTokenInterceptorFactory(
    std::string token);

}  // namespace opmon::grpc_edge
