#pragma once
// The periodic evaluation of crash_rate alerts in a statistics replica:
// every `interval`, when the error aggregates' data version has changed since
// the last evaluation (compute bumps it with every window it replaces), every
// channel and application is evaluated (crash_rate_alerts.h). The database
// keeps an alert once per build and measure, so replicas may all run this.

#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/crash_rate_alerts.h"

namespace opmon::statistics {

struct CrashRateMonitorOptions {
  absl::Duration interval = absl::Minutes(1);
  CrashRateAlertOptions alerts;
  // Gates each tick (e.g. the schema is migrated); unset: always ready.
  std::function<bool()> ready;
};

// What one tick did, for tests and logs.
struct CrashRateTickOutcome {
  bool evaluated = false;  // false: the aggregates had not changed
  int groups_checked = 0;
  int new_alerts = 0;
};

class CrashRateMonitor {
 public:
  // `pool` must outlive this object.
  CrashRateMonitor(pg::Pool& pool, CrashRateMonitorOptions options);
  ~CrashRateMonitor();  // Stop()
  CrashRateMonitor(const CrashRateMonitor&) = delete;
  CrashRateMonitor& operator=(const CrashRateMonitor&) = delete;

  void Start();
  // Joins the thread; an evaluation in progress finishes first. Idempotent.
  void Stop();

  // One tick: evaluates unless the data version is the one last evaluated.
  // Failures are logged (and retried at the next tick).
  CrashRateTickOutcome Tick();

 private:
  void Ticks(std::stop_token stop);

  pg::Pool& pool_;
  const CrashRateMonitorOptions options_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::optional<std::int64_t> evaluated_version_ ABSL_GUARDED_BY(mu_);
  std::jthread ticker_;
};

}  // namespace opmon::statistics
