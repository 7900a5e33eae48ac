#pragma once
// The error aggregation loop (opmon-compute --errors-interval-seconds,
// default 60; 0: off): every interval, one incremental pass (error_pass.h);
// then, once per UTC day after midnight plus the late bound, the final
// recompute of the day before (error_day_recompute.h). Both are
// idempotent, so replicas may all run it.

#include <functional>
#include <optional>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/time/periodic_thread.h"
#include "services/compute/domain/errors/error_pass.h"

namespace opmon::pg {
class Pool;
}

namespace opmon::compute::errors {

struct ErrorLoopOptions {
  absl::Duration interval = absl::Seconds(60);
  ErrorPassOptions pass;
  std::function<absl::Time()> now;  // default: absl::Now
  std::function<bool()> ready;      // ticks are skipped while false
};

class ErrorLoop {
 public:
  ErrorLoop(pg::Pool& warehouse, pg::Pool& opmon, ErrorLoopOptions options);
  ~ErrorLoop();
  ErrorLoop(const ErrorLoop&) = delete;
  ErrorLoop& operator=(const ErrorLoop&) = delete;

  void Start();
  void Stop();  // waits for a running tick to end

  // One tick, on the caller's thread (tests).
  void Tick();

 private:
  pg::Pool& warehouse_;
  pg::Pool& opmon_;
  ErrorLoopOptions options_;
  std::optional<absl::CivilDay> recomputed_;  // only the ticking thread touches it
  time::PeriodicThread periodic_;
};

}  // namespace opmon::compute::errors
