// One call of ComputeProjectDay (one job attempt) scans the warehouse at most
// once: a transient failure is returned to the job queue, which decides on
// another attempt, instead of the results pool re-running the whole day.

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/compute/domain/attempt_end.h"
#include "services/compute/domain/day_computation.h"
#include "services/compute/domain/job_store.h"
#include "tests/testing/example_files.h"
#include "tests/testing/free_port.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute {
namespace {

using ::testing::HasSubstr;

class DayAttemptTest : public opmon::testing::PgTest {};

TEST_F(DayAttemptTest, AnUnreachableWarehouseEndsTheAttemptAfterOneTry) {
  pg::Pool results(pg::PoolOptions{.dsn = dsn(), .size = 2});
  pg::Pool warehouse(pg::PoolOptions{
      .dsn = absl::StrCat("host=127.0.0.1 port=", opmon::testing::FreeLoopbackPort(), " user=opmon dbname=opmon"),
      .size = 1});
  const VersionedProject project{opmon::testing::ResolvedExample("desktop-health"), 1};
  int runs = 0;
  DayHooks hooks;
  hooks.on_progress = [&](const JobProgress& p) {
    if (p.phase == JobPhase::kPopulation) ++runs;  // reported once as each run starts
  };
  auto result = ComputeProjectDay(warehouse, results, project, absl::CivilDay(2024, 2, 10), hooks);
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kUnavailable, HasSubstr("warehouse")));
  EXPECT_EQ(runs, 1);
}

// The queue's side of a transient failure: the job goes back queued, but no
// worker claims it before its retry delay has passed.
TEST_F(DayAttemptTest, ATransientlyFailedJobIsClaimedAgainOnlyAfterItsRetryDelay) {
  pg::Pool pool(pg::PoolOptions{.dsn = dsn(), .size = 2});
  JobStore store(pool);
  ASSERT_THAT(store.Enqueue("retried", absl::CivilDay(2024, 2, 10)), IsOk());
  absl::StatusOr<std::optional<ClaimedJob>> first = store.Claim("worker-a");
  ASSERT_THAT(first, IsOk());
  ASSERT_TRUE(first->has_value());
  const AttemptEnd end = EndOfUncommittedAttempt(
      {.code = absl::StatusCode::kUnavailable, .attempt = (*first)->attempt, .retry_backoff = absl::Seconds(30)});
  ASSERT_EQ(end.state, JobState::kQueued);
  ASSERT_THAT(store.Finish(**first, end.state, "warehouse unavailable", {}, {}, 0, end.attempt, end.retry_after),
              IsOk());
  absl::StatusOr<std::optional<ClaimedJob>> early = store.Claim("worker-b");
  ASSERT_THAT(early, IsOk());
  EXPECT_FALSE(early->has_value()) << "claimed during its retry delay";
  absl::StatusOr<Job> queued = store.Get((*first)->id);
  ASSERT_THAT(queued, IsOk());
  EXPECT_EQ(queued->state, JobState::kQueued);
  EXPECT_EQ(queued->error, "warehouse unavailable");
  EXPECT_FALSE(queued->next_attempt_at.empty());  // what GetJob and `opmonctl jobs get` show
  // The delay stored is the one decided (30 s from the finish, within a few
  // seconds of slack for a loaded machine); once it has passed, the job is
  // claimable again.
  pqxx::connection conn(dsn());
  pqxx::nontransaction tx(conn);
  const int seconds_left = tx.exec1(absl::StrCat("SELECT round(extract(epoch FROM not_before - now()))::int "
                                                 "FROM opmon.jobs WHERE id = ", (*first)->id))[0].as<int>();
  EXPECT_GE(seconds_left, 25);
  EXPECT_LE(seconds_left, 30);
  ASSERT_THAT(cluster().Exec(database(), absl::StrCat("UPDATE opmon.jobs SET not_before = now() - interval '1 second' "
                                                      "WHERE id = ", (*first)->id)),
              IsOk());
  absl::StatusOr<std::optional<ClaimedJob>> again = store.Claim("worker-b");
  ASSERT_THAT(again, IsOk());
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->id, (*first)->id);
  EXPECT_EQ((*again)->attempt, 2);
  absl::StatusOr<Job> running = store.Get((*first)->id);
  ASSERT_THAT(running, IsOk());
  EXPECT_EQ(running->next_attempt_at, "");
}

}  // namespace
}  // namespace opmon::compute
