#include "services/statistics/domain/live_monitor.h"

#include <filesystem>
#include <utility>

#include "common/log/log.h"
#include "common/pg/pool.h"

namespace opmon::statistics {

LiveMonitor::LiveMonitor(pg::Pool& pool, LiveSeriesQueries& queries, LiveMonitorOptions options)
    : pool_(pool), queries_(queries), options_(std::move(options)) {}

LiveMonitor::~LiveMonitor() { Stop(); }

void LiveMonitor::Start() {
  if (!options_.export_dir.empty()) {
    for (int i = 0; i < options_.export_workers; ++i) {
      workers_.emplace_back([this](std::stop_token stop) { ExportWorker(stop); });
    }
  }
  ticker_ = std::jthread([this](std::stop_token stop) { Ticks(stop); });
}

void LiveMonitor::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    queue_.clear();
  }
  if (ticker_.joinable()) ticker_.join();
  for (std::jthread& w : workers_) {
    if (w.joinable()) w.join();
  }
  workers_.clear();
}

LiveTickOutcome LiveMonitor::Tick(absl::Time now) {
  LiveTickOutcome outcome;
  absl::Status health = pool_.Run("live health check", [&](pqxx::connection& conn) {
    LiveHealthOutcome checked = CheckLiveHealth(conn, options_.health, now);
    outcome.experiments_checked = checked.experiments_checked;
    outcome.new_alerts = static_cast<int>(checked.new_alerts.size());
    for (const auto& [slug, alert] : checked.new_alerts) {
      log::Warn("live experiment health alert", {{"experiment", slug}, {"alert", alert.alert_name}});
    }
    return absl::OkStatus();
  });
  if (!health.ok()) log::Error("live health check failed", {{"error", std::string(health.message())}});
  if (options_.export_dir.empty()) return outcome;
  std::error_code ec;
  std::filesystem::create_directories(options_.export_dir, ec);
  auto experiments = pool_.RunFor<std::vector<ExportedExperiment>>(
      "list exported experiments", [&](pqxx::connection& conn) {
        return absl::StatusOr<std::vector<ExportedExperiment>>(ReadExportedExperiments(conn, now));
      });
  if (!experiments.ok()) {
    log::Error("live export: cannot list experiments", {{"error", std::string(experiments.status().message())}});
    return outcome;
  }
  absl::MutexLock lock(&mu_);
  for (ExportedExperiment& e : *experiments) {
    if (!in_flight_.insert(e.slug).second) continue;  // the previous export still runs
    queue_.push_back({std::move(e), now});
    ++outcome.experiments_queued;
  }
  return outcome;
}

void LiveMonitor::Ticks(std::stop_token stop) {
  while (!stop.stop_requested()) {
    if (!options_.ready || options_.ready()) Tick(absl::Now());
    absl::MutexLock lock(&mu_);
    auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
    // Not ready yet: try again soon rather than a whole interval later.
    const bool ready = !options_.ready || options_.ready();
    if (mu_.AwaitWithTimeout(absl::Condition(&stopping), ready ? options_.interval : absl::Seconds(1))) return;
  }
}

void LiveMonitor::ExportWorker(std::stop_token stop) {
  while (!stop.stop_requested()) {
    ExportTask task;
    {
      absl::MutexLock lock(&mu_);
      auto work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || !queue_.empty(); };
      mu_.Await(absl::Condition(&work));
      if (stopping_) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    absl::Status exported = ExportExperiment(queries_, task.experiment, options_.export_dir, task.now);
    if (!exported.ok()) {
      log::Error("live export failed",
                 {{"experiment", task.experiment.slug}, {"error", std::string(exported.message())}});
    }
    absl::MutexLock lock(&mu_);
    in_flight_.erase(task.experiment.slug);
  }
}

}  // namespace opmon::statistics
