// The columns of the crash and error aggregation as the real opmon-datagen
// binary writes them to PostgreSQL: filled on every ping, the crash
// process types, the crash-regressed build seen in plain SQL, and the
// pings to reject, each reason counted by the report and found in SQL.
#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/datagen/datagen_run.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

class DatagenErrorColumnsTest : public PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    auto result = RunDatagen(dsn(), {"--seed", "15", "--clients", "5000", "--days", "3", "--end-date", "2024-02-14",
                                     "--pings-per-client-mean", "5", "--reject-rate", "0.05", "--json"});
    ASSERT_THAT(result, IsOk());
    ASSERT_EQ(result->exit_code, 0) << result->output;
    report_ = new nlohmann::json(nlohmann::json::parse(result->output));
  }
  static void TearDownTestSuite() { delete report_; }
  static int64_t Rejected(const std::string& reason) { return (*report_)["rejected_pings"][reason].get<int64_t>(); }
  static nlohmann::json* report_;
};
nlohmann::json* DatagenErrorColumnsTest::report_ = nullptr;

TEST_F(DatagenErrorColumnsTest, MainPingsCarryEveryErrorColumn) {
  EXPECT_EQ(QueryInt(dsn(), R"(SELECT count(*) FROM telemetry.main
      WHERE app_name IS NULL OR app_display_version IS NULL OR architecture NOT IN ('x86-64', 'x86', 'aarch64')
         OR (normalized_channel = 'beta' AND app_display_version !~ '^[0-9]+\.0b[0-9]+$')
         OR (normalized_channel <> 'beta' AND app_display_version <> app_version))"),
            0);
  const double nulls = std::stod(QueryText(dsn(), "SELECT avg((subsession_length IS NULL)::int) FROM telemetry.main"));
  EXPECT_NEAR(nulls, 0.02, 0.004);
  EXPECT_GT(QueryInt(dsn(), "SELECT count(*) FROM telemetry.main WHERE subsession_length < 0"), 0);
  EXPECT_GT(QueryInt(dsn(), "SELECT count(*) FROM telemetry.main WHERE subsession_length > 25 * 3600"), 0);
  EXPECT_EQ(QueryText(dsn(), "SELECT string_agg(k, ',' ORDER BY k) FROM (SELECT DISTINCT jsonb_object_keys("
                             "subprocess_crashes) AS k FROM telemetry.main) s"),
            "content,gmplugin,gpu,plugin");
  EXPECT_EQ(QueryInt(dsn(), "SELECT count(DISTINCT k) FROM (SELECT jsonb_object_keys(error_counts) AS k "
                            "FROM telemetry.main) s"),
            5);
}

TEST_F(DatagenErrorColumnsTest, CrashPingsCarryProcessTypesStartupAndShutdownKills) {
  // Each query over telemetry.crash and its answer.
  const std::pair<std::string, std::string> kAnswers[] = {
      {"SELECT string_agg(DISTINCT process_type, ',') FROM telemetry.crash", "content,gmplugin,gpu,main,plugin"},
      {"SELECT string_agg(DISTINCT process_type, ',') FROM telemetry.crash WHERE startup_crash", "main"},
      {"SELECT string_agg(DISTINCT process_type || ':' || ipc_channel_error, ',') FROM telemetry.crash "
       "WHERE ipc_channel_error IS NOT NULL",
       "content:ShutDownKill"},
      {"SELECT count(*) FROM telemetry.crash WHERE startup_crash IS NULL OR architecture IS NULL OR country IS NULL "
       "OR normalized_os_version IS NULL OR app_name IS NULL",
       "0"},
  };
  for (const auto& [sql, answer] : kAnswers) EXPECT_EQ(QueryText(dsn(), sql), answer) << sql;
}

TEST_F(DatagenErrorColumnsTest, TheCrashRegressedBuildHasAboutThreeTimesTheMainCrashesPerPing) {
  const double ratio = std::stod(QueryText(dsn(), R"(
    WITH pings AS (SELECT build_id = '20240202142208' AS crashy, count(*) AS n FROM telemetry.main
                    WHERE normalized_channel = 'release' GROUP BY 1),
         crashes AS (SELECT build_id = '20240202142208' AS crashy, count(*) AS n FROM telemetry.crash
                      WHERE normalized_channel = 'release' AND process_type = 'main' GROUP BY 1)
    SELECT (c1.n::float8 / p1.n) / (c0.n::float8 / p0.n)
      FROM pings p1, pings p0, crashes c1, crashes c0
     WHERE p1.crashy AND c1.crashy AND NOT p0.crashy AND NOT c0.crashy)"));
  EXPECT_GT(ratio, 2.0);
  EXPECT_LT(ratio, 4.5);
}

TEST_F(DatagenErrorColumnsTest, EveryRejectReasonIsInTheWarehouseAsOftenAsTheReportSays) {
  const nlohmann::json& rejected = (*report_)["rejected_pings"];
  EXPECT_EQ(rejected.size(), 7u);
  for (const auto& [reason, n] : rejected.items()) EXPECT_GT(n.get<int64_t>(), 0) << reason;
  // Each reason and the SQL that counts its pings in the warehouse.
  const std::pair<std::string, std::string> kFoundBy[] = {
      {"unknown_application", "SELECT (SELECT count(*) FROM telemetry.main WHERE app_name <> 'Firefox') + "
                              "(SELECT count(*) FROM telemetry.crash WHERE app_name <> 'Firefox')"},
      {"bad_counts", R"(SELECT count(*) FROM telemetry.main m WHERE EXISTS (
      SELECT 1 FROM jsonb_each(coalesce(m.subprocess_crashes, '{}') || coalesce(m.error_counts, '{}')) e
       WHERE jsonb_typeof(e.value) <> 'number' OR e.value::text !~ '^[0-9]+$'))"},
      {"unknown_channel",
       "SELECT count(*) FROM telemetry.crash WHERE normalized_channel NOT IN ('release', 'beta', 'nightly')"},
      {"bad_build_id", "SELECT count(*) FROM telemetry.crash WHERE build_id IS NULL OR build_id !~ '^[0-9]{14}$'"},
      {"build_too_old", "SELECT count(*) FROM telemetry.crash WHERE build_id ~ '^[0-9]{14}$' AND ("
                        "to_date(left(build_id, 8), 'YYYYMMDD') < submission_date - interval '6 months' OR "
                        "to_date(left(build_id, 8), 'YYYYMMDD') > submission_date)"},
      {"missing_version", "SELECT count(*) FROM telemetry.crash WHERE app_version IS NULL"},
      {"bad_experiments", "SELECT count(*) FROM telemetry.crash c WHERE EXISTS (SELECT 1 FROM "
                          "jsonb_each(c.experiments) e WHERE jsonb_typeof(e.value) <> 'object' "
                          "OR NOT e.value ? 'branch')"},
  };
  for (const auto& [reason, sql] : kFoundBy) EXPECT_EQ(QueryInt(dsn(), sql), Rejected(reason)) << reason;
}

}  // namespace
}  // namespace opmon::testing
