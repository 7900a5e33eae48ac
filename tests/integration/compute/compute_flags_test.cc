// opmon-compute refuses, at start, worker settings under which a running job
// could look dead to the stale-job check: a results pool without room beyond
// the workers, a stale limit of fewer than three heartbeats.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/source_tree.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace opmon::compute {
namespace {

using ::testing::HasSubstr;

class ComputeFlagsTest : public opmon::testing::PgTest {
 protected:
  static opmon::testing::CommandResult StartCompute(const std::vector<std::string>& flags) {
    std::vector<std::string> argv = {opmon::testing::BuiltBinary("services/compute/opmon-compute"), "--db-url", dsn(),
                                     "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    auto result = opmon::testing::RunCommand(argv);
    EXPECT_THAT(result, IsOk());
    return result.ok() ? *result : opmon::testing::CommandResult{};
  }
};

TEST_F(ComputeFlagsTest, RefusesAPoolWithoutRoomBeyondTheWorkers) {
  auto result = StartCompute({"--workers", "6", "--db-pool-size", "8"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("--db-pool-size: 8 is too small for --workers 6"));
}

TEST_F(ComputeFlagsTest, RefusesAStaleLimitOfFewerThanThreeHeartbeats) {
  auto result = StartCompute({"--heartbeat-seconds", "5", "--stale-seconds", "10"});
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("--stale-seconds: 10 is less than 3 heartbeats"));
}

}  // namespace
}  // namespace opmon::compute
