// Re-running opmon-datagen: refused over existing data without --replace,
// identical data with it, other days kept; bad flags and an unreachable
// warehouse fail with messages that say what is wrong.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/datagen/datagen_run.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/service_process.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

using ::testing::HasSubstr;

class DatagenReplaceTest : public PgTest {};

const std::vector<std::string> kSmallRun = {"--seed", "9", "--clients", "400", "--days", "2", "--end-date",
                                            "2024-02-20", "--pings-per-client-mean", "3", "--heavy-clients", "0"};

std::vector<std::string> With(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

TEST_F(DatagenReplaceTest, ReplaceRegeneratesIdenticalRowsAndKeepsOtherDays) {
  auto first = RunDatagen(dsn(), kSmallRun);
  ASSERT_THAT(first, IsOk());
  ASSERT_EQ(first->exit_code, 0) << first->output;
  const std::string main = TableChecksum(dsn(), "telemetry.main");
  const std::string crash = TableChecksum(dsn(), "telemetry.crash");
  const std::string events = TableChecksum(dsn(), "telemetry.events");
  const int64_t rows = QueryInt(dsn(), "SELECT count(*) FROM telemetry.main");
  ASSERT_GT(rows, 1000);

  auto refused = RunDatagen(dsn(), kSmallRun);
  ASSERT_THAT(refused, IsOk());
  EXPECT_EQ(refused->exit_code, 1);
  EXPECT_THAT(refused->output, HasSubstr("telemetry.main already has"));
  EXPECT_THAT(refused->output, HasSubstr("--replace"));
  EXPECT_EQ(QueryInt(dsn(), "SELECT count(*) FROM telemetry.main"), rows);

  auto replaced = RunDatagen(dsn(), With(kSmallRun, {"--replace", "--threads", "1", "--clients-per-block", "7", "--copy-streams", "1"}));
  ASSERT_THAT(replaced, IsOk());
  ASSERT_EQ(replaced->exit_code, 0) << replaced->output;
  EXPECT_EQ(TableChecksum(dsn(), "telemetry.main"), main);
  EXPECT_EQ(TableChecksum(dsn(), "telemetry.crash"), crash);
  EXPECT_EQ(TableChecksum(dsn(), "telemetry.events"), events);

  // Another day is appended beside the first two...
  auto other_day = RunDatagen(dsn(), {"--seed", "9", "--clients", "400", "--days", "1", "--end-date", "2024-02-21",
                                      "--pings-per-client-mean", "3", "--heavy-clients", "0"});
  ASSERT_THAT(other_day, IsOk());
  ASSERT_EQ(other_day->exit_code, 0) << other_day->output;
  const std::string day21 = TableChecksum(dsn(), "telemetry.main", "submission_date = '2024-02-21'");
  EXPECT_GT(QueryInt(dsn(), "SELECT count(*) FROM telemetry.main"), rows);
  // ...and survives replacing them (DELETE of the range, not TRUNCATE).
  auto again = RunDatagen(dsn(), With(kSmallRun, {"--replace"}));
  ASSERT_THAT(again, IsOk());
  ASSERT_EQ(again->exit_code, 0) << again->output;
  EXPECT_EQ(TableChecksum(dsn(), "telemetry.main", "submission_date <= '2024-02-20'"), main);
  EXPECT_EQ(TableChecksum(dsn(), "telemetry.main", "submission_date = '2024-02-21'"), day21);
  EXPECT_EQ(TableChecksum(dsn(), "telemetry.events", "submission_date <= '2024-02-20'"), events);
}

TEST_F(DatagenReplaceTest, RejectsBadFlagsNamingThem) {
  auto result = RunDatagen(dsn(), {"--clients", "0"});
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 2);
  EXPECT_THAT(result->output, HasSubstr("--clients: 0"));
  result = RunDatagen(dsn(), {"--end-date", "2024-02-30"});
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 2);
  EXPECT_THAT(result->output, HasSubstr("--end-date"));
  result = RunDatagen(dsn(), {"--malformed-rate", "1.5"});
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 2);
  EXPECT_THAT(result->output, HasSubstr("--malformed-rate: 1.5"));
}

TEST_F(DatagenReplaceTest, ReportsAnUnreachableWarehouse) {
  auto result = RunCommand({BuiltBinary("services/compute/datagen/opmon-datagen"), "--warehouse-url",
                            "host=127.0.0.1 port=1 user=opmon dbname=opmon connect_timeout=5", "--clients", "10"});
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 1);
  EXPECT_THAT(result->output, HasSubstr("connect to warehouse"));
}

TEST_F(DatagenReplaceTest, PrintsTheExperimentsRegistryFileWithoutAWarehouse) {
  auto result = RunCommand({BuiltBinary("services/compute/datagen/opmon-datagen"), "--print-experiments"});
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 0);
  EXPECT_THAT(result->output, HasSubstr("slug: fission-experiment"));
  EXPECT_THAT(result->output, HasSubstr("branches: [disabled, enabled]"));
}

}  // namespace
}  // namespace opmon::testing
