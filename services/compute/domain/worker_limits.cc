#include "services/compute/domain/worker_limits.h"

#include "absl/strings/str_cat.h"

namespace opmon::compute {

absl::Status ValidateWorkerLimits(const WorkerLimits& limits) {
  if (limits.heartbeat_seconds < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--heartbeat-seconds: ", limits.heartbeat_seconds, " is not a positive number of seconds"));
  }
  if (limits.stale_seconds < kHeartbeatsPerStaleLimit * limits.heartbeat_seconds) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--stale-seconds: ", limits.stale_seconds, " is less than ", kHeartbeatsPerStaleLimit,
        " heartbeats (--heartbeat-seconds ", limits.heartbeat_seconds,
        "): a running job would be requeued after a late heartbeat or two"));
  }
  if (limits.workers > 0 && limits.db_pool_size < limits.workers + kPoolHeadroom) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--db-pool-size: ", limits.db_pool_size, " is too small for --workers ", limits.workers,
        " (each running job holds a connection for its whole run); give at least workers + ", kPoolHeadroom, " = ",
        limits.workers + kPoolHeadroom));
  }
  return absl::OkStatus();
}

}  // namespace opmon::compute
