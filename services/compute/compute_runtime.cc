#include "services/compute/compute_runtime.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/server/server.h"
#include "common/grpc/client_channel.h"
#include "services/compute/compute_service.h"
#include "services/compute/config_project_source.h"
#include "services/compute/domain/db_project_source.h"

namespace opmon::compute {
namespace {

std::string InstanceName() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(host, ":", getpid());
}

}  // namespace

ComputeRuntime::~ComputeRuntime() {
  if (scheduler) scheduler->Stop();
  if (workers) workers->Stop();
}

absl::StatusOr<std::shared_ptr<ComputeRuntime>> ComputeRuntime::Start(server::Server& server,
                                                                       const ComputeFlags& flags) {
  if (flags.workers < 0 || flags.workers > 64) {
    return absl::InvalidArgumentError(absl::StrCat("--workers: ", flags.workers, " is not in 0..64"));
  }
  if (flags.batch_rows < 1) return absl::InvalidArgumentError("--batch-rows: must be positive");
  auto rt = std::make_shared<ComputeRuntime>();
  const std::string warehouse_url = flags.warehouse_url.empty() ? server.options().db_url : flags.warehouse_url;
  // One attempt per warehouse call: a day's computation restarts as a whole
  // (from the results transaction) when the warehouse connection drops.
  rt->warehouse = std::make_unique<pg::Pool>(
      pg::PoolOptions{.dsn = warehouse_url, .size = flags.workers + 4, .max_attempts = 1});
  if (flags.config_addr.empty()) {
    rt->projects = std::make_unique<DbProjectSource>(server.pool());
  } else {
    rt->projects = std::make_unique<ConfigProjectSource>(
        grpc_edge::MakeClientChannel(flags.config_addr, server.options().client));
  }
  rt->jobs = std::make_unique<JobStore>(server.pool());
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
  worker_options.stream.batch_rows = flags.batch_rows;
  ResultsPublisher* publisher = rt->publisher.get();
  rt->workers = std::make_unique<JobWorkers>(
      server.pool(), *rt->warehouse, *rt->projects, *rt->jobs, *rt->events, worker_options,
      [&server] { return server.serving(); },
      [publisher](const std::string& slug, absl::CivilDay day) { publisher->Publish(slug, day); });
  if (flags.scheduler) {
    SchedulerOptions scheduler_options;
    scheduler_options.interval = absl::Seconds(flags.scheduler_interval_seconds);
    scheduler_options.ready = [&server] { return server.serving(); };
    rt->scheduler = std::make_unique<Scheduler>(*rt->projects, *rt->jobs, scheduler_options);
  }
  rt->service = std::make_unique<ComputeServiceImpl>(ComputeDeps{
      server.executor(), *rt->warehouse, *rt->projects, *rt->jobs, *rt->events, *rt->workers,
      server.watch_streams()});
  server.AddService(rt->service.get());
  ComputeRuntime* raw = rt.get();
  server.AddShutdownHook([raw] {
    log::Info("stopping compute workers (running jobs go back to the queue)");
    if (raw->scheduler) raw->scheduler->Stop();
    raw->workers->Stop();
  });
  rt->workers->Start();
  if (rt->scheduler) rt->scheduler->Start();
  log::Info("compute ready", {{"workers", absl::StrCat(flags.workers)},
                              {"scheduler", flags.scheduler ? "on" : "off"},
                              {"projects", flags.config_addr.empty() ? "database" : flags.config_addr},
                              {"statistics", flags.statistics_addr.empty() ? "(none)" : flags.statistics_addr}});
  return rt;
}

}  // namespace opmon::compute
