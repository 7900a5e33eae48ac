#pragma once
// A small PostgreSQL connection pool (libpqxx).
//
// Connections are opened lazily, up to `size`, and reused. `Run` lends one to
// a callback and retries the whole callback, with exponential backoff, when
// the connection is lost or the transaction must be retried (Unavailable or
// Aborted), so a callback must do its work in its own transaction(s).
// `RunOnce` lends one without retrying, for work too costly to repeat
// unasked (a day's computation: its caller decides whether to try again).
// Thread-safe.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <pqxx/connection>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace opmon::pg {

struct PoolOptions {
  std::string dsn;
  int size = 8;
  int max_attempts = 5;                       // for Run
  absl::Duration initial_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Seconds(2);
  absl::Duration acquire_timeout = absl::Seconds(30);
  int connect_timeout_seconds = 5;
};

class Pool {
 public:
  explicit Pool(PoolOptions options);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  using Callback = std::function<absl::Status(pqxx::connection&)>;

  // Lends a connection to `fn`; retries on Unavailable/Aborted up to
  // max_attempts. `what` names the operation in errors. Exceptions thrown by
  // `fn` are converted (see error_mapping.h). Returns fn's final status.
  absl::Status Run(std::string_view what, const Callback& fn);

  // Like Run, but one attempt only: returns fn's status (or the failure to
  // get a connection) whatever its code.
  absl::Status RunOnce(std::string_view what, const Callback& fn);

  // Like Run, for callbacks that produce a value.
  template <typename T>
  absl::StatusOr<T> RunFor(std::string_view what,
                           const std::function<absl::StatusOr<T>(pqxx::connection&)>& fn) {
    absl::StatusOr<T> result = absl::UnknownError("not run");
    absl::Status status = Run(what, [&](pqxx::connection& c) {
      result = fn(c);
      return result.status();
    });
    if (!status.ok()) return status;
    return result;
  }

  // Opens (or reuses) a connection and runs `SELECT 1` once, without retry.
  absl::Status Ping();

  const std::string& dsn() const { return options_.dsn; }

 private:
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Acquire();
  void Release(std::unique_ptr<pqxx::connection> conn, bool healthy);

  PoolOptions options_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

// Appends connect_timeout to a DSN (key=value or URI) unless it has one.
std::string WithConnectTimeout(std::string_view dsn, int seconds);

// The DSN (key=value or URI) logging in as `user` whatever user it names:
// libpq keeps the last value of a repeated option. `user` must be a plain
// role name ([A-Za-z0-9_]), which needs no quoting in either form.
std::string WithUser(std::string_view dsn, std::string_view user);

}  // namespace opmon::pg
