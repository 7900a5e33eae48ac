#pragma once
// How a job attempt that did not commit ends: the pure decision JobWorkers
// takes after ComputeProjectDay returned an error (tested without a database).

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/compute/domain/job.h"
#include "services/compute/domain/job_store.h"

namespace opmon::compute {

struct UncommittedAttempt {
  absl::StatusCode code = absl::StatusCode::kUnknown;  // what the computation returned
  bool cancel_requested = false;  // CancelJob reached this attempt
  bool shutting_down = false;     // the replica is stopping
  int attempt = 1;                // this attempt's number (1 = first)
  int max_attempts = 5;
  absl::Duration retry_backoff = absl::ZeroDuration();  // the delay before the second attempt
};

struct AttemptEnd {
  JobState state = JobState::kFailed;
  JobStore::Attempt attempt = JobStore::Attempt::kCounted;
  absl::Duration retry_after = absl::ZeroDuration();  // queued: not claimed before this delay
};

// The longest delay before a retry, however many attempts failed.
inline constexpr absl::Duration kMaxRetryDelay = absl::Minutes(5);

// A cancel request wins (cancelled); a stopping replica hands the job back
// without using up an attempt (queued, refunded, claimable at once); a
// cancelled computation is cancelled; a transient error (Aborted,
// Unavailable) is retried while attempts remain, after retry_backoff x
// 2^(attempt - 1) (at most kMaxRetryDelay); anything else fails the job.
AttemptEnd EndOfUncommittedAttempt(const UncommittedAttempt& facts);

}  // namespace opmon::compute
