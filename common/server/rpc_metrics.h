#pragma once
// Prometheus RPC metrics recorded by a gRPC server interceptor, so every RPC
// of every service is counted the same way without per-handler code:
//   opmon_rpc_requests_total{method, code}
//   opmon_rpc_duration_seconds{method}   (histogram)

#include <memory>

#include "grpcpp/support/server_interceptor.h"

namespace prometheus {
class Registry;
}

namespace opmon::server {

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeRpcMetricsInterceptorFactory(
    prometheus::Registry& registry);

}  // namespace opmon::server
