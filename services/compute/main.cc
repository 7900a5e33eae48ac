// opmon-compute: the compute service binary.
#include <memory>
#include <vector>

#include "CLI/CLI.hpp"
#include "common/server/server.h"
#include "common/server/service_main.h"
#include "services/compute/compute_runtime.h"

int main(int argc, char** argv) {
  opmon::compute::ComputeFlags flags;
  opmon::server::ServiceMainSpec spec;
  spec.defaults.binary = "opmon-compute";
  spec.defaults.service_name = "opmon.v1.ComputeService";
  spec.defaults.listen = "127.0.0.1:7102";
  spec.defaults.metrics_listen = "127.0.0.1:9102";
  spec.description = "opmon compute service";
  spec.env_prefix = "OPMON_COMPUTE";
  spec.add_flags = [&flags](CLI::App& app) {
    app.add_option("--warehouse-url", flags.warehouse_url, "PostgreSQL DSN of the telemetry warehouse (default: --db-url)")
        ->envname("OPMON_WAREHOUSE_URL");
    app.add_option("--config-addr", flags.config_addr,
                   "config service address; unset: read stored projects from opmon's tables")
        ->envname("OPMON_CONFIG_ADDR");
    app.add_option("--statistics-addr", flags.statistics_addr,
                   "statistics service address for PublishResults after each job; unset: not called")
        ->envname("OPMON_STATISTICS_ADDR");
    app.add_option("--workers", flags.workers, "job worker threads (0: serve RPCs only)")
        ->envname("OPMON_COMPUTE_WORKERS");
    app.add_flag("--scheduler", flags.scheduler, "queue yesterday (and missing days) for every project daily")
        ->envname("OPMON_COMPUTE_SCHEDULER");
    app.add_option("--scheduler-interval-seconds", flags.scheduler_interval_seconds, "scheduler tick");
    app.add_option("--heartbeat-seconds", flags.heartbeat_seconds, "running jobs record liveness this often");
    app.add_option("--stale-seconds", flags.stale_seconds,
                   "a running job without heartbeat for this long is requeued");
    app.add_option("--batch-rows", flags.batch_rows, "warehouse rows fetched per batch");
    // Hidden (empty group): integration tests of a crash between a job's
    // commit and its PublishResults.
    app.add_flag("--kill-after-commit-for-test", flags.kill_after_commit_for_test)->group("");
  };
  spec.setup = [&flags](opmon::server::Server& server, std::vector<std::shared_ptr<void>>& keep_alive) {
    auto runtime = opmon::compute::ComputeRuntime::Start(server, flags);
    if (!runtime.ok()) return runtime.status();
    keep_alive.push_back(*runtime);
    return absl::OkStatus();
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
