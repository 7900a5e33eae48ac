#pragma once
// Whether a call may run: the RPC's role from the role table (rpc_roles.h),
// the caller from its bearer token (token_cache.h). Never blocks.

#include <optional>
#include <string_view>

#include "absl/status/status.h"

namespace opmon::auth {

class TokenCache;

class AccessPolicy {
 public:
  explicit AccessPolicy(TokenCache& tokens) : tokens_(tokens) {}

  // OK when the call may run. PERMISSION_DENIED for an RPC missing from the
  // role table, or a caller whose role is below the one needed (the message
  // names the role needed); UNAUTHENTICATED without an `authorization:
  // Bearer <token>` value or with an unknown or revoked token; UNAVAILABLE
  // before the tokens are loaded. Messages never contain the token.
  absl::Status Check(std::string_view rpc, std::optional<std::string_view> authorization) const;

 private:
  TokenCache& tokens_;
};

}  // namespace opmon::auth
