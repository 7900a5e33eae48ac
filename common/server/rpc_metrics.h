#pragma once
// Prometheus RPC metrics recorded by a gRPC server interceptor, so every RPC
// of every service is counted the same way without per-handler code:
//   opmon_rpc_requests_total{method, code}
//   opmon_rpc_duration_seconds{method}   (histogram)
// `method` is the gRPC path of a method compiled into the binary, or
// "unknown": labels never come from request input, so their number is fixed.

#include <memory>

#include "grpcpp/support/server_interceptor.h"

namespace prometheus {
class Registry;
}

namespace opmon::server {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRpcMetricsInterceptorFactory(
    prometheus::Registry& registry);

}  // namespace opmon::server
