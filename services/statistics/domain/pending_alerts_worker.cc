#include "services/statistics/domain/pending_alerts_worker.h"

#include <optional>
#include <utility>

#include <pqxx/pqxx>

#include "common/log/log.h"
#include "common/pg/pool.h"
#include "common/results/alerts_pending.h"
#include "common/results/data_version.h"

namespace opmon::statistics {
namespace {

// How often a worker that is not ready yet looks again.
constexpr absl::Duration kNotReadyWait = absl::Milliseconds(100);

}  // namespace

PendingAlertsWorker::PendingAlertsWorker(pg::Pool& pool, ResultsPublisher& publisher, std::string dsn,
                                         PendingAlertsOptions options)
    : pool_(pool),
      publisher_(publisher),
      options_(options),
      listener_(std::move(dsn), std::string(results::kDataVersionsChannel), [this] { Wake(); }) {}

PendingAlertsWorker::~PendingAlertsWorker() { Stop(); }

void PendingAlertsWorker::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Work(stop); });
  listener_.Start();
}

void PendingAlertsWorker::Stop() {
  listener_.Stop();
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void PendingAlertsWorker::Wake() {
  absl::MutexLock lock(&mu_);
  ++wakeups_;
}

absl::Duration PendingAlertsWorker::IdleWait() {
  absl::StatusOr<std::optional<absl::Duration>> due = pool_.RunFor<std::optional<absl::Duration>>(
      "read pending alerts", [&](pqxx::connection& conn) -> absl::StatusOr<std::optional<absl::Duration>> {
        pqxx::read_transaction tx(conn);
        return results::NextPendingAlertsDueIn(tx, options_.grace);
      });
  // A row due now that could not be claimed is another replica's: keep the
  // usual pace rather than spin.
  if (due.ok() && *due && **due > absl::ZeroDuration() && **due < options_.poll_interval) return **due;
  return options_.poll_interval;
}

void PendingAlertsWorker::Work(std::stop_token stop) {
  bool failing = false;
  while (!stop.stop_requested()) {
    // A Wake() from here on must not be missed: the wait compares against
    // the count read before the claim.
    std::uint64_t seen;
    {
      absl::MutexLock lock(&mu_);
      seen = wakeups_;
    }
    if (options_.ready && !options_.ready()) {
      absl::MutexLock lock(&mu_);
      auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
      if (mu_.AwaitWithTimeout(absl::Condition(&stopping), kNotReadyWait)) return;
      continue;
    }
    absl::StatusOr<std::optional<PendingPublish>> published = publisher_.PublishPending(options_.grace);
    if (published.ok() && *published) continue;  // maybe more are due
    if (!published.ok()) {
      if (!failing) log::Warn("pending alerts not evaluated", {{"error", published.status().ToString()}});
      failing = true;
    } else {
      failing = false;
    }
    const absl::Duration wait = IdleWait();
    absl::MutexLock lock(&mu_);
    auto woken = [this, seen]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || wakeups_ != seen; };
    mu_.AwaitWithTimeout(absl::Condition(&woken), wait);
    if (stopping_) return;
  }
}

}  // namespace opmon::statistics
