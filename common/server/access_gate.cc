#include "common/server/access_gate.h"

#include <optional>
#include <string_view>

#include "common/auth/access_policy.h"
#include "grpcpp/server_context.h"

namespace opmon::server {

grpc_edge::CallGate MakeAccessGate(const auth::AccessPolicy& policy) {
  return [&policy](const grpc::ServerContextBase& ctx, std::string_view rpc) {
    std::optional<std::string_view> authorization;
    const auto& metadata = ctx.client_metadata();
    if (auto it = metadata.find("authorization"); it != metadata.end()) {
      authorization = std::string_view(it->second.data(), it->second.size());
    }
    return policy.Check(rpc, authorization);
  };
}

}  // namespace opmon::server
