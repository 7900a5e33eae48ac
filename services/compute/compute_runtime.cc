#include "services/compute/compute_runtime.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/server/server.h"
#include "common/grpc/client_channel.h"
#include "common/status/status_macros.h"
#include "services/compute/compute_service.h"
#include "services/compute/config_project_source.h"
#include "services/compute/domain/db_project_source.h"
#include "services/compute/domain/errors/error_loop.h"
#include "services/compute/domain/live/live_loop.h"
#include "services/compute/domain/worker_limits.h"

namespace opmon::compute {
namespace {

std::string InstanceName() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(host, ":", getpid());
}

// The warehouse DSN, logging in as --warehouse-user unless that is empty.
absl::StatusOr<std::string> WarehouseUrl(const ComputeFlags& flags, const std::string& db_url) {
  const std::string url = flags.warehouse_url.empty() ? db_url : flags.warehouse_url;
  if (flags.warehouse_user.empty()) return url;
  for (char c : flags.warehouse_user) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return absl::InvalidArgumentError(
          absl::StrCat("--warehouse-user: \"", flags.warehouse_user, "\" is not a plain role name ([A-Za-z0-9_])"));
    }
  }
  return pg::WithUser(url, flags.warehouse_user);
}

absl::StatusOr<WarehouseLimits> LimitsFromFlags(const ComputeFlags& flags) {
  const std::pair<const char*, int> seconds[] = {
      {"--statement-timeout-seconds", flags.statement_timeout_seconds},
      {"--lock-timeout-seconds", flags.lock_timeout_seconds},
      {"--idle-in-transaction-timeout-seconds", flags.idle_in_transaction_timeout_seconds},
      {"--job-timeout-seconds", flags.job_timeout_seconds}};
  for (const auto& [name, value] : seconds) {
    if (value < 0) return absl::InvalidArgumentError(absl::StrCat(name, ": ", value, " is negative (0 disables it)"));
  }
  return WarehouseLimits{.statement_timeout = absl::Seconds(flags.statement_timeout_seconds),
                         .lock_timeout = absl::Seconds(flags.lock_timeout_seconds),
                         .idle_in_transaction_timeout = absl::Seconds(flags.idle_in_transaction_timeout_seconds)};
}

// The warehouse pass of the live loop and of RunLiveAggregation.
absl::StatusOr<live::PassOptions> LivePassFromFlags(const ComputeFlags& flags) {
  if (flags.live_interval_seconds < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--live-interval-seconds: ", flags.live_interval_seconds, " is negative (0 disables the loop)"));
  }
  if (flags.live_late_seconds < 0) {
    return absl::InvalidArgumentError(absl::StrCat("--live-late-seconds: ", flags.live_late_seconds, " is negative"));
  }
  live::PassOptions pass;
  pass.late_bound = absl::Seconds(flags.live_late_seconds);
  pass.page_rows = flags.batch_rows;
  return pass;
}

// The incremental pass of the error loop and of RunErrorAggregation.
absl::StatusOr<errors::ErrorPassOptions> ErrorPassFromFlags(const ComputeFlags& flags) {
  if (flags.errors_interval_seconds < 0) {
    return absl::InvalidArgumentError(absl::StrCat("--errors-interval-seconds: ", flags.errors_interval_seconds,
                                                   " is negative (0 disables the loop)"));
  }
  if (flags.errors_late_seconds < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--errors-late-seconds: ", flags.errors_late_seconds, " is negative"));
  }
  return errors::ErrorPassOptions{.late_bound = absl::Seconds(flags.errors_late_seconds)};
}

}  // namespace

ComputeRuntime::~ComputeRuntime() {
  if (error_loop) error_loop->Stop();
  if (live_loop) live_loop->Stop();
  if (scheduler) scheduler->Stop();
  if (workers) workers->Stop();
  if (legacy_imports) legacy_imports->Stop();
}

