#pragma once
// Channels and per-call contexts for opmonctl, used by CallUnary and
// ReadServerStream (rpc_call.h): every call gets a deadline.

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace opmon::ctl {

// A channel to `address` (host:port), made by grpc_edge::MakeClientChannel.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address);
// A context whose deadline is `timeout_seconds` from now.
std::unique_ptr<grpc::ClientContext> MakeContext(double timeout_seconds);

}  // namespace opmon::ctl
