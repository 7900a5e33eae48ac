#pragma once
// The periodic work of live monitoring in a statistics replica: every
// `interval` (default 5 minutes, as the reference's exporter), the health
// check of running experiments (live_health.h) and, with an export
// directory, the export of every active experiment (live_export.h).
//
// Experiments are exported by `export_workers` threads, each experiment on
// its own: a slow or failing one delays or fails only its own files, and a
// tick skips an experiment whose previous export is still running. Health
// alerts are deduplicated by the database (once per experiment and day), so
// replicas may all run this.

#include <cstdint>
#include <deque>
#include <functional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/live_export.h"
#include "services/statistics/domain/live_health.h"
#include "services/statistics/domain/live_series_queries.h"

namespace opmon::statistics {

struct LiveMonitorOptions {
  absl::Duration interval = absl::Minutes(5);
  std::string export_dir;  // empty: no export
  int export_workers = 2;
  LiveHealthOptions health;
  // Gates each tick (e.g. the schema is migrated); unset: always ready.
  std::function<bool()> ready;
};

// What one tick did, for tests and logs.
struct LiveTickOutcome {
  int experiments_checked = 0;
  int new_alerts = 0;
  int experiments_queued = 0;  // for export
};

class LiveMonitor {
 public:
  // `pool` and `queries` must outlive this object.
  LiveMonitor(pg::Pool& pool, LiveSeriesQueries& queries, LiveMonitorOptions options);
  ~LiveMonitor();  // Stop()
  LiveMonitor(const LiveMonitor&) = delete;
  LiveMonitor& operator=(const LiveMonitor&) = delete;

  void Start();
  // Joins the threads; exports in progress finish first. Idempotent.
  void Stop();

  // One tick at `now`: the health check, then queues the export of every
  // active experiment not already in progress. Failures are logged.
  LiveTickOutcome Tick(absl::Time now);

 private:
  struct ExportTask {
    ExportedExperiment experiment;
    absl::Time now;
  };
  void Ticks(std::stop_token stop);
  void ExportWorker(std::stop_token stop);

  pg::Pool& pool_;
  LiveSeriesQueries& queries_;
  const LiveMonitorOptions options_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<ExportTask> queue_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<std::string> in_flight_ ABSL_GUARDED_BY(mu_);  // queued or running
  std::vector<std::jthread> workers_;
  std::jthread ticker_;
};

}  // namespace opmon::statistics
