#pragma once
// The tokens table (migration 0006_tokens): create, list, revoke, and what
// the services' caches load. Only digests are stored; a token's text exists
// once, in CreateToken's result.

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/role.h"
#include "common/auth/token_cache.h"
#include "common/pg/pg_fwd.h"

namespace opmon::auth {

// A token as `tokens ls` shows it. Times are UTC RFC 3339 text, empty when
// unset.
struct TokenRecord {
  std::string name;
  Role role;
  std::string created_at;
  std::string last_used_at;
  std::string revoked_at;
};

// INVALID_ARGUMENT unless `name` is 1 to 63 of [A-Za-z0-9._:-].
absl::Status ValidateTokenName(std::string_view name);

// Stores a new token named `name` and returns its text (the only time it is
// seen). ALREADY_EXISTS when the name is taken, revoked tokens included.
absl::StatusOr<std::string> CreateToken(pg::Pool& pool, std::string_view name, Role role);

// Stores `token` under `name` unless that name or that token is already
// stored (a revoked one stays revoked): how a service registers the first
// admin token (--admin-token-file) before anyone holds one.
absl::Status RegisterToken(pg::Pool& pool, std::string_view name, std::string_view token, Role role);

// Every token, revoked ones included, by name.
absl::StatusOr<std::vector<TokenRecord>> ListTokens(pg::Pool& pool);

// Marks the token revoked; services stop accepting it within seconds.
// NOT_FOUND for an unknown name; revoking a revoked token is OK.
absl::Status RevokeToken(pg::Pool& pool, std::string_view name);

// The unrevoked tokens, for TokenCache::Replace.
absl::StatusOr<std::vector<ActiveToken>> LoadActiveTokens(pg::Pool& pool);

// Sets last_used_at to now for the tokens with these digests.
absl::Status MarkTokensUsed(pg::Pool& pool, const std::vector<std::string>& digests);

}  // namespace opmon::auth
