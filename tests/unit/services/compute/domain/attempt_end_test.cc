#include "services/compute/domain/attempt_end.h"

#include <gtest/gtest.h>

namespace opmon::compute {
namespace {

UncommittedAttempt Failed(absl::StatusCode code, int attempt = 1) {
  return {.code = code, .attempt = attempt, .max_attempts = 5};
}

TEST(EndOfUncommittedAttempt, ACancelRequestWinsOverEverything) {
  UncommittedAttempt facts = Failed(absl::StatusCode::kUnavailable);
  facts.cancel_requested = true;
  facts.shutting_down = true;
  AttemptEnd end = EndOfUncommittedAttempt(facts);
  EXPECT_EQ(end.state, JobState::kCancelled);
  EXPECT_EQ(end.attempt, JobStore::Attempt::kCounted);
}

TEST(EndOfUncommittedAttempt, AStoppingReplicaHandsTheJobBackWithoutUsingAnAttempt) {
  UncommittedAttempt facts = Failed(absl::StatusCode::kInternal, 5);
  facts.shutting_down = true;
  AttemptEnd end = EndOfUncommittedAttempt(facts);
  EXPECT_EQ(end.state, JobState::kQueued);
  EXPECT_EQ(end.attempt, JobStore::Attempt::kRefunded);
}

TEST(EndOfUncommittedAttempt, TransientErrorsAreRetriedWhileAttemptsRemain) {
  for (absl::StatusCode code : {absl::StatusCode::kAborted, absl::StatusCode::kUnavailable}) {
    EXPECT_EQ(EndOfUncommittedAttempt(Failed(code, 4)).state, JobState::kQueued);
    EXPECT_EQ(EndOfUncommittedAttempt(Failed(code, 5)).state, JobState::kFailed);
    EXPECT_EQ(EndOfUncommittedAttempt(Failed(code, 4)).attempt, JobStore::Attempt::kCounted);
  }
}

TEST(EndOfUncommittedAttempt, CancelledComputationsAreCancelledOtherErrorsFail) {
  EXPECT_EQ(EndOfUncommittedAttempt(Failed(absl::StatusCode::kCancelled)).state, JobState::kCancelled);
  for (absl::StatusCode code : {absl::StatusCode::kInvalidArgument, absl::StatusCode::kNotFound,
                                absl::StatusCode::kInternal, absl::StatusCode::kDeadlineExceeded}) {
    EXPECT_EQ(EndOfUncommittedAttempt(Failed(code)).state, JobState::kFailed);
  }
}

}  // namespace
}  // namespace opmon::compute
