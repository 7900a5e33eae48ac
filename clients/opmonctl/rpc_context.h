#pragma once
// Per-call contexts for opmonctl, used by CallUnary and
// ReadServerStream (rpc_call.h): every call gets a deadline.

#include <memory>
#include <string>

#include "grpcpp/client_context.h"

namespace opmon::ctl {

// A context whose deadline is `timeout_seconds` from now.
std::unique_ptr<grpc::ClientContext> MakeContext(double timeout_seconds);

}  // namespace opmon::ctl
