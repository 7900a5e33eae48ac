#pragma once
// Everything one compute replica runs besides the gRPC server: the warehouse
// pool, the project source, the job store and events, the workers, the
// optional scheduler and the results publisher. Members are declared in
// dependency order so they are destroyed in reverse.

#include <memory>
#include <string>

#include "common/pg/pool.h"
#include "services/compute/compute_metrics.h"
#include "services/compute/domain/job_events.h"
#include "services/compute/domain/job_store.h"
#include "services/compute/domain/job_workers.h"
#include "services/compute/domain/legacy/legacy_import_jobs.h"
#include "services/compute/domain/pass_loop.h"
#include "services/compute/domain/project_source.h"
#include "services/compute/domain/scheduler.h"
#include "services/compute/domain/warehouse_limits.h"
#include "services/compute/results_publisher.h"

namespace opmon::server {
class Server;
}

namespace opmon::compute {

struct ComputeFlags {
  std::string warehouse_url;  // empty: --db-url
  std::string warehouse_user = kWarehouseReaderRole;  // empty: the URL's own user
  std::string config_addr;    // empty: read projects from opmon's tables
  std::string statistics_addr;
  int workers = 2;
  bool scheduler = false;
  int heartbeat_seconds = 2;
  int stale_seconds = 30;
  double retry_backoff_seconds = 5;
  int batch_rows = 5000;
  int scheduler_interval_seconds = 3600;
  // Project SQL limits (docs/operations.md, Security); 0 disables one.
  int statement_timeout_seconds = 1800;
  int lock_timeout_seconds = 60;
  int idle_in_transaction_timeout_seconds = 300;
  int job_timeout_seconds = 7200;
  // Live monitoring's warehouse loop (docs/live.md): a pass every
  // interval (0: no loop; RunLiveAggregation still runs one), re-reading
  // rows up to the late bound behind the last pass.
  int live_interval_seconds = 60;
  int live_late_seconds = 900;
  // The error aggregation loop (docs/errors.md): an incremental pass every
  // interval (0: no loop; RunErrorAggregation still runs one), comparing
  // windows up to the late bound behind the last pass.
  int errors_interval_seconds = 60;
  int errors_late_seconds = 3600;
  // Tests only: the process kills itself (SIGKILL) after a job commits and
  // before PublishResults, as a crash there would.
  bool kill_after_commit_for_test = false;
};

class ComputeServiceImpl;

struct ComputeRuntime {
  std::unique_ptr<pg::Pool> warehouse;
  std::unique_ptr<ProjectSource> projects;
  std::unique_ptr<JobStore> jobs;
  std::unique_ptr<pg::Pool> heartbeat_pool;  // one connection per worker: heartbeats never wait on busy ones
  std::unique_ptr<JobStore> heartbeats;
  std::unique_ptr<JobEvents> events;
  std::unique_ptr<ResultsPublisher> publisher;
  std::unique_ptr<ComputeMetrics> metrics;
  std::unique_ptr<JobWorkers> workers;
  std::unique_ptr<legacy::LegacyImportJobs> legacy_imports;
  std::unique_ptr<Scheduler> scheduler;
  std::unique_ptr<PassLoop> live_loop;
  std::unique_ptr<PassLoop> error_loop;
  std::unique_ptr<ComputeServiceImpl> service;
  ~ComputeRuntime();

  // Builds the runtime on `server`, registers the service, starts workers
  // (and the scheduler) and a shutdown hook that stops them.
  static absl::StatusOr<std::shared_ptr<ComputeRuntime>> Start(server::Server& server, const ComputeFlags& flags);
};

}  // namespace opmon::compute
