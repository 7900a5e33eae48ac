// `opmonctl stats` and `opmonctl alerts` run as a person would, against the
// real opmon-statistics binary.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/statistics/statistics_test_support.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace opmon::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

class OpmonctlStatsTest : public StatisticsServiceTest {
 protected:
  void SetUp() override { StartService(); }

  CommandResult Run(const std::vector<std::string>& args) { return RunOpmonctl(*service_, args); }

  void Seed(const std::string& slug) {
    config::ResolvedProject project = ResolvedExample("fission-rollout", slug);
    RegisterProject(dsn(), project);
    std::vector<results::StatisticsRow> rows;
    for (const char* date : {"2024-03-01", "2024-03-02", "2024-03-03"}) {
      for (const char* os : {"Windows", "Linux"}) {
        for (const char* branch : {"enabled", "disabled"}) {
          rows.push_back(StatRow(date, "", {os}, branch, "memory_total", "percentile", "50", 1.25, 1, 1.5));
          rows.push_back(StatRow(date, "", {os}, branch, "main_crashes", "sum", "", 600, std::nullopt, std::nullopt));
        }
      }
    }
    WriteStatistics(dsn(), project, {"2024-03-01", "2024-03-02", "2024-03-03"}, rows);
  }
};

TEST_F(OpmonctlStatsTest, PrintsAnAlignedTableOfTheFilteredRows) {
  Seed("ctl-table");
  CommandResult r = Run({"stats", "ctl-table", "--metric", "memory_total", "--where", "os=Linux", "--from",
                         "2024-03-02", "--to", "2024-03-03"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, ContainsRegex("SUBMISSION_DATE +os +BRANCH +METRIC +STATISTIC +PARAMETER +POINT +LOWER +UPPER"));
  EXPECT_THAT(r.output, ContainsRegex("\n2024-03-02 +Linux +disabled +memory_total +percentile +50 +1.25 +1 +1.5"));
  EXPECT_THAT(r.output, HasSubstr("4 rows, data version 1"));
  EXPECT_THAT(r.output, ::testing::Not(HasSubstr("Windows")));
}

TEST_F(OpmonctlStatsTest, WritesCsvAndJsonThatMatchTheDatabase) {
  Seed("ctl-formats");
  CommandResult csv = Run({"stats", "ctl-formats", "--statistic", "sum", "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  std::vector<std::string> lines = absl::StrSplit(csv.output, '\n', absl::SkipEmpty());
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0], "submission_date,os,branch,metric,statistic,parameter,point,lower,upper");
  auto expected = QueryRows(dsn(),
                            "SELECT submission_date::text || ',' || os || ',' || branch || ',' || metric || ',' || "
                            "statistic || ',' || COALESCE(parameter, '') || ',' || point::text || ',,' "
                            "FROM opmon_results.ctl_formats_statistics WHERE statistic = 'sum' "
                            "ORDER BY submission_date, os, branch");
  ASSERT_EQ(lines.size(), expected.size() + 1);
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(lines[i + 1], expected[i][0]);

  CommandResult json = Run({"--json", "stats", "ctl-formats", "--branch", "enabled"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  auto doc = nlohmann::json::parse(json.output);
  EXPECT_EQ(doc["data_version"], 1);
  ASSERT_EQ(doc["rows"].size(), 12u);  // 3 days × 2 os × 2 metrics
  for (const auto& row : doc["rows"]) EXPECT_EQ(row["branch"], "enabled");
  EXPECT_TRUE(doc["rows"][0]["dimensions"].contains("os"));
}

TEST_F(OpmonctlStatsTest, ShowsLargeValuesWithAllTheirDigitsAndKeepsFullPrecisionInCsvAndJson) {
  config::ResolvedProject project = ResolvedExample("fission-rollout", "ctl-digits");
  RegisterProject(dsn(), project);
  WriteStatistics(dsn(), project, {"2024-03-01"},
                  {StatRow("2024-03-01", "", {"Linux"}, "enabled", "memory_total", "percentile", "50", 2566813.4375,
                           2400000, 2700000.1)});

  CommandResult table = Run({"stats", "ctl-digits"});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_THAT(table.output, ContainsRegex("\n2024-03-01 +Linux +enabled +memory_total +percentile +50 +2566813 +2400000 "
                                          "+2700000\n"));  // 7 significant: no integer digit is rounded away
  EXPECT_THAT(table.output, Not(HasSubstr("e+06")));

  CommandResult csv = Run({"stats", "ctl-digits", "--csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  EXPECT_THAT(csv.output, HasSubstr("\n2024-03-01,Linux,enabled,memory_total,percentile,50,2566813.4375,2400000,2700000.1\n"));

  CommandResult json = Run({"--json", "stats", "ctl-digits"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const nlohmann::json row = nlohmann::json::parse(json.output)["rows"].at(0);
  EXPECT_EQ(row["point"].get<double>(), 2566813.4375);
  EXPECT_EQ(row["upper"].get<double>(), 2700000.1);
}

TEST_F(OpmonctlStatsTest, TakesGlobalOptionsAfterTheSubcommandAsWellAsBefore) {
  Seed("ctl-anywhere");
  CommandResult before = Run({"--json", "stats", "ctl-anywhere", "--metric", "memory_total"});
  ASSERT_EQ(before.exit_code, 0) << before.output;
  CommandResult after = Run({"stats", "ctl-anywhere", "--metric", "memory_total", "--json"});
  ASSERT_EQ(after.exit_code, 0) << after.output;
  EXPECT_EQ(after.output, before.output);
  EXPECT_EQ(nlohmann::json::parse(after.output)["rows"].size(), 12u);  // 3 days × 2 os × 2 branches

  // The address and the deadline too, between the subcommand's own options.
  auto all_after = RunCommand({BuiltBinary("clients/opmonctl/opmonctl"), "stats", "ctl-anywhere", "--statistics-addr",
                               service_->grpc_address(), "--timeout", "20", "--json", "--branch", "enabled"});
  ASSERT_THAT(all_after, IsOk());
  CommandResult all_before = Run({"--json", "stats", "ctl-anywhere", "--branch", "enabled"});
  EXPECT_EQ(all_after->exit_code, 0) << all_after->output;
  EXPECT_EQ(all_after->output, all_before.output);
}

TEST_F(OpmonctlStatsTest, ABadMetricFailsNamingTheField) {
  Seed("ctl-errors");
  CommandResult r = Run({"stats", "ctl-errors", "--metric", "memory_totl"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("metrics[0]: \"memory_totl\" is not a metric"));
  r = Run({"stats", "ctl-errors", "--where", "os"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("is not dimension=value"));
}

TEST_F(OpmonctlStatsTest, ListsAlertsSinceADate) {
  Seed("ctl-alerts");  // main_crashes sums of 600 break the rollout's [0, 500] threshold
  auto stub = StatisticsStub(*service_);
  v1::PublishResultsRequest publish;
  publish.set_slug("ctl-alerts");
  for (const char* d : {"2024-03-01", "2024-03-02", "2024-03-03"}) publish.add_dates(d);
  v1::PublishResultsResponse published;
  ASSERT_TRUE(stub->PublishResults(Deadline().get(), publish, &published).ok());
  ASSERT_EQ(published.alerts_raised(), 12);

  CommandResult r = Run({"alerts", "ctl-alerts", "--since", "2024-03-03"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, ContainsRegex("\n2024-03-03 +os=Linux +disabled +main_crashes +sum +crash_limits +Value above "
                                      "threshold \\(point\\) +600"));
  EXPECT_THAT(r.output, HasSubstr("4 alerts"));
  EXPECT_THAT(r.output, ::testing::Not(HasSubstr("2024-03-02")));
  CommandResult json = Run({"--json", "alerts", "ctl-alerts"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  EXPECT_EQ(nlohmann::json::parse(json.output)["alerts"].size(), 12u);
}

}  // namespace
}  // namespace opmon::testing
