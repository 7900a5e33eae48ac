// `opmonctl status` and `opmonctl migrate`, run as a person would, against
// the four real services.
#include <memory>
#include <string>
#include <vector>

#include "common/pg/migrations.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/opmonctl.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/service_process.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace opmon::testing {
namespace {

using ::testing::HasSubstr;

class OpmonctlStatusTest : public PgTest {
 protected:
  std::vector<std::string> AddressFlags() {
    return {"--config-addr", services_[0]->grpc_address(), "--compute-addr", services_[1]->grpc_address(),
            "--statistics-addr", services_[2]->grpc_address(), "--lookml-addr", services_[3]->grpc_address(),
            "--timeout", "5"};
  }
  void StartAll() {
    for (const char* name : {"config", "compute", "statistics", "lookml"}) {
      auto s = ServiceProcess::StartServing(name, dsn());
      ASSERT_THAT(s, IsOk());
      services_.push_back(std::move(*s));
    }
  }
  std::vector<std::unique_ptr<ServiceProcess>> services_;
};

TEST_F(OpmonctlStatusTest, PrintsATableOfFourHealthyServicesAndTheDatabase) {
  StartAll();
  std::vector<std::string> argv = {BuiltBinary("clients/opmonctl/opmonctl")};
  auto flags = AddressFlags();
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), {"--db-url", dsn(), "status"});
  auto result = RunCommand(argv);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 0) << result->output;
  EXPECT_THAT(result->output, HasSubstr("COMPONENT"));
  for (const char* name : {"config", "compute", "statistics", "lookml"}) {
    EXPECT_THAT(result->output, ::testing::ContainsRegex(std::string("\n") + name + " +127\\.0\\.0\\.1:[0-9]+ +SERVING"));
  }
  EXPECT_THAT(result->output,
              ::testing::ContainsRegex("\ndatabase .* REACHABLE +schema v" +
                                       std::to_string(pg::EmbeddedMigrations().back().version) + "\n"));
}

TEST_F(OpmonctlStatusTest, ExitsNonZeroAndSaysWhichServiceIsDownInJson) {
  StartAll();
  ASSERT_THAT(services_[2]->Terminate(), IsOk());  // statistics down
  std::vector<std::string> argv = {BuiltBinary("clients/opmonctl/opmonctl")};
  auto flags = AddressFlags();
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), {"--json", "status"});
  auto result = RunCommand(argv);
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 1) << result->output;
  auto json = nlohmann::json::parse(result->output);
  EXPECT_FALSE(json["ok"].get<bool>());
  for (const auto& c : json["components"]) {
    if (c["name"] == "statistics") {
      EXPECT_FALSE(c["up"].get<bool>());
      EXPECT_EQ(c["state"], "UNREACHABLE");
    } else {
      EXPECT_TRUE(c["up"].get<bool>()) << c.dump();
    }
  }
}

TEST_F(OpmonctlStatusTest, TakesEveryGlobalOptionAfterTheSubcommandAsWellAsBefore) {
  StartAll();
  std::vector<std::string> globals = AddressFlags();
  globals.insert(globals.end(), {"--db-url", dsn(), "--json"});

  // One level (`status`) and two (`projects ls`, `experiments ls`, `jobs ls`),
  // against each service that answers them.
  auto experiment = RunOpmonctl({"experiments", "put", "--slug", "ctl-anywhere", "--start-date", "2024-01-08",
                                 "--branch", "control", "--branch", "treatment"},
                                globals);
  ASSERT_EQ(experiment.exit_code, 0) << experiment.output;
  for (const std::vector<std::string>& command : std::vector<std::vector<std::string>>{
           {"status"}, {"projects", "ls"}, {"experiments", "ls"}, {"jobs", "ls", "--limit", "5"}}) {
    CommandResult before = RunOpmonctl(globals, command);
    CommandResult after = RunOpmonctl(command, globals);
    EXPECT_EQ(before.exit_code, 0) << before.output;
    EXPECT_EQ(after.exit_code, 0) << after.output;
    EXPECT_EQ(after.output, before.output) << command[0];
    EXPECT_FALSE(nlohmann::json::parse(after.output, nullptr, false).is_discarded()) << after.output;
  }
  CommandResult listed = RunOpmonctl({"experiments", "ls", "--json"}, AddressFlags());
  EXPECT_THAT(listed.output, HasSubstr("\"ctl-anywhere\""));
}

TEST_F(OpmonctlStatusTest, MigrateReportsNothingToDoOnAMigratedDatabase) {
  auto result = RunCommand({BuiltBinary("clients/opmonctl/opmonctl"), "--db-url", dsn(), "migrate"});
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 0) << result->output;
  EXPECT_THAT(result->output, HasSubstr("(nothing to do)"));
}

TEST(Opmonctl, MigrateWithoutADatabaseUrlIsAUsageError) {
  auto result = RunCommand({BuiltBinary("clients/opmonctl/opmonctl"), "migrate"}, {"OPMON_DB_URL="});
  ASSERT_THAT(result, IsOk());
  EXPECT_EQ(result->exit_code, 2);
  EXPECT_THAT(result->output, HasSubstr("--db-url (or OPMON_DB_URL) is required"));
}

}  // namespace
}  // namespace opmon::testing
