#include "clients/opmonctl/command_registration.h"

#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/global_options.h"
#include "gtest/gtest.h"

namespace opmon::ctl {
namespace {

struct CountOptions {
  int count = 0;
};

// What the Run functions below saw, in the order they ran.
std::vector<std::string>& Ran() {
  static std::vector<std::string> ran;
  return ran;
}

int RunCount(const GlobalOptions& global, const CountOptions& o) {
  Ran().push_back("count " + std::to_string(o.count) + (global.json ? " json" : ""));
  return o.count;
}

int RunParent(const GlobalOptions&, const CountOptions&) {
  Ran().push_back("parent");
  return 7;
}

int RunStatus(const GlobalOptions&) {
  Ran().push_back("status");
  return 1;
}

class CommandsTest : public ::testing::Test {
 protected:
  CommandsTest() : commands_(app_, global_, exit_code_) {
    Ran().clear();
    app_.add_flag("--json", global_.json);
    auto o = std::make_shared<CountOptions>();
    commands_.Add("count", "count", o, RunCount)->add_option("--count", o->count);
    commands_.Add("status", "status", RunStatus);
    const Commands parent = commands_.Parent("parent", "runs itself unless its subcommand is named");
    parent.Run(o, RunParent);
    parent.Add("child", "child", o, RunCount)->add_option("--count", o->count);
    commands_.Group("group", "needs a subcommand").Add("member", "member", RunStatus);
  }

  void Parse(std::vector<std::string> args) {
    args.insert(args.begin(), "opmonctl");
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    app_.parse(static_cast<int>(argv.size()), argv.data());
  }

  CLI::App app_;
  GlobalOptions global_;
  int exit_code_ = -1;
  Commands commands_;
};

TEST_F(CommandsTest, RunsTheNamedCommandWithItsOptionsAndTheGlobalOnes) {
  Parse({"--json", "count", "--count", "3"});
  EXPECT_EQ(Ran(), std::vector<std::string>({"count 3 json"}));
  EXPECT_EQ(exit_code_, 3);
}

TEST_F(CommandsTest, RunsACommandWithoutOptionsOfItsOwn) {
  Parse({"status"});
  EXPECT_EQ(Ran(), std::vector<std::string>({"status"}));
  EXPECT_EQ(exit_code_, 1);
}

TEST_F(CommandsTest, AParentRunsItselfOnlyWhenNoneOfItsSubcommandsIsNamed) {
  Parse({"parent"});
  EXPECT_EQ(Ran(), std::vector<std::string>({"parent"}));
  EXPECT_EQ(exit_code_, 7);
}

TEST_F(CommandsTest, ANamedSubcommandRunsInsteadOfItsParent) {
  Parse({"parent", "child", "--count", "2"});
  EXPECT_EQ(Ran(), std::vector<std::string>({"count 2"}));
  EXPECT_EQ(exit_code_, 2);
}

TEST_F(CommandsTest, AGroupNeedsOneOfItsSubcommands) {
  EXPECT_THROW(Parse({"group"}), CLI::RequiredError);
  EXPECT_TRUE(Ran().empty());
  Parse({"group", "member"});
  EXPECT_EQ(Ran(), std::vector<std::string>({"status"}));
}

}  // namespace
}  // namespace opmon::ctl
