#pragma once
// A background thread that runs a tick every interval until stopped: the
// loops of compute (the daily scheduler, compute/domain/pass_loop.h's
// warehouse loops). While `ready` answers false (the service not yet
// serving) ticks are skipped and readiness is asked again every second.
// Stop wakes a waiting thread at once and waits for a running tick to end.

#include <functional>
#include <thread>

#include "absl/time/time.h"

namespace opmon::time {

class PeriodicThread {
 public:
  PeriodicThread() = default;
  ~PeriodicThread() { Stop(); }
  PeriodicThread(const PeriodicThread&) = delete;
  PeriodicThread& operator=(const PeriodicThread&) = delete;

  // Starts the thread: `tick` at once (when ready), then every `interval`.
  // `ready` may be empty (always ready). Call once.
  void Start(absl::Duration interval, std::function<bool()> ready, std::function<void()> tick);
  // Idempotent.
  void Stop();

 private:
  std::jthread thread_;
};

}  // namespace opmon::time
