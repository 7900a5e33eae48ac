#pragma once
// How a job attempt that did not commit ends: the pure decision JobWorkers
// takes after ComputeProjectDay returned an error (tested without a database).

#include "absl/status/status.h"
#include "services/compute/domain/job.h"
#include "services/compute/domain/job_store.h"

namespace opmon::compute {

struct UncommittedAttempt {
  absl::StatusCode code = absl::StatusCode::kUnknown;  // what the computation returned
  bool cancel_requested = false;  // CancelJob reached this attempt
  bool shutting_down = false;     // the replica is stopping
  int attempt = 1;                // this attempt's number (1 = first)
  int max_attempts = 5;
};

struct AttemptEnd {
  JobState state = JobState::kFailed;
  JobStore::Attempt attempt = JobStore::Attempt::kCounted;
};

// A cancel request wins (cancelled); a stopping replica hands the job back
// without using up an attempt (queued, refunded); a cancelled computation is
// cancelled; a transient error (Aborted, Unavailable) is retried while
// attempts remain; anything else fails the job.
AttemptEnd EndOfUncommittedAttempt(const UncommittedAttempt& facts);

}  // namespace opmon::compute
