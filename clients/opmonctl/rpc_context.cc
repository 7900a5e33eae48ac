#include "clients/opmonctl/rpc_context.h"

#include <chrono>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace opmon::ctl {

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

std::unique_ptr<grpc::ClientContext> MakeContext(double timeout_seconds) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::milliseconds(static_cast<long long>(timeout_seconds * 1000)));
  return ctx;
}

}  // namespace opmon::ctl
