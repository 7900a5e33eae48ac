#pragma once
// The one table of the minimal role each RPC needs, keyed by the name its
// handler passes to the common/grpc wrappers ("ConfigService.GetProject").
// An RPC missing from the table is refused (fail closed); a test checks that
// every method of every opmon.v1 service is in it. gRPC's own health and
// reflection services never consult it: they stay open.

#include <optional>
#include <span>
#include <string_view>

#include "common/auth/role.h"

namespace opmon::auth {

struct RpcRole {
  std::string_view rpc;  // "Service.Method", without the opmon.v1 package
  Role role;
};

// Every entry, in the order of the .proto files.
std::span<const RpcRole> RpcRoleTable();

// The role `rpc` needs; nullopt when it is not in the table.
std::optional<Role> RequiredRole(std::string_view rpc);

}  // namespace opmon::auth
