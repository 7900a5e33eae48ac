#pragma once
// The one place where absl::Status and grpc::Status meet. Codes map one to
// one (both follow google.rpc.Code); messages are kept verbatim.

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace opmon::grpc_edge {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace opmon::grpc_edge
