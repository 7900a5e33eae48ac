#include "services/compute/domain/attempt_end.h"

#include <algorithm>

namespace opmon::compute {
namespace {

absl::Duration RetryDelay(absl::Duration backoff, int attempt) {
  absl::Duration delay = backoff;
  for (int i = 1; i < attempt && delay < kMaxRetryDelay; ++i) delay *= 2;
  return std::min(delay, kMaxRetryDelay);
}

}  // namespace

AttemptEnd EndOfUncommittedAttempt(const UncommittedAttempt& facts) {
  if (facts.cancel_requested) return {JobState::kCancelled, JobStore::Attempt::kCounted};
  if (facts.shutting_down) return {JobState::kQueued, JobStore::Attempt::kRefunded};
  switch (facts.code) {
    case absl::StatusCode::kCancelled: return {JobState::kCancelled, JobStore::Attempt::kCounted};
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kUnavailable:
      if (facts.attempt >= facts.max_attempts) return {JobState::kFailed, JobStore::Attempt::kCounted};
      return {JobState::kQueued, JobStore::Attempt::kCounted, RetryDelay(facts.retry_backoff, facts.attempt)};
    default: return {JobState::kFailed, JobStore::Attempt::kCounted};
  }
}

}  // namespace opmon::compute
