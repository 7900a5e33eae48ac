#pragma once
// A service's in-memory copy of the active (unrevoked) tokens, keyed by
// digest, so authenticating a call never waits on the database: the copy is
// replaced whole by TokenRefresher (on NOTIFY and periodically). It also
// remembers which tokens were used since the refresher last asked, so
// last_used_at is written in batches. Thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/auth/role.h"

namespace opmon::auth {

// One active token as the cache holds it: never the token itself.
struct ActiveToken {
  std::string digest;  // TokenDigest(token)
  std::string name;
  Role role;
};

// Who a call comes from.
struct Caller {
  std::string name;
  Role role;
};

class TokenCache {
 public:
  // Replaces the whole copy; the first call makes the cache loaded.
  void Replace(std::vector<ActiveToken> tokens);

  // The caller holding `token`. UNAUTHENTICATED for a token not in the copy
  // (unknown or revoked), UNAVAILABLE until the first Replace. Messages
  // never contain the token.
  absl::StatusOr<Caller> Authenticate(std::string_view token);

  // Digests of the tokens authenticated since the last call, and forgets them.
  std::vector<std::string> TakeUsed();

 private:
  absl::Mutex mu_;
  bool loaded_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_map<std::string, Caller> by_digest_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> used_ ABSL_GUARDED_BY(mu_);
};

}  // namespace opmon::auth