absl::StatusOr<std::shared_ptr<ComputeRuntime>> ComputeRuntime::Start(server::Server& server,
                                                                       const ComputeFlags& flags) {
  if (flags.workers < 0 || flags.workers > 64) {
    return absl::InvalidArgumentError(absl::StrCat("--workers: ", flags.workers, " is not in 0..64"));
  }
  if (flags.batch_rows < 1) return absl::InvalidArgumentError("--batch-rows: must be positive");
  OPMON_RETURN_IF_ERROR(ValidateWorkerLimits({.workers = flags.workers,
                                              .db_pool_size = server.options().db_pool_size,
                                              .heartbeat_seconds = flags.heartbeat_seconds,
                                              .stale_seconds = flags.stale_seconds}));
  OPMON_ASSIGN_OR_RETURN(const WarehouseLimits limits, LimitsFromFlags(flags));
  OPMON_ASSIGN_OR_RETURN(const live::PassOptions live_pass, LivePassFromFlags(flags));
  OPMON_ASSIGN_OR_RETURN(const errors::ErrorPassOptions error_pass, ErrorPassFromFlags(flags));
  auto rt = std::make_shared<ComputeRuntime>();
  OPMON_ASSIGN_OR_RETURN(const std::string warehouse_url, WarehouseUrl(flags, server.options().db_url));
  // One attempt per warehouse call (dry-run EXPLAINs): a failure is the
  // caller's answer; jobs get another attempt from the queue instead.
  rt->warehouse = std::make_unique<pg::Pool>(
      pg::PoolOptions{.dsn = warehouse_url, .size = flags.workers + 4, .max_attempts = 1});
  if (flags.config_addr.empty()) {
    rt->projects = std::make_unique<DbProjectSource>(server.pool());
  } else {
    rt->projects = std::make_unique<ConfigProjectSource>(
        grpc_edge::MakeClientChannel(flags.config_addr, server.options().client));
  }
  rt->jobs = std::make_unique<JobStore>(server.pool());
  // A heartbeat waits for a connection at most one interval (the next one
  // tries again), far below the stale limit of several intervals.
  rt->heartbeat_pool = std::make_unique<pg::Pool>(
      pg::PoolOptions{.dsn = server.options().db_url,
                      .size = std::max(flags.workers, 1),
                      .max_attempts = 1,
                      .acquire_timeout = absl::Seconds(flags.heartbeat_seconds)});
  rt->heartbeats = std::make_unique<JobStore>(*rt->heartbeat_pool);
  rt->events = std::make_unique<JobEvents>(server.options().db_url);
  rt->publisher = std::make_unique<ResultsPublisher>(
      flags.statistics_addr.empty() ? nullptr
                                    : grpc_edge::MakeClientChannel(flags.statistics_addr, server.options().client));
  rt->metrics = std::make_unique<ComputeMetrics>(server.registry());
  WorkerOptions worker_options;
  worker_options.observer = rt->metrics.get();
  worker_options.workers = flags.workers;
  worker_options.name = InstanceName();
  worker_options.heartbeat_interval = std::chrono::seconds(flags.heartbeat_seconds);
  worker_options.stale_after = std::chrono::seconds(flags.stale_seconds);
  worker_options.retry_backoff = absl::Seconds(flags.retry_backoff_seconds);
  worker_options.stream.batch_rows = flags.batch_rows;
  worker_options.stream.limits = limits;
  worker_options.job_timeout = flags.job_timeout_seconds > 0 ? absl::Seconds(flags.job_timeout_seconds)
                                                             : absl::InfiniteDuration();
  ResultsPublisher* publisher = rt->publisher.get();
  rt->workers = std::make_unique<JobWorkers>(
      server.pool(), *rt->warehouse, *rt->projects, *rt->jobs, *rt->heartbeats, *rt->events, worker_options,
      [&server] { return server.serving(); },
      [publisher, kill_after_commit = flags.kill_after_commit_for_test](const std::string& slug, absl::CivilDay day) {
        if (kill_after_commit) {
          log::Warn("--kill-after-commit-for-test: dying before PublishResults", {{"slug", slug}});
          kill(getpid(), SIGKILL);
        }
        publisher->Publish(slug, day);
      });
  if (flags.scheduler) {
    SchedulerOptions scheduler_options;
    scheduler_options.interval = absl::Seconds(flags.scheduler_interval_seconds);
    scheduler_options.ready = [&server] { return server.serving(); };
    rt->scheduler = std::make_unique<Scheduler>(*rt->projects, *rt->jobs, scheduler_options);
  }
  rt->legacy_imports = std::make_unique<legacy::LegacyImportJobs>(
      server.pool(), *rt->jobs, legacy::LegacyImportJobs::Options{.worker = worker_options.name});
  rt->service = std::make_unique<ComputeServiceImpl>(ComputeDeps{
      server.executor(), *rt->warehouse, limits, *rt->projects, *rt->jobs, *rt->events, *rt->workers,
      server.watch_streams(), *rt->legacy_imports, server.pool(), live_pass, error_pass});
  // The warehouse loops tick once the service serves (migrations applied).
  const auto loop_timing = [&server](int interval_seconds) {
    PassLoopTiming timing;
    timing.interval = absl::Seconds(interval_seconds);
    timing.ready = [&server] { return server.serving(); };
    return timing;
  };
  if (flags.live_interval_seconds > 0) {
    rt->live_loop = std::make_unique<PassLoop>(loop_timing(flags.live_interval_seconds),
                                               live::LiveLoopSteps(*rt->warehouse, server.pool(), live_pass));
  }
  if (flags.errors_interval_seconds > 0) {
    rt->error_loop = std::make_unique<PassLoop>(loop_timing(flags.errors_interval_seconds),
                                                errors::ErrorLoopSteps(*rt->warehouse, server.pool(), error_pass));
  }
  server.AddService(rt->service.get());
  ComputeRuntime* raw = rt.get();
  server.AddShutdownHook([raw] {
    log::Info("stopping compute workers (running jobs go back to the queue)");
    if (raw->error_loop) raw->error_loop->Stop();
    if (raw->live_loop) raw->live_loop->Stop();
    if (raw->scheduler) raw->scheduler->Stop();
    raw->workers->Stop();
    raw->legacy_imports->Stop();
  });
  rt->workers->Start();
  if (rt->scheduler) rt->scheduler->Start();
  if (rt->live_loop) rt->live_loop->Start();
  if (rt->error_loop) rt->error_loop->Start();
  log::Info("compute ready", {{"workers", absl::StrCat(flags.workers)},
                              {"scheduler", flags.scheduler ? "on" : "off"},
                              {"projects", flags.config_addr.empty() ? "database" : flags.config_addr},
                              {"statistics", flags.statistics_addr.empty() ? "(none)" : flags.statistics_addr}});
  return rt;
}

}  // namespace opmon::compute
