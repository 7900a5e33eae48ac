// opmon-compute: the compute service binary.
#include "common/server/service_main.h"
#include "services/compute/compute_runtime.h"

int main(int argc, char** argv) {
  opmon::compute::ComputeFlags flags;
  auto spec = opmon::server::ServiceSpec<opmon::compute::ComputeRuntime>(opmon::grpc_edge::kComputeService, flags);
  spec.add_flags = [&flags](opmon::server::ServiceFlags& service) {
    CLI::App& app = service.app();
    app.add_option("--warehouse-url", flags.warehouse_url, "PostgreSQL DSN of the telemetry warehouse (default: --db-url)")
        ->envname("OPMON_WAREHOUSE_URL");
    service.Option("--warehouse-user", flags.warehouse_user,
                   "role project SQL logs in as on the warehouse (overrides the URL's user; empty: the URL's)");
    service.Option("--statement-timeout-seconds", flags.statement_timeout_seconds,
                   "limit of one project SQL statement on the warehouse (0: none)");
    service.Option("--lock-timeout-seconds", flags.lock_timeout_seconds,
                   "limit of a warehouse statement's wait for a lock (0: none)");
    service.Option("--idle-in-transaction-timeout-seconds", flags.idle_in_transaction_timeout_seconds,
                   "a warehouse session idle in a transaction this long is closed (0: never)");
    service.Option("--job-timeout-seconds", flags.job_timeout_seconds,
                   "a job attempt running longer fails, not retried (0: no limit)");
    app.add_option("--config-addr", flags.config_addr,
                   "config service address; unset: read stored projects from opmon's tables")
        ->envname("OPMON_CONFIG_ADDR");
    app.add_option("--statistics-addr", flags.statistics_addr,
                   "statistics service address for PublishResults after each job; unset: not called")
        ->envname("OPMON_STATISTICS_ADDR");
    service.Option("--workers", flags.workers, "job worker threads (0: serve RPCs only)");
    service.Flag("--scheduler", flags.scheduler, "queue yesterday (and missing days) for every project daily");
    service.Option("--scheduler-interval-seconds", flags.scheduler_interval_seconds, "scheduler tick");
    service.Option("--heartbeat-seconds", flags.heartbeat_seconds, "running jobs record liveness this often");
    service.Option("--stale-seconds", flags.stale_seconds, "a running job without heartbeat for this long is requeued");
    service.Option("--retry-backoff-seconds", flags.retry_backoff_seconds,
                   "a job that failed transiently (warehouse unavailable, ...) is retried after this, doubled with "
                   "each attempt (at most 5 minutes)")
        ->check(CLI::NonNegativeNumber);
    service.Option("--batch-rows", flags.batch_rows, "warehouse rows fetched per batch (jobs and the live loop)");
    service.Option("--live-interval-seconds", flags.live_interval_seconds,
                   "live monitoring: read new warehouse events this often (0: no loop)");
    service.Option("--live-late-seconds", flags.live_late_seconds,
                   "live monitoring: warehouse rows up to this late still join their windows");
    service.Option("--errors-interval-seconds", flags.errors_interval_seconds,
                   "error aggregates: aggregate new main and crash pings this often (0: no loop)");
    service.Option("--errors-late-seconds", flags.errors_late_seconds,
                   "error aggregates: pings up to this late still re-aggregate their windows");
    // Hidden (empty group): integration tests of a crash between a job's
    // commit and its PublishResults.
    app.add_flag("--kill-after-commit-for-test", flags.kill_after_commit_for_test)->group("");
  };
  return opmon::server::ServiceMain(argc, argv, std::move(spec));
}
