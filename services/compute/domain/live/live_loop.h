#pragma once
// The warehouse loop of live monitoring (opmon-compute
// --live-interval-seconds, default 60; 0: off): every interval, one
// warehouse pass (warehouse_pass.h); then, once per UTC day after midnight
// plus the late bound, the final recompute of the day before
// (day_recompute.h). Both are idempotent, so replicas may all run it.

#include <functional>
#include <optional>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/time/periodic_thread.h"
#include "services/compute/domain/live/warehouse_pass.h"

namespace opmon::pg {
class Pool;
}

namespace opmon::compute::live {

struct LiveLoopOptions {
  absl::Duration interval = absl::Seconds(60);
  PassOptions pass;
  std::function<absl::Time()> now;  // default: absl::Now
  std::function<bool()> ready;      // ticks are skipped while false
};

// The day whose final recompute is due at `now` (the day before now's UTC
// day, once `late_bound` past midnight), unless it is `done`.
std::optional<absl::CivilDay> RecomputeDue(absl::Time now, absl::Duration late_bound,
                                           std::optional<absl::CivilDay> done);

class LiveLoop {
 public:
  LiveLoop(pg::Pool& warehouse, pg::Pool& opmon, LiveLoopOptions options);
  ~LiveLoop();
  LiveLoop(const LiveLoop&) = delete;
  LiveLoop& operator=(const LiveLoop&) = delete;

  void Start();
  void Stop();  // waits for a running tick to end

 private:
  void Tick();

  pg::Pool& warehouse_;
  pg::Pool& opmon_;
  LiveLoopOptions options_;
  std::optional<absl::CivilDay> recomputed_;  // only the loop thread touches it
  time::PeriodicThread periodic_;
};

}  // namespace opmon::compute::live
