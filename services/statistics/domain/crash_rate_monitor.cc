#include "services/statistics/domain/crash_rate_monitor.h"

#include <string>
#include <utility>

#include <pqxx/pqxx>

#include "common/errors/error_aggregates.h"
#include "common/log/log.h"
#include "common/pg/pool.h"
#include "common/results/data_version.h"

namespace opmon::statistics {

CrashRateMonitor::CrashRateMonitor(pg::Pool& pool, CrashRateMonitorOptions options)
    : pool_(pool), options_(std::move(options)) {}

CrashRateMonitor::~CrashRateMonitor() { Stop(); }

void CrashRateMonitor::Start() {
  ticker_ = std::jthread([this](std::stop_token stop) { Ticks(stop); });
}

void CrashRateMonitor::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (ticker_.joinable()) ticker_.join();
}

CrashRateTickOutcome CrashRateMonitor::Tick() {
  CrashRateTickOutcome outcome;
  absl::StatusOr<std::int64_t> version =
      pool_.RunFor<std::int64_t>("read error aggregates version", [](pqxx::connection& conn) {
        pqxx::nontransaction tx(conn);
        return absl::StatusOr<std::int64_t>(results::ReadDataVersion(tx, std::string(errors::kDataVersionKey)));
      });
  if (!version.ok()) {
    log::Error("crash rate check failed", {{"error", std::string(version.status().message())}});
    return outcome;
  }
  {
    absl::MutexLock lock(&mu_);
    if (evaluated_version_ == *version) return outcome;
  }
  absl::StatusOr<CrashRateCheck> check =
      pool_.RunFor<CrashRateCheck>("crash rate check", [this](pqxx::connection& conn) {
        return absl::StatusOr<CrashRateCheck>(CheckCrashRates(conn, options_.alerts));
      });
  if (!check.ok()) {
    log::Error("crash rate check failed", {{"error", std::string(check.status().message())}});
    return outcome;
  }
  for (const AlertRecord& a : check->new_alerts) {
    log::Warn("crash rate alert", {{"build_id", a.build_id}, {"measure", a.metric}, {"alert", a.alert_name}});
  }
  outcome = {.evaluated = true,
             .groups_checked = check->groups_checked,
             .new_alerts = static_cast<int>(check->new_alerts.size())};
  absl::MutexLock lock(&mu_);
  evaluated_version_ = check->data_version;
  return outcome;
}

void CrashRateMonitor::Ticks(std::stop_token stop) {
  while (!stop.stop_requested()) {
    const bool ready = !options_.ready || options_.ready();
    if (ready) Tick();
    absl::MutexLock lock(&mu_);
    auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
    // Not ready yet: try again soon rather than a whole interval later.
    if (mu_.AwaitWithTimeout(absl::Condition(&stopping), ready ? options_.interval : absl::Seconds(1))) return;
  }
}

}  // namespace opmon::statistics
