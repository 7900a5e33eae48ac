// A warehouse loaded by the real opmon-datagen binary: row counts against its
// report, the heavy client, the injected effects seen with plain SQL, and the
// malformed rows it says it wrote.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/datagen/datagen_run.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::testing {
namespace {

class DatagenWarehouseTest : public PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    auto result = RunDatagen(dsn(), {"--seed", "5", "--clients", "20000", "--days", "2", "--end-date", "2024-02-20",
                                     "--pings-per-client-mean", "3", "--json"});
    ASSERT_THAT(result, IsOk());
    ASSERT_EQ(result->exit_code, 0) << result->output;
    report_ = new nlohmann::json(nlohmann::json::parse(result->output));
  }
  static void TearDownTestSuite() { delete report_; }
  static int64_t ReportedRows(const std::string& table) {
    for (const auto& t : (*report_)["tables"]) {
      if (t["table"] == table) return t["rows"].get<int64_t>();
    }
    return -1;
  }
  static nlohmann::json* report_;
};
nlohmann::json* DatagenWarehouseTest::report_ = nullptr;

TEST_F(DatagenWarehouseTest, TablesHoldTheRowsTheReportCounts) {
  EXPECT_EQ((*report_)["first_date"], "2024-02-19");
  for (const char* table : {"telemetry.main", "telemetry.crash", "telemetry.events"}) {
    const int64_t reported = ReportedRows(table);
    EXPECT_GT(reported, 0) << table;
    EXPECT_EQ(QueryInt(dsn(), std::string("SELECT count(*) FROM ") + table), reported) << table;
  }
  // ~20000 clients x 3 pings x 2 days, plus the heavy client's 10,000+ a day.
  EXPECT_GT(ReportedRows("telemetry.main"), 130000);
  EXPECT_LT(ReportedRows("telemetry.main"), 160000);
  EXPECT_EQ(QueryText(dsn(), "SELECT string_agg(DISTINCT submission_date::text, ',') FROM telemetry.main"),
            "2024-02-19,2024-02-20");
  EXPECT_GT(QueryInt(dsn(), "SELECT count(DISTINCT client_id) FROM telemetry.main"), 17000);  // some send nothing on both days
}

TEST_F(DatagenWarehouseTest, ColumnsHoldWellFormedValues) {
  EXPECT_EQ(QueryInt(dsn(), R"(SELECT count(*) FROM telemetry.main
      WHERE submission_timestamp::date <> submission_date OR sample_id NOT BETWEEN 0 AND 99
         OR build_id !~ '^20[0-9]{12}$' OR client_id !~ '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
         OR normalized_channel NOT IN ('release', 'beta', 'nightly')
         OR normalized_os NOT IN ('Windows_NT', 'Darwin', 'Linux') OR jsonb_typeof(experiments) <> 'object')"),
            0);
  EXPECT_EQ(QueryInt(dsn(), "SELECT count(*) FROM telemetry.crash WHERE process_type NOT IN "
                            "('main', 'content', 'gpu', 'plugin', 'gmplugin')"),
            0);
  // Every crash and event belongs to a client with main pings.
  EXPECT_EQ(QueryInt(dsn(), "SELECT count(*) FROM telemetry.events e WHERE NOT EXISTS "
                            "(SELECT 1 FROM telemetry.main m WHERE m.client_id = e.client_id)"),
            0);
  EXPECT_EQ(QueryInt(dsn(), "SELECT count(*) FROM telemetry.events WHERE experiment IS NULL OR branch IS NULL"), 0);
}

TEST_F(DatagenWarehouseTest, AClientSendsMoreThanTenThousandPingsADay) {
  EXPECT_EQ(QueryInt(dsn(), "SELECT count(*) FROM (SELECT client_id, submission_date FROM telemetry.main "
                            "GROUP BY 1, 2 HAVING count(*) > 10000) heavy"),
            2);  // the one heavy client of 20000, on both days
  EXPECT_LT(QueryInt(dsn(), "SELECT max(n) FROM (SELECT count(*) AS n FROM telemetry.main GROUP BY client_id, "
                            "submission_date HAVING count(*) <= 10000) ordinary"),
            1000);
}

