#pragma once
// Keeps a TokenCache in step with the tokens table: reloads it when a token
// changes (NOTIFY opmon_tokens, sent by the table's trigger), after every
// reconnect of the listener, when asked (Reload), and every
// `refresh_interval` as a fallback; writes last_used_at for the tokens the
// cache saw used, in one batch per round. A failed reload keeps the previous
// copy.

#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/pg/channel_listener.h"
#include "common/pg/pg_fwd.h"

namespace opmon::auth {

class TokenCache;

struct TokenRefresherOptions {
  absl::Duration refresh_interval = absl::Seconds(30);
};

class TokenRefresher {
 public:
  TokenRefresher(pg::Pool& pool, TokenCache& cache, TokenRefresherOptions options = {});
  ~TokenRefresher();  // Stop()
  TokenRefresher(const TokenRefresher&) = delete;
  TokenRefresher& operator=(const TokenRefresher&) = delete;

  // Starts the listener and the refresh thread.
  void Start();
  // Asks the refresh thread for a reload soon (does not wait).
  void RequestReload();
  // Reloads now, on the calling thread.
  absl::Status Reload();
  // Flushes last-used times once more and joins the threads. Idempotent.
  void Stop();

 private:
  void Loop();

  pg::Pool& pool_;
  TokenCache& cache_;
  const TokenRefresherOptions options_;
  pg::ChannelListener listener_;
  absl::Mutex mu_;
  bool reload_requested_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::jthread thread_;
};

}  // namespace opmon::auth
