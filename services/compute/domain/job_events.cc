#include "services/compute/domain/job_events.h"

namespace opmon::compute {

JobEvents::JobEvents(std::string dsn) : listener_(std::move(dsn), "opmon_job_changes", [this] { Notify(); }) {
  listener_.Start();
}

JobEvents::~JobEvents() {
  listener_.Stop();
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

}  // namespace opmon::compute
