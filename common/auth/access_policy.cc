#include "common/auth/access_policy.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/auth/bearer_token.h"
#include "common/auth/rpc_roles.h"
#include "common/auth/token_cache.h"

namespace opmon::auth {

absl::Status AccessPolicy::Check(std::string_view rpc, std::optional<std::string_view> authorization) const {
  const std::string name(rpc);
  std::optional<Role> needed = RequiredRole(rpc);
  if (!needed) return absl::PermissionDeniedError(name + ": not in the role table; refused");
  std::optional<std::string_view> token = authorization ? BearerTokenIn(*authorization) : std::nullopt;
  if (!token) {
    return absl::UnauthenticatedError(
        name + ": no `authorization: Bearer <token>` metadata (opmonctl: set OPMON_TOKEN or --token-file)");
  }
  absl::StatusOr<Caller> caller = tokens_.Authenticate(*token);
  if (!caller.ok()) {
    return absl::Status(caller.status().code(), absl::StrCat(name, ": ", std::string(caller.status().message())));
  }
  if (!Grants(caller->role, *needed)) {
    return absl::PermissionDeniedError(absl::StrCat(name, " needs role ", std::string(RoleName(*needed)), "; token \"",
                                                    caller->name, "\" has role ", std::string(RoleName(caller->role))));
  }
  return absl::OkStatus();
}

}  // namespace opmon::auth
