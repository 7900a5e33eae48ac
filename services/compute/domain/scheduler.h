#pragma once
// The daily scheduler (flag --scheduler, off by default): for every live
// project, queue yesterday and every missing day since the project's
// start_date (up to its end_date): days without a queued, running or
// succeeded job. Enqueueing is idempotent, so replicas may all run it and a
// tick may repeat; it ticks every `interval` (a day's work is queued at the
// first tick after midnight UTC).

#include <functional>
#include <optional>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/config/project.h"
#include "common/time/periodic_thread.h"
#include "services/compute/domain/job_store.h"
#include "services/compute/domain/project_source.h"

namespace opmon::compute {

// The days the scheduler wants computed for `project` on `today` (UTC):
// [start_date or yesterday, min(yesterday, end_date)]; nullopt when empty or
// the project is skipped.
std::optional<std::pair<absl::CivilDay, absl::CivilDay>> ScheduledRange(const config::ResolvedProject& project,
                                                                       absl::CivilDay today);

struct SchedulerOptions {
  absl::Duration interval = absl::Hours(1);
  std::function<absl::CivilDay()> today;  // default: the UTC day
  std::function<bool()> ready;            // ticks are skipped while false
};

class Scheduler {
 public:
  Scheduler(ProjectSource& projects, JobStore& store, SchedulerOptions options);
  ~Scheduler();

  // One tick: returns how many jobs were queued.
  absl::StatusOr<int64_t> RunOnce();
  void Start();
  void Stop();  // waits for a running tick to end; idempotent

 private:
  ProjectSource& projects_;
  JobStore& store_;
  SchedulerOptions options_;
  time::PeriodicThread periodic_;
};

}  // namespace opmon::compute
