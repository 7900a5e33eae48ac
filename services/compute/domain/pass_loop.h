#pragma once
// The loop both warehouse readers of compute run (live monitoring's and the
// error aggregation's): every interval one incremental pass; then, once per
// UTC day after midnight plus the late bound, the final recompute of the day
// before. Both steps are idempotent, so replicas may all run the loop.

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/time/periodic_thread.h"

namespace opmon::compute {

// When a loop ticks.
struct PassLoopTiming {
  absl::Duration interval = absl::Seconds(60);
  std::function<absl::Time()> now;  // default: absl::Now
  std::function<bool()> ready;      // ticks are skipped while false
};

// What a loop runs. The steps log their own successes; the loop logs their
// errors under `name` and goes on at the next tick.
struct PassLoopSteps {
  std::string name;            // e.g. "live warehouse": "live warehouse pass failed"
  absl::Duration late_bound;  // how late rows may still arrive for a day
  std::function<absl::Status()> pass;
  std::function<absl::Status(absl::CivilDay)> recompute_day;  // OK: the day is final
};

// The day whose final recompute is due at `now` (the day before now's UTC
// day, once `late_bound` past midnight), unless it is `done`.
std::optional<absl::CivilDay> RecomputeDue(absl::Time now, absl::Duration late_bound,
                                           std::optional<absl::CivilDay> done);

class PassLoop {
 public:
  PassLoop(PassLoopTiming timing, PassLoopSteps steps);
  ~PassLoop();
  PassLoop(const PassLoop&) = delete;
  PassLoop& operator=(const PassLoop&) = delete;

  void Start();
  void Stop();  // waits for a running tick to end; idempotent

  // One tick, on the caller's thread (tests): the pass, then the day's
  // recompute if due. Not concurrently with a started loop.
  void Tick();

 private:
  PassLoopTiming timing_;
  PassLoopSteps steps_;
  std::optional<absl::CivilDay> recomputed_;  // only the ticking thread touches it
  time::PeriodicThread periodic_;
};

}  // namespace opmon::compute
