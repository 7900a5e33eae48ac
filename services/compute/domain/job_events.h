#pragma once
// Wakes waiters when any job row changes, on any replica: a dedicated
// connection LISTENs on opmon_job_changes (a trigger NOTIFYs on every insert
// and update of opmon.jobs). Waiters wait for the generation counter to move,
// with a deadline; they then re-read what they watch. Local changes can be
// announced directly with Notify(). Thread-safe.

#include <cstdint>
#include <string>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/pg/channel_listener.h"

namespace opmon::compute {

class JobEvents {
 public:
  // Starts the listener thread on `dsn` (reconnects with backoff if the
  // connection drops; meanwhile waiters fall back to their timeouts).
  explicit JobEvents(std::string dsn);
  ~JobEvents();
  JobEvents(const JobEvents&) = delete;
  JobEvents& operator=(const JobEvents&) = delete;

  uint64_t generation() const;
  // Returns when generation() != seen or at `deadline`; the current value.
  uint64_t WaitForChange(uint64_t seen, absl::Time deadline) const;
  void Notify();

 private:
  mutable absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  pg::ChannelListener listener_;  // last: its thread calls Notify()
};

}  // namespace opmon::compute