// The median bucket of a histogram column per branch, every client weighing
// 1 (each client's buckets normalised to sum 1), as compute computes it.
std::string MedianBucketsByBranch(const std::string& column, const std::string& slug) {
  return R"(
    WITH pings AS (
      SELECT client_id, experiments->')" + slug + R"('->>'branch' AS branch, )" + column + R"( AS h
        FROM telemetry.main
       WHERE submission_date = '2024-02-20' AND experiments ? ')" + slug + R"('
         AND json_typeof()" + column + R"() = 'object'),
    buckets AS (
      SELECT client_id, branch, e.key::numeric AS bucket, sum(e.value::text::numeric) AS n
        FROM pings, json_each(h->'values') e
       WHERE e.key ~ '^[0-9]+$' AND json_typeof(e.value) = 'number'
       GROUP BY 1, 2, 3),
    mixture AS (
      SELECT branch, bucket, sum(n / client_total) AS w
        FROM (SELECT *, sum(n) OVER (PARTITION BY client_id) AS client_total FROM buckets) b
       WHERE client_total > 0
       GROUP BY 1, 2),
    cumulative AS (
      SELECT branch, bucket, sum(w) OVER (PARTITION BY branch ORDER BY bucket) AS c,
             sum(w) OVER (PARTITION BY branch) AS total
        FROM mixture)
    SELECT string_agg(branch || '=' || median, ',' ORDER BY branch)
      FROM (SELECT branch, min(bucket) AS median FROM cumulative WHERE c >= total / 2 GROUP BY branch) m)";
}

TEST_F(DatagenWarehouseTest, FissionTreatmentFcpMedianIsOneTenPercentBucketHigherInPlainSql) {
  EXPECT_EQ(QueryText(dsn(), MedianBucketsByBranch("perf_first_contentful_paint_ms", "fission-experiment")),
            "control=1009,treatment=1120");
}

TEST_F(DatagenWarehouseTest, GcMsShowsNoFissionEffectInPlainSql) {
  EXPECT_EQ(QueryText(dsn(), MedianBucketsByBranch("gc_ms", "fission-experiment")), "control=29,treatment=29");
}

TEST_F(DatagenWarehouseTest, RolloutEnabledRaisesMemoryAndContentCrashesInPlainSql) {
  EXPECT_EQ(QueryText(dsn(), MedianBucketsByBranch("memory_total", "fission-rollout")),
            "disabled=2485143,enabled=2822556");
  const std::string ratio = QueryText(dsn(), R"(
    WITH pings AS (
      SELECT experiments->'fission-rollout'->>'branch' AS branch, count(*) AS n
        FROM telemetry.main WHERE experiments ? 'fission-rollout' GROUP BY 1),
    crashes AS (
      SELECT experiments->'fission-rollout'->>'branch' AS branch,
             count(*) FILTER (WHERE process_type = 'content') AS content,
             count(*) FILTER (WHERE process_type = 'main') AS main
        FROM telemetry.crash WHERE experiments ? 'fission-rollout' GROUP BY 1)
    SELECT round((e.content::numeric / ep.n) / (d.content::numeric / dp.n), 1) || ',' ||
           round((e.main::numeric / ep.n) / (d.main::numeric / dp.n), 1)
      FROM crashes e, crashes d, pings ep, pings dp
     WHERE e.branch = 'enabled' AND d.branch = 'disabled' AND ep.branch = 'enabled' AND dp.branch = 'disabled')");
  const double content = std::stod(ratio.substr(0, ratio.find(',')));
  const double main = std::stod(ratio.substr(ratio.find(',') + 1));
  EXPECT_NEAR(content, 2.0, 0.4) << ratio;
  EXPECT_NEAR(main, 1.0, 0.4) << ratio;
}

TEST_F(DatagenWarehouseTest, MalformedHistogramsAreTheOnesTheReportCounts) {
  const int64_t reported = (*report_)["malformed_pings"].get<int64_t>();
  const int64_t pings = ReportedRows("telemetry.main");
  EXPECT_GT(reported, 0);
  EXPECT_NEAR(static_cast<double>(reported) / pings, 0.001, 0.0005);
  std::string any_malformed = "FALSE";
  for (const char* column : {"gc_ms", "cycle_collector_max_pause", "perf_first_contentful_paint_ms", "memory_total"}) {
    const std::string c = column;
    any_malformed += " OR json_typeof(" + c + ") = 'string' OR (json_typeof(" + c +
                     ") = 'object' AND EXISTS (SELECT 1 FROM json_each(" + c +
                     "->'values') e WHERE e.key !~ '^[0-9]+$' OR json_typeof(e.value) <> 'number'))";
  }
  EXPECT_EQ(QueryInt(dsn(), "SELECT count(*) FROM telemetry.main WHERE " + any_malformed), reported);
}

}  // namespace
}  // namespace opmon::testing
