#include "services/compute/domain/attempt_end.h"

#include <gtest/gtest.h>

#include <utility>

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

TEST(EndOfUncommittedAttempt, TransientRetriesWaitTwiceAsLongEachAttemptUpToFiveMinutes) {
  UncommittedAttempt facts = Failed(absl::StatusCode::kUnavailable);
  facts.max_attempts = 20;
  facts.retry_backoff = absl::Seconds(5);
  for (const auto& [attempt, delay] : {std::pair{1, absl::Seconds(5)}, std::pair{2, absl::Seconds(10)},
                                       std::pair{3, absl::Seconds(20)}, std::pair{4, absl::Seconds(40)},
                                       std::pair{7, absl::Seconds(300)}, std::pair{19, absl::Seconds(300)}}) {
    facts.attempt = attempt;
    EXPECT_EQ(EndOfUncommittedAttempt(facts).retry_after, delay) << "attempt " << attempt;
  }
  facts.retry_backoff = absl::ZeroDuration();
  EXPECT_EQ(EndOfUncommittedAttempt(facts).retry_after, absl::ZeroDuration());
}

TEST(EndOfUncommittedAttempt, OnlyTransientRetriesWait) {
  UncommittedAttempt stopping = Failed(absl::StatusCode::kUnavailable, 3);
  stopping.retry_backoff = absl::Seconds(5);
  stopping.shutting_down = true;  // handed back: another replica may take it at once
  EXPECT_EQ(EndOfUncommittedAttempt(stopping).retry_after, absl::ZeroDuration());
  UncommittedAttempt last = Failed(absl::StatusCode::kAborted, 5);
  last.retry_backoff = absl::Seconds(5);
  EXPECT_EQ(EndOfUncommittedAttempt(last).state, JobState::kFailed);
  EXPECT_EQ(EndOfUncommittedAttempt(last).retry_after, absl::ZeroDuration());
}

}  // namespace
}  // namespace opmon::compute
