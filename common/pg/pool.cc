#include "common/pg/pool.h"

#include <algorithm>
#include <utility>

#include <pqxx/nontransaction>

#include "absl/strings/str_cat.h"
#include "common/pg/error_mapping.h"

namespace opmon::pg {

namespace {

std::string AppendOption(std::string_view dsn, std::string_view key, std::string_view value) {
  const char* separator = dsn.empty() ? "" : " ";
  if (dsn.starts_with("postgres://") || dsn.starts_with("postgresql://")) {
    separator = dsn.find('?') != std::string_view::npos ? "&" : "?";
  }
  return absl::StrCat(std::string(dsn), separator, std::string(key), "=", std::string(value));
}

}  // namespace

std::string WithConnectTimeout(std::string_view dsn, int seconds) {
  if (dsn.find("connect_timeout") != std::string_view::npos) return std::string(dsn);
  return AppendOption(dsn, "connect_timeout", absl::StrCat(seconds));
}

std::string WithUser(std::string_view dsn, std::string_view user) { return AppendOption(dsn, "user", user); }

Pool::Pool(PoolOptions options) : options_(std::move(options)) {
  options_.dsn = WithConnectTimeout(options_.dsn, options_.connect_timeout_seconds);
}

Pool::~Pool() = default;

absl::StatusOr<std::unique_ptr<pqxx::connection>> Pool::Acquire() {
  {
    absl::MutexLock lock(&mu_);
    auto available = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < options_.size;
    };
    if (!mu_.AwaitWithTimeout(absl::Condition(&available), options_.acquire_timeout)) {
      return absl::ResourceExhaustedError(
          absl::StrCat("all ", options_.size, " database connections busy for ",
                       absl::FormatDuration(options_.acquire_timeout)));
    }
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    ++open_;
  }
  try {
    return std::make_unique<pqxx::connection>(options_.dsn);
  } catch (...) {
    absl::MutexLock lock(&mu_);
    --open_;
    return StatusFromCurrentException("connect to database");
  }
}

void Pool::Release(std::unique_ptr<pqxx::connection> conn, bool healthy) {
  absl::MutexLock lock(&mu_);
  if (healthy && conn->is_open()) {
    idle_.push_back(std::move(conn));
  } else {
    --open_;
  }
}

absl::Status Pool::RunOnce(std::string_view what, const Callback& fn) {
  auto conn = Acquire();
  if (!conn.ok()) return conn.status();
  absl::Status status;
  try {
    status = fn(**conn);
  } catch (...) {
    status = StatusFromCurrentException(what);
  }
  // A connection that saw an error other than a clean SQL error may be in
  // an unknown state; open a fresh one next time.
  bool healthy = status.ok() || status.code() == absl::StatusCode::kInvalidArgument ||
                 status.code() == absl::StatusCode::kNotFound ||
                 status.code() == absl::StatusCode::kAlreadyExists ||
                 status.code() == absl::StatusCode::kFailedPrecondition;
  Release(std::move(*conn), healthy);
  return status;
}

absl::Status Pool::Run(std::string_view what, const Callback& fn) {
  absl::Duration backoff = options_.initial_backoff;
  absl::Status status;
  for (int attempt = 1; attempt <= options_.max_attempts; ++attempt) {
    status = RunOnce(what, fn);
    if (status.ok()) return status;
    bool retryable = status.code() == absl::StatusCode::kUnavailable ||
                     status.code() == absl::StatusCode::kAborted;
    if (!retryable || attempt == options_.max_attempts) break;
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
  return status;
}

absl::Status Pool::Ping() {
  auto conn = Acquire();
  if (!conn.ok()) return conn.status();
  absl::Status status;
  try {
    pqxx::nontransaction tx(**conn);
    tx.exec("SELECT 1");
  } catch (...) {
    status = StatusFromCurrentException("ping database");
  }
  Release(std::move(*conn), status.ok());
  return status;
}

}  // namespace opmon::pg
