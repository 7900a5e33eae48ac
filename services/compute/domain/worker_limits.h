#pragma once
// The sizes and intervals compute's job workers need so that a running job
// never looks dead to the stale-job check. A running job holds one
// connection of the results pool for its whole run (its results
// transaction), so the pool needs room beyond the workers for RPC handlers
// and claims; heartbeats use connections of their own (see
// ComputeRuntime), and a job is requeued only after it missed several
// heartbeats in a row.

#include "absl/status/status.h"

namespace opmon::compute {

// Results-pool connections beyond one per worker.
inline constexpr int kPoolHeadroom = 4;
// The stale limit spans at least this many heartbeat intervals.
inline constexpr int kHeartbeatsPerStaleLimit = 3;

struct WorkerLimits {
  int workers = 2;
  int db_pool_size = 8;       // --db-pool-size: the results pool
  int heartbeat_seconds = 2;
  int stale_seconds = 30;
};

// InvalidArgument naming the flag when: heartbeat_seconds < 1;
// stale_seconds < kHeartbeatsPerStaleLimit × heartbeat_seconds;
// db_pool_size < workers + kPoolHeadroom (only when workers > 0).
absl::Status ValidateWorkerLimits(const WorkerLimits& limits);

}  // namespace opmon::compute
