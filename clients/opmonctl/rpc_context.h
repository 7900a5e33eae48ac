#pragma once
// Channels and per-call contexts for opmonctl: every call gets the --timeout deadline.

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace opmon::ctl {

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address);
std::unique_ptr<grpc::ClientContext> MakeContext(double timeout_seconds);

}  // namespace opmon::ctl
