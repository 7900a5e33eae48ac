#include "services/compute/domain/attempt_end.h"

namespace opmon::compute {

AttemptEnd EndOfUncommittedAttempt(const UncommittedAttempt& facts) {
  if (facts.cancel_requested) return {JobState::kCancelled, JobStore::Attempt::kCounted};
  if (facts.shutting_down) return {JobState::kQueued, JobStore::Attempt::kRefunded};
  switch (facts.code) {
    case absl::StatusCode::kCancelled: return {JobState::kCancelled, JobStore::Attempt::kCounted};
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kUnavailable:
      return {facts.attempt < facts.max_attempts ? JobState::kQueued : JobState::kFailed,
              JobStore::Attempt::kCounted};
    default: return {JobState::kFailed, JobStore::Attempt::kCounted};
  }
}

}  // namespace opmon::compute
