#pragma once
// Evaluates the alerts of days compute committed but nobody published
// (common/results/alerts_pending.h): compute died between its commit and
// PublishResults, or this service was down or unreachable. One thread per
// replica calls ResultsPublisher::PublishPending until nothing is due: at
// start, on every NOTIFY opmon_data_versions (sent by the results
// transaction that marks a day), when the next row falls due after the
// grace period, and every poll_interval as a safety net. Rows are claimed
// with FOR UPDATE SKIP LOCKED, so any number of replicas share the table and
// every committed day is evaluated by exactly one of them.

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/pg/channel_listener.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/results_publisher.h"

namespace opmon::statistics {

struct PendingAlertsOptions {
  // A pending row is left alone this long after compute's commit, so that
  // compute's own PublishResults normally evaluates the day (once).
  absl::Duration grace = absl::Seconds(5);
  absl::Duration poll_interval = absl::Seconds(30);
  // Gates claiming (e.g. the schema is migrated); unset: always ready.
  std::function<bool()> ready;
};

class PendingAlertsWorker {
 public:
  // `dsn`: opmon's database, for the LISTEN connection. `pool` and
  // `publisher` must outlive this object.
  PendingAlertsWorker(pg::Pool& pool, ResultsPublisher& publisher, std::string dsn, PendingAlertsOptions options);
  ~PendingAlertsWorker();  // Stop()
  PendingAlertsWorker(const PendingAlertsWorker&) = delete;
  PendingAlertsWorker& operator=(const PendingAlertsWorker&) = delete;

  void Start();
  // Joins the thread; an evaluation in progress finishes first. Idempotent.
  void Stop();

 private:
  void Wake();
  void Work(std::stop_token stop);
  // How long to wait when nothing could be claimed.
  absl::Duration IdleWait();

  pg::Pool& pool_;
  ResultsPublisher& publisher_;
  const PendingAlertsOptions options_;
  absl::Mutex mu_;
  std::uint64_t wakeups_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  pg::ChannelListener listener_;
  std::jthread thread_;
};

}  // namespace opmon::statistics
