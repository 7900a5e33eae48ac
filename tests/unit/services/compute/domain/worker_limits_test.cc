#include "services/compute/domain/worker_limits.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace opmon::compute {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

TEST(ValidateWorkerLimits, AcceptsTheDefaults) { EXPECT_THAT(ValidateWorkerLimits(WorkerLimits{}), IsOk()); }

TEST(ValidateWorkerLimits, RefusesAPoolWithoutRoomBeyondTheWorkers) {
  EXPECT_THAT(ValidateWorkerLimits({.workers = 8, .db_pool_size = 8}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("--db-pool-size: 8"), HasSubstr("--workers 8"), HasSubstr("12"))));
  EXPECT_THAT(ValidateWorkerLimits({.workers = 4, .db_pool_size = 8}), IsOk());
}

TEST(ValidateWorkerLimits, AReplicaWithoutWorkersNeedsNoHeadroom) {
  EXPECT_THAT(ValidateWorkerLimits({.workers = 0, .db_pool_size = 1}), IsOk());
}

TEST(ValidateWorkerLimits, RefusesAStaleLimitOfFewerThanThreeHeartbeats) {
  EXPECT_THAT(ValidateWorkerLimits({.heartbeat_seconds = 2, .stale_seconds = 5}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("--stale-seconds: 5"), HasSubstr("--heartbeat-seconds 2"))));
  EXPECT_THAT(ValidateWorkerLimits({.heartbeat_seconds = 1, .stale_seconds = 3}), IsOk());
}

TEST(ValidateWorkerLimits, RefusesANonPositiveHeartbeat) {
  EXPECT_THAT(ValidateWorkerLimits({.heartbeat_seconds = 0, .stale_seconds = 30}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("--heartbeat-seconds: 0")));
}

}  // namespace
}  // namespace opmon::compute
