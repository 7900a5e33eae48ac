#include "common/auth/token_cache.h"

#include <utility>

#include "common/auth/bearer_token.h"

namespace opmon::auth {

void TokenCache::Replace(std::vector<ActiveToken> tokens) {
  absl::flat_hash_map<std::string, Caller> by_digest;
  for (ActiveToken& t : tokens) by_digest[std::move(t.digest)] = Caller{std::move(t.name), t.role};
  absl::MutexLock lock(&mu_);
  by_digest_ = std::move(by_digest);
  loaded_ = true;
}

absl::StatusOr<Caller> TokenCache::Authenticate(std::string_view token) {
  std::string digest = TokenDigest(token);
  absl::MutexLock lock(&mu_);
  if (!loaded_) return absl::UnavailableError("access tokens are not loaded yet (is the database reachable?)");
  auto it = by_digest_.find(digest);
  if (it == by_digest_.end()) return absl::UnauthenticatedError("unknown or revoked token");
  used_.insert(std::move(digest));
  return it->second;
}

std::vector<std::string> TokenCache::TakeUsed() {
  absl::MutexLock lock(&mu_);
  std::vector<std::string> used(used_.begin(), used_.end());
  used_.clear();
  return used;
}

}  // namespace opmon::auth
