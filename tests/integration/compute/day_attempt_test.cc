// One call of ComputeProjectDay (one job attempt) scans the warehouse at most
// once: a transient failure is returned to the job queue, which decides on
// another attempt, instead of the results pool re-running the whole day.

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/compute/domain/day_computation.h"
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

}  // namespace
}  // namespace opmon::compute
