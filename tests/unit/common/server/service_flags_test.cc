#include "common/server/service_flags.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace opmon::server {
namespace {

TEST(FlagEnvName, PrefixPlusTheFlagInUpperCaseWithUnderscores) {
  EXPECT_EQ(FlagEnvName("OPMON_STATISTICS", "--webhook-workers"), "OPMON_STATISTICS_WEBHOOK_WORKERS");
  EXPECT_EQ(FlagEnvName("OPMON_COMPUTE", "--min-enrollments-1d"), "OPMON_COMPUTE_MIN_ENROLLMENTS_1D");
  EXPECT_EQ(FlagEnvName("OPMON_LOOKML", "listen"), "OPMON_LOOKML_LISTEN");
}

// Parses `args` (without the program name) with one option and one flag.
struct Parsed {
  int workers = 3;
  bool scheduler = false;
};
Parsed Parse(std::vector<std::string> args) {
  CLI::App app;
  ServiceFlags flags(app, "OPMON_TESTSVC");
  Parsed parsed;
  flags.Option("--workers", parsed.workers, "threads");
  flags.Flag("--scheduler", parsed.scheduler, "daily");
  std::vector<const char*> argv = {"svc"};
  for (const std::string& a : args) argv.push_back(a.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  return parsed;
}

TEST(ServiceFlags, TheCommandLineWinsOverTheEnvironmentWhichWinsOverTheDefault) {
  ::unsetenv("OPMON_TESTSVC_WORKERS");
  ::unsetenv("OPMON_TESTSVC_SCHEDULER");
  EXPECT_EQ(Parse({}).workers, 3);
  EXPECT_FALSE(Parse({}).scheduler);
  ::setenv("OPMON_TESTSVC_WORKERS", "5", 1);
  ::setenv("OPMON_TESTSVC_SCHEDULER", "true", 1);
  EXPECT_EQ(Parse({}).workers, 5);
  EXPECT_TRUE(Parse({}).scheduler);
  EXPECT_EQ(Parse({"--workers", "7"}).workers, 7);
  ::unsetenv("OPMON_TESTSVC_WORKERS");
  ::unsetenv("OPMON_TESTSVC_SCHEDULER");
}

TEST(ServiceFlags, ABadEnvironmentValueIsAUsageErrorNamingTheFlag) {
  ::setenv("OPMON_TESTSVC_WORKERS", "many", 1);
  try {
    Parse({});
    ADD_FAILURE() << "OPMON_TESTSVC_WORKERS=many was accepted";
  } catch (const CLI::ParseError& e) {
    EXPECT_NE(std::string(e.what()).find("--workers"), std::string::npos) << e.what();
  }
  ::unsetenv("OPMON_TESTSVC_WORKERS");
}

TEST(ServiceFlags, HelpShowsTheDefaultAndTheVariable) {
  CLI::App app;
  ServiceFlags flags(app, "OPMON_TESTSVC");
  int workers = 3;
  flags.Option("--workers", workers, "threads");
  const std::string help = app.help();
  EXPECT_NE(help.find("=3"), std::string::npos) << help;
  EXPECT_NE(help.find("OPMON_TESTSVC_WORKERS"), std::string::npos) << help;
}

}  // namespace
}  // namespace opmon::server
