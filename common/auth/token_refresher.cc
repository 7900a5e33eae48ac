#include "common/auth/token_refresher.h"

#include "common/auth/token_cache.h"
#include "common/auth/token_store.h"
#include "common/log/log.h"
#include "common/pg/pool.h"

namespace opmon::auth {

TokenRefresher::TokenRefresher(pg::Pool& pool, TokenCache& cache, TokenRefresherOptions options)
    : pool_(pool),
      cache_(cache),
      options_(options),
      listener_(pool.dsn(), "opmon_tokens", [this] { RequestReload(); }) {}

TokenRefresher::~TokenRefresher() { Stop(); }

void TokenRefresher::Start() {
  listener_.Start();
  thread_ = std::jthread([this] { Loop(); });
}

void TokenRefresher::RequestReload() {
  absl::MutexLock lock(&mu_);
  reload_requested_ = true;
}

absl::Status TokenRefresher::Reload() {
  absl::StatusOr<std::vector<ActiveToken>> tokens = LoadActiveTokens(pool_);
  if (!tokens.ok()) return tokens.status();
  cache_.Replace(*std::move(tokens));
  return absl::OkStatus();
}

void TokenRefresher::Stop() {
  listener_.Stop();
  if (!thread_.joinable()) return;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

void TokenRefresher::Loop() {
  absl::Time next_refresh = absl::Now() + options_.refresh_interval;
  bool stopping = false;
  while (!stopping) {
    {
      absl::MutexLock lock(&mu_);
      auto wake = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return reload_requested_ || stopping_; };
      mu_.AwaitWithDeadline(absl::Condition(&wake), next_refresh);
      stopping = stopping_;
      reload_requested_ = false;
    }
    if (absl::Status flushed = MarkTokensUsed(pool_, cache_.TakeUsed()); !flushed.ok()) {
      log::Warn("cannot record token use", {{"error", std::string(flushed.message())}});
    }
    if (stopping) break;
    // Before the schema has the table this fails quietly; the server reloads
    // once migrations are applied.
    if (absl::Status reloaded = Reload(); !reloaded.ok()) {
      log::Debug("token reload failed; keeping the previous copy", {{"error", std::string(reloaded.message())}});
    }
    next_refresh = absl::Now() + options_.refresh_interval;
  }
}

}  // namespace opmon::auth
