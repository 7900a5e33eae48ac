#include "clients/opmonctl/rpc_context.h"

#include <chrono>

namespace opmon::ctl {

std::unique_ptr<grpc::ClientContext> MakeContext(double timeout_seconds) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::milliseconds(static_cast<long long>(timeout_seconds * 1000)));
  return ctx;
}

}  // namespace opmon::ctl
