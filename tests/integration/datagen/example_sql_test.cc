// The example definitions and projects (deploy/examples/) run against a
// generated warehouse: every metric's select_expression per client, every
// dimension, the events experiments_column, and each project's population
// (branches, boolean_pref) finds the clients it monitors.
#include <pqxx/pqxx>
#include <regex>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/datagen/datagen_run.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/service_process.h"
#include "tests/testing/status_matchers.h"
#include "yaml-cpp/yaml.h"

namespace opmon::testing {
namespace {

constexpr char kDay[] = "'2024-02-20'";

class ExampleSqlTest : public PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    auto result = RunDatagen(dsn(), {"--seed", "3", "--clients", "3000", "--days", "1", "--end-date", "2024-02-20",
                                     "--pings-per-client-mean", "3", "--malformed-rate", "0.01"});
    ASSERT_THAT(result, IsOk());
    ASSERT_EQ(result->exit_code, 0) << result->output;
  }

  static YAML::Node Load(const std::string& relative) { return YAML::LoadFile(SourcePath("deploy/examples/" + relative)); }

  // Expands {{ fn(arg) }} with functions.yaml and {{ parameters.x }}.
  static std::string Expand(std::string sql, const YAML::Node& parameters = YAML::Node()) {
    const YAML::Node functions = Load("definitions/functions.yaml")["functions"];
    const std::regex call(R"(\{\{\s*(\w+)\((.*?)\)\s*\}\})");
    std::smatch m;
    while (std::regex_search(sql, m, call)) {
      std::string body = functions[m[1].str()]["definition"].as<std::string>();
      body = std::regex_replace(body, std::regex(R"(\{select_expr\})"), m[2].str());
      sql = m.prefix().str() + body + m.suffix().str();
    }
    const std::regex param(R"(\{\{\s*parameters\.(\w+)\s*\}\})");
    while (std::regex_search(sql, m, param)) {
      sql = m.prefix().str() + parameters[m[1].str()]["value"].as<std::string>() + m.suffix().str();
    }
    return sql;
  }

  static pqxx::result Query(const std::string& sql) {
    pqxx::connection c(dsn());
    pqxx::nontransaction tx(c);
    return tx.exec(sql);
  }

  // Runs every metric of `metrics` per client; returns how many ran.
  static int CheckMetrics(const YAML::Node& metrics, const YAML::Node& sources, const YAML::Node& parameters) {
    int ran = 0;
    for (const auto& entry : metrics) {
      const std::string name = entry.first.as<std::string>();
      const YAML::Node metric = entry.second;
      if (!metric["select_expression"]) continue;  // a patch of a platform metric
      const std::string source = metric["data_source"].as<std::string>();
      const std::string from = sources[source]["from_expression"].as<std::string>();
      const std::string sql = "SELECT client_id, " + Expand(metric["select_expression"].as<std::string>(), parameters) +
                              " AS value FROM " + from + " AS ds WHERE submission_date = " + kDay +
                              " GROUP BY client_id";
      SCOPED_TRACE(name + ": " + sql);
      pqxx::result rows;
      EXPECT_NO_THROW(rows = Query(sql));
      EXPECT_GT(rows.size(), 100u);
      if (metric["type"] && metric["type"].as<std::string>() == "histogram") {
        for (const auto& row : rows) {
          if (row[1].is_null()) continue;
          EXPECT_EQ(row[1].c_str()[0], '[') << "json_agg gives an array per client";
        }
      }
      ++ran;
    }
    return ran;
  }
};

TEST_F(ExampleSqlTest, EveryPlatformMetricRunsPerClient) {
  const YAML::Node desktop = Load("definitions/firefox_desktop.yaml");
  EXPECT_EQ(CheckMetrics(desktop["metrics"], desktop["data_sources"], YAML::Node()), 11);
}

