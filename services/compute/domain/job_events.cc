#include "services/compute/domain/job_events.h"

#include <pqxx/pqxx>

#include "common/log/log.h"

namespace opmon::compute {
namespace {

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& c, JobEvents& events)
      : pqxx::notification_receiver(c, "opmon_job_changes"), events_(events) {}
  void operator()(const std::string&, int) override { events_.Notify(); }

 private:
  JobEvents& events_;
};

}  // namespace

JobEvents::JobEvents(std::string dsn) : dsn_(std::move(dsn)) {
  thread_ = std::jthread([this](std::stop_token stop) { Listen(stop); });
}

JobEvents::~JobEvents() {
  thread_.request_stop();
  Notify();
}

uint64_t JobEvents::generation() const {
  absl::MutexLock lock(&mu_);
  return generation_;
}

void JobEvents::Notify() {
  absl::MutexLock lock(&mu_);
  ++generation_;
}

uint64_t JobEvents::WaitForChange(uint64_t seen, absl::Time deadline) const {
  absl::MutexLock lock(&mu_);
  auto changed = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return generation_ != seen; };
  mu_.AwaitWithDeadline(absl::Condition(&changed), deadline);
  return generation_;
}

void JobEvents::Listen(std::stop_token stop) {
  absl::Duration backoff = absl::Milliseconds(100);
  while (!stop.stop_requested()) {
    try {
      pqxx::connection conn(dsn_);
      Receiver receiver(conn, *this);
      Notify();  // anything may have changed while not listening
      backoff = absl::Milliseconds(100);
      while (!stop.stop_requested()) conn.await_notification(0, 200 * 1000);
    } catch (const std::exception& e) {
      log::Debug("job events: listener connection failed", {{"error", e.what()}});
      absl::SleepFor(backoff);  // reconnect backoff, not synchronisation
      backoff = std::min(backoff * 2, absl::Seconds(5));
    }
  }
}

}  // namespace opmon::compute
