#pragma once
// The worker threads of one compute replica. Each claims the oldest queued
// job (JobStore::Claim), computes it (ComputeProjectDay) while a heartbeat
// thread records progress and picks up cancel requests, and ends it:
// succeeded inside the results transaction, failed with its error, cancelled
// (rolled back), or back to queued when the replica shuts down. A replica's
// workers also return jobs whose worker died (stale heartbeat) to the queue.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"
#include "services/compute/domain/attempt_end.h"
#include "services/compute/domain/client_row_stream.h"
#include "services/compute/domain/day_computation.h"
#include "services/compute/domain/job_events.h"
#include "services/compute/domain/job_store.h"
#include "services/compute/domain/project_source.h"

namespace opmon::compute {

// Told about every job a worker runs (e.g. for Prometheus). Thread-safe
// implementations only: workers call it concurrently.
class JobObserver {
 public:
  virtual ~JobObserver() = default;
  virtual void JobStarted() = 0;
  // `state`: how the attempt ended (queued when it went back to the queue).
  virtual void JobFinished(JobState state, const JobProgress& progress, int64_t malformed_values,
                           absl::Duration elapsed) = 0;
};

struct WorkerOptions {
  int workers = 2;
  std::string name;  // host:pid, stored in opmon.jobs.worker
  absl::Duration poll_interval = absl::Seconds(2);
  std::chrono::seconds heartbeat_interval{2};
  std::chrono::seconds stale_after{30};
  int max_attempts = 5;
  // A transiently failed attempt (Unavailable, Aborted) is retried after
  // this, doubled with each attempt (attempt_end.h).
  absl::Duration retry_backoff = absl::Seconds(5);
  // An attempt running longer fails (DeadlineExceeded, not retried): its
  // warehouse query is interrupted, nothing is stored.
  absl::Duration job_timeout = absl::Hours(2);
  StreamOptions stream;
  JobObserver* observer = nullptr;  // optional; must outlive the workers
};

class JobWorkers {
 public:
  // Called after a job committed (e.g. statistics.PublishResults); must not
  // throw; its failures are its own to log.
  using CommittedHook = std::function<void(const std::string& slug, absl::CivilDay day)>;

  // `ready` gates claiming (e.g. the schema is migrated). `heartbeats`
  // records running jobs' liveness: a store on connections of its own, so
  // that neither running jobs nor RPC handlers can delay a heartbeat into a
  // stale requeue. Everything passed must outlive the workers.
  JobWorkers(pg::Pool& results, pg::Pool& warehouse, ProjectSource& projects, JobStore& store, JobStore& heartbeats,
             JobEvents& events, WorkerOptions options, std::function<bool()> ready, CommittedHook on_committed);
  ~JobWorkers();

  void Start();
  // Running jobs stop between batches and go back to the queue; joins.
  void Stop();
  // Fast path of CancelJob for a job running here (the heartbeat would see
  // the flag within heartbeat_interval anyway).
  void CancelLocal(int64_t job_id);

 private:
  void Loop(std::stop_token stop, int index);
  struct RunningJob {
    std::atomic<bool> cancel{false};
    std::atomic<bool> timed_out{false};  // ran past options_.job_timeout
    QueryInterrupter interrupter;
  };

  void Run(const ClaimedJob& job, std::stop_token stop);
  // ComputeProjectDay with a heartbeat thread beside it; `last` holds the
  // progress at entry and receives the last progress reported.
  absl::StatusOr<DayResult> ComputeWithHeartbeat(const ClaimedJob& job, const VersionedProject& project,
                                                 RunningJob& running, std::stop_token stop, JobProgress& last);
  void EndCommitted(const ClaimedJob& job, const DayResult& result, absl::Time started);
  void EndUncommitted(const ClaimedJob& job, const absl::Status& status, AttemptEnd end, JobProgress last,
                      int64_t version, absl::Time started);

  pg::Pool& results_;
  pg::Pool& warehouse_;
  ProjectSource& projects_;
  JobStore& store_;
  JobStore& heartbeats_;
  JobEvents& events_;
  const WorkerOptions options_;
  const std::function<bool()> ready_;
  const CommittedHook on_committed_;
  std::atomic<bool> stopping_{false};
  absl::Mutex mu_;
  absl::flat_hash_map<int64_t, std::shared_ptr<RunningJob>> running_ ABSL_GUARDED_BY(mu_);
  std::vector<std::jthread> threads_;
};

}  // namespace opmon::compute