TEST_F(ExampleSqlTest, CrashMetricsCountTheCrashTable) {
  const YAML::Node desktop = Load("definitions/firefox_desktop.yaml");
  for (const char* metric : {"main_crashes", "content_crashes"}) {
    const std::string expr = desktop["metrics"][metric]["select_expression"].as<std::string>();
    const int64_t per_client_sum = QueryInt(
        dsn(), "SELECT sum(value) FROM (SELECT client_id, " + expr +
                   " AS value FROM telemetry.crash WHERE submission_date = " + kDay + " GROUP BY client_id) c");
    const std::string type = std::string(metric).substr(0, std::string(metric).find('_'));
    EXPECT_EQ(per_client_sum,
              QueryInt(dsn(), "SELECT count(*) FROM telemetry.crash WHERE process_type = '" + type + "'"));
    EXPECT_GT(per_client_sum, 0) << metric;
  }
}

TEST_F(ExampleSqlTest, ProjectDefinedSourcesAndMetricsRun) {
  const YAML::Node desktop = Load("definitions/firefox_desktop.yaml");
  const YAML::Node project = Load("projects/engagement-statistics.yaml");
  YAML::Node sources = YAML::Clone(desktop["data_sources"]);
  for (const auto& s : project["data_sources"]) sources[s.first.as<std::string>()] = s.second;
  EXPECT_EQ(CheckMetrics(project["metrics"], sources, project["parameters"]), 2);  // searches_per_uri, us_sessions
}

TEST_F(ExampleSqlTest, EveryDimensionHasSeveralValues) {
  const YAML::Node desktop = Load("definitions/firefox_desktop.yaml");
  for (const auto& d : desktop["dimensions"]) {
    const std::string expr = d.second["select_expression"].as<std::string>();
    EXPECT_GE(QueryInt(dsn(), "SELECT count(DISTINCT " + expr + ") FROM telemetry.main"), 3) << expr;
  }
}

TEST_F(ExampleSqlTest, EventsExperimentsColumnBuildsTheExperimentsMap) {
  const YAML::Node events = Load("definitions/firefox_desktop.yaml")["data_sources"]["events"];
  const std::string sql = "SELECT count(*) FROM " + events["from_expression"].as<std::string>() +
                          " AS ds WHERE " + events["experiments_column"].as<std::string>() + " ? 'fission-experiment'";
  EXPECT_GT(QueryInt(dsn(), sql), 0);
  EXPECT_GT(QueryInt(dsn(), "SELECT count(*) FROM telemetry.events WHERE event_category = 'memory_watcher'"), 0);
}

TEST_F(ExampleSqlTest, BranchProjectsFindTheirBranchesOnTheirChannel) {
  for (const char* slug : {"fission-experiment", "engagement-statistics"}) {
    const YAML::Node population = Load(std::string("projects/") + slug + ".yaml")["project"]["population"];
    std::set<std::string> expected;
    for (const auto& b : population["branches"]) expected.insert(b.as<std::string>());
    const pqxx::result rows =
        Query(std::string("SELECT experiments->'") + slug + "'->>'branch' AS branch, count(DISTINCT client_id) " +
              "FROM telemetry.main WHERE submission_date = " + kDay + " AND normalized_channel = '" +
              population["channel"].as<std::string>() + "' AND experiments ? '" + slug + "' GROUP BY 1");
    std::set<std::string> found;
    for (const auto& row : rows) {
      found.insert(row[0].c_str());
      EXPECT_GT(row[1].as<int64_t>(), 50) << slug << " " << row[0].c_str();
    }
    EXPECT_EQ(found, expected) << slug;
  }
}

TEST_F(ExampleSqlTest, BooleanPrefSplitsTheReleasePopulation) {
  const YAML::Node population = Load("projects/fission-rollout.yaml")["project"]["population"];
  const std::string pref = population["boolean_pref"].as<std::string>();
  const pqxx::result rows = Query("SELECT " + pref + " AS enabled, count(DISTINCT client_id) FROM telemetry.main " +
                                  "WHERE submission_date = " + kDay + " AND normalized_channel = 'release' GROUP BY 1 ORDER BY 1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_GT(rows[0][1].as<int64_t>(), 300);
  EXPECT_GT(rows[1][1].as<int64_t>(), 300);
  // The pref and the rollout's branch in the experiments map agree.
  EXPECT_EQ(QueryInt(dsn(), "SELECT count(*) FROM telemetry.main WHERE normalized_channel = 'release' AND "
                            "(experiments->'fission-rollout'->>'branch' = 'enabled') IS DISTINCT FROM " + pref),
            0);
}

}  // namespace
}  // namespace opmon::testing
