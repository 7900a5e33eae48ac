#include "clients/opmonctl/rpc_context.h"

#include <chrono>

#include "common/grpc/client_channel.h"

namespace opmon::ctl {

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  return grpc_edge::MakeClientChannel(address);
}

std::unique_ptr<grpc::ClientContext> MakeContext(double timeout_seconds) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::milliseconds(static_cast<long long>(timeout_seconds * 1000)));
  return ctx;
}

}  // namespace opmon::ctl
