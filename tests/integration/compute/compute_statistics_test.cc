// The statistics opmon-compute stores equal an independent computation in
// plain SQL over the same warehouse: count, sum, mean and total_ratio,
// quantiles and exact scalar percentiles (percentile_disc), histogram
// percentile points (the lookup over the same normalised buckets), for both
// x-axes, with dimensions and group_by_dimension; re-running a day gives
// identical rows; malformed values are counted, heavy clients dropped.

#include <cmath>
#include <map>
#include <optional>
#include <string>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/projects/stored_projects.h"
#include "common/results/branch_labels.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/integration/compute/small_warehouse.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::testing {
namespace {

using ::testing::HasSubstr;

using KeyedMap = std::map<std::string, std::optional<std::string>>;

// key → value from a two-column query.
KeyedMap KeyedValues(const std::string& dsn, const std::string& sql) {
  KeyedMap out;
  auto rows = Query(dsn, sql);
  EXPECT_THAT(rows, IsOk());
  if (!rows.ok()) return out;
  for (const auto& r : *rows) out[r[0].value_or("")] = r[1];
  return out;
}

double Number(const std::optional<std::string>& text) { return text ? std::stod(*text) : NAN; }

// Every key of `expected` has the same number in `stored` (a missing one reads
// as NaN); failures name `what` and the key.
void ExpectSameNumbers(KeyedMap stored, const KeyedMap& expected, const std::string& what = "") {
  for (const auto& [key, value] : expected) EXPECT_DOUBLE_EQ(Number(stored[key]), Number(value)) << what << key;
}

// Expected points of a histogram metric's percentiles per group: the first
// bucket whose cumulative share of the group's normalised mass reaches p
// (numeric arithmetic), with the next answer allowed only where the share
// sits within 1e-9 of p (floating-point ties).
struct PointRange {
  double low;
  double high;
};

std::map<std::string, PointRange> HistogramPoints(const std::string& dsn, const std::string& clients_sql,
                                                  const std::string& rows_sql, const std::string& column,
                                                  const std::string& group_key, const std::string& percentiles) {
  const std::string sql = absl::StrCat(
      "WITH clients AS (", clients_sql, "),\n",
      "pings AS (SELECT r.client_id, ", group_key == "build" ? "r.build_id" : "''::text",
      " AS build, kv.key::float8 AS k, kv.value::numeric AS v FROM (", rows_sql, ") r, json_each_text(r.", column,
      " -> 'values') kv WHERE r.", column, " IS NOT NULL AND r.client_id <> 'bad'),\n",
      "per_client AS (SELECT client_id, build, k, sum(v) AS v FROM pings GROUP BY 1, 2, 3),\n",
      "totals AS (SELECT client_id, build, sum(v) AS t FROM per_client GROUP BY 1, 2 HAVING sum(v) > 0),\n",
      "norm AS (SELECT c.grp, pc.k, pc.v / t.t AS m FROM per_client pc JOIN totals t USING (client_id, build)"
      " JOIN clients c ON c.client_id = pc.client_id AND c.build IS NOT DISTINCT FROM pc.build),\n",
      "grp AS (SELECT grp, k, sum(m) AS m FROM norm GROUP BY 1, 2),\n",
      "cum AS (SELECT grp, k, sum(m) OVER (PARTITION BY grp ORDER BY k) / sum(m) OVER (PARTITION BY grp) AS f FROM grp)\n",
      "SELECT grp || '|' || p, min(k) FILTER (WHERE f >= p / 100.0 - 1e-9), min(k) FILTER (WHERE f >= p / 100.0 + 1e-9)"
      " FROM cum, unnest(ARRAY[", percentiles, "]) AS p GROUP BY grp, p");
  std::map<std::string, PointRange> out;
  auto rows = Query(dsn, sql);
  EXPECT_THAT(rows, IsOk());
  if (!rows.ok()) return out;
  for (const auto& r : *rows) out[*r[0]] = {Number(r[1]), Number(r[2])};
  return out;
}

// Every stored percentile point is one of the two its key's PointRange allows.
void ExpectPointsInRange(KeyedMap stored, const std::map<std::string, PointRange>& points) {
  for (const auto& [key, range] : points) {
    const double point = Number(stored[key]);
    EXPECT_TRUE(point == range.low || point == range.high) << key << ": " << point << " not in {" << range.low
                                                           << ", " << range.high << "}";
  }
}

class ComputeStatisticsTest : public ComputeTest {
 protected:
  static void SetUpTestSuite() {
    ComputeTest::SetUpTestSuite();
    StoreProjectYaml(database(), "scalar-percentiles", R"(
project:
  platform: firefox_desktop
  start_date: 2024-02-01
  skip_default_metrics: true
  metrics: [uri_count, search_count]
  population: {data_source: main, channel: beta, monitor_entire_population: true, dimensions: [os]}
metrics:
  uri_count:
    statistics:
      percentile: {percentiles: [10, 50, 90]}
  search_count:
    statistics:
      count: {}
      quantile: {number_of_quantiles: 4, quantile: 3}
)");
    service_ = StartCompute().release();
  }
  static void TearDownTestSuite() {
    delete service_;
    service_ = nullptr;
  }
  static opmon::testing::ServiceProcess& service() { return *service_; }

  // RunProject(wait) of `slug` on `date` through the suite's service.
  static v1::Job Run(const std::string& slug, const std::string& date = kLastDay) {
    return RunAndWait(*Stub(service()), slug, date);
  }

  // statistic rows of a project as "dims|branch|parameter" → point.
  static KeyedMap Stored(const std::string& table, const std::string& key, const std::string& metric,
                         const std::string& statistic) {
    return KeyedValues(dsn(), absl::StrCat("SELECT ", key, ", point FROM opmon_results.", table,
                                           "_statistics WHERE submission_date = '", kLastDay, "' AND metric = '",
                                           metric, "' AND statistic = '", statistic, "'"));
  }

  static opmon::testing::ServiceProcess* service_;
};

opmon::testing::ServiceProcess* ComputeStatisticsTest::service_ = nullptr;

constexpr char kNightlyRows[] =
    "SELECT * FROM telemetry.main WHERE submission_date = '2024-02-10' AND normalized_channel = 'nightly'";

TEST_F(ComputeStatisticsTest, ExperimentMeansAndHistogramPercentilesEqualSql) {
  const v1::Job job = Run("fission-experiment");
  ASSERT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED) << job.error() << service().Log();

  const std::string clients = absl::StrCat(
      "SELECT * FROM (SELECT client_id, ''::text AS build, min(normalized_os) || '|' || "
      "min(experiments -> 'fission-experiment' ->> 'branch') AS grp, COALESCE(sum(uri_count), 0) AS uri, "
      "min(experiments -> 'fission-experiment' ->> 'branch') AS branch FROM (", kNightlyRows,
      ") r GROUP BY client_id HAVING count(*) <= 10000) c WHERE branch IN ('control', 'treatment')");

  // The population: one per-client row per enrolled nightly client, the heavy one dropped.
  EXPECT_EQ(QueryValue(dsn(), absl::StrCat("SELECT count(*) FROM opmon_results.fission_experiment WHERE "
                                           "submission_date = '2024-02-10'")),
            QueryValue(dsn(), absl::StrCat("SELECT count(*) FROM (", clients, ") x")));
  EXPECT_EQ(QueryValue(dsn(), "SELECT count(*) FROM opmon_results.fission_experiment WHERE client_id = 'heavy'"), "0");

  // mean of a scalar per (os, branch).
  auto expected_means = KeyedValues(dsn(), absl::StrCat("SELECT grp, avg(uri)::float8 FROM (", clients, ") c GROUP BY 1"));
  auto stored_means = Stored("fission_experiment", "os || '|' || branch", "uri_count", "mean");
  ASSERT_EQ(stored_means.size(), expected_means.size());
  ASSERT_EQ(expected_means.size(), 6u);  // 3 OS x 2 branches
  ExpectSameNumbers(stored_means, expected_means);

  // Histogram percentile points per (os, branch).
  auto points = HistogramPoints(dsn(), clients, kNightlyRows, "gc_ms", "day", "25, 50, 75, 95");
  auto stored = Stored("fission_experiment", "os || '|' || branch || '|' || parameter", "gc_ms", "percentile");
  ASSERT_EQ(points.size(), 24u);
  ASSERT_EQ(stored.size(), points.size());
  ExpectPointsInRange(stored, points);

  // Each client's stored histogram is its merged histogram: every ping's
  // counts summed per bucket (computed here in SQL from the raw pings).
  const std::string merged = absl::StrCat(
      "WITH expected AS (SELECT r.client_id, kv.key::float8 AS k, sum(kv.value::numeric) AS v FROM (", kNightlyRows,
      ") r, json_each_text(r.gc_ms -> 'values') kv WHERE r.gc_ms IS NOT NULL AND r.client_id <> 'bad' GROUP BY 1, 2),\n"
      "stored AS (SELECT o.client_id, kv.key::float8 AS k, kv.value::numeric AS v FROM opmon_results.fission_experiment o,"
      " json_each_text(o.gc_ms) kv WHERE o.submission_date = '2024-02-10'),\n"
      "population AS (SELECT DISTINCT client_id FROM opmon_results.fission_experiment WHERE submission_date = '2024-02-10')\n"
      "SELECT count(*) FILTER (WHERE e.v IS DISTINCT FROM s.v) || '|' || (count(s.v) > 50)::text FROM "
      "(SELECT e.* FROM expected e JOIN population USING (client_id)) e FULL JOIN stored s USING (client_id, k)");
  EXPECT_EQ(QueryValue(dsn(), merged), "0|true");

  // The malformed histogram is counted with a sample; the job still succeeded.
  ASSERT_EQ(job.malformed_size(), 1);
  EXPECT_EQ(job.malformed(0).metric(), "gc_ms");
  EXPECT_EQ(job.malformed(0).count(), 1);
  ASSERT_EQ(job.malformed(0).samples_size(), 1);
  EXPECT_THAT(job.malformed(0).samples(0), HasSubstr("\"x\""));
}

TEST_F(ComputeStatisticsTest, CountSumMeanQuantileAndTotalRatioEqualSql) {
  const v1::Job job = Run("engagement-statistics");
  ASSERT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED) << job.error();
  const std::string clients =
      "SELECT * FROM (SELECT client_id, min(normalized_os) || '|' || min(normalized_channel) || '|' || "
      "min(experiments -> 'engagement-statistics' ->> 'branch') AS grp, "
      "min(experiments -> 'engagement-statistics' ->> 'branch') AS branch, "
      "COALESCE(sum(search_count), 0) AS s, COALESCE(sum(uri_count), 0) AS u FROM telemetry.main "
      "WHERE submission_date = '2024-02-10' AND normalized_channel = 'beta' GROUP BY client_id "
      "HAVING count(*) <= 10000) c WHERE branch IN ('control', 'treatment')";
  const std::string key = "os || '|' || channel || '|' || branch";
  auto expect_equal = [&](const std::string& sql_aggregate, const std::string& metric, const std::string& statistic) {
    auto expected = KeyedValues(dsn(), absl::StrCat("SELECT grp, (", sql_aggregate, ")::float8 FROM (", clients,
                                                    ") c GROUP BY 1"));
    auto stored = Stored("engagement_statistics", key, metric, statistic);
    ASSERT_EQ(stored.size(), expected.size()) << metric << " " << statistic;
    ASSERT_GE(expected.size(), 4u);
    ExpectSameNumbers(stored, expected, absl::StrCat(metric, " ", statistic, " "));
  };
  expect_equal("count(s)", "search_count", "count");
  expect_equal("sum(s)", "search_count", "sum");
  expect_equal("avg(s)", "search_count", "mean");
  expect_equal("sum(s)::float8 / sum(u)", "searches_per_uri", "total_ratio");
  // quantile 19 of 20: the ceil(n * 19 / 20)-th smallest value.
  expect_equal("(array_agg(s ORDER BY s))[ceil(count(*) * 19 / 20.0)::int]", "search_count", "quantile");
  EXPECT_EQ(QueryValue(dsn(), "SELECT DISTINCT parameter FROM opmon_results.engagement_statistics_statistics "
                              "WHERE statistic = 'total_ratio'"),
            "uri_count");
}

TEST_F(ComputeStatisticsTest, ExactScalarPercentilesEqualPercentileDisc) {
  const v1::Job job = Run("scalar-percentiles");
  ASSERT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED) << job.error();
  auto expected = KeyedValues(dsn(),
      "SELECT os || '|active|' || p, (percentile_disc(p / 100.0) WITHIN GROUP (ORDER BY u))::float8 FROM "
      "(SELECT client_id, min(normalized_os) AS os, COALESCE(sum(uri_count), 0) AS u FROM telemetry.main "
      "WHERE submission_date = '2024-02-10' AND normalized_channel = 'beta' GROUP BY client_id "
      "HAVING count(*) <= 10000) c, unnest(ARRAY[10, 50, 90]) AS p GROUP BY os, p");
  auto stored = Stored("scalar_percentiles", "os || '|' || branch || '|' || parameter", "uri_count", "percentile");
  ASSERT_EQ(expected.size(), 9u);
  ASSERT_EQ(stored.size(), expected.size());
  ExpectSameNumbers(stored, expected);
}

TEST_F(ComputeStatisticsTest, WholePopulationWithDimensionsAndSecondSourceEqualsSql) {
  const v1::Job job = Run("desktop-health");
  ASSERT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED) << job.error();
  const std::string clients =
      "SELECT client_id, min(normalized_os) || '|' || min(country) || '|active' AS grp, "
      "COALESCE(sum(search_count), 0) AS s FROM telemetry.main WHERE submission_date = '2024-02-10' "
      "AND normalized_channel = 'release' GROUP BY client_id HAVING count(*) <= 10000";
  const std::string key = "os || '|' || country || '|' || branch";
  auto searches = KeyedValues(dsn(), absl::StrCat("SELECT grp, sum(s)::float8 FROM (", clients, ") c GROUP BY 1"));
  auto stored = Stored("desktop_health", key, "search_count", "sum");
  ASSERT_EQ(searches.size(), 12u);  // 3 OS x 4 countries
  ASSERT_EQ(stored.size(), searches.size());
  ExpectSameNumbers(stored, searches);

  auto crashes = KeyedValues(dsn(), absl::StrCat(
      "SELECT grp, sum(mc)::float8 FROM (", clients, ") c LEFT JOIN (SELECT client_id, count(*) FILTER "
      "(WHERE process_type = 'main') AS mc FROM telemetry.crash WHERE submission_date = '2024-02-10' GROUP BY 1) x "
      "USING (client_id) GROUP BY 1"));
  auto stored_crashes = Stored("desktop_health", key, "main_crashes", "sum");
  ASSERT_EQ(stored_crashes.size(), crashes.size());
  for (const auto& [k, v] : crashes) {
    if (!v) {
      EXPECT_FALSE(stored_crashes[k].has_value()) << k;
    } else {
      EXPECT_DOUBLE_EQ(Number(stored_crashes[k]), Number(v)) << k;
    }
  }
  // group_by_dimension reaches the dashboards: they read the stored project.
  pqxx::connection conn(dsn());
  pqxx::read_transaction tx(conn);
  absl::StatusOr<projects::StoredProject> stored_project = projects::ReadLatestProject(tx, "desktop-health");
  ASSERT_THAT(stored_project, IsOk());
  std::vector<std::string> dimensions;
  for (const config::Dimension& d : stored_project->project.dimensions) dimensions.push_back(d.name);
  EXPECT_EQ(absl::StrCat(stored_project->project.population.group_by_dimension.value_or(""), " ",
                         absl::StrJoin(dimensions, ","), " ",
                         absl::StrJoin(results::ProjectBranches(stored_project->project), ",")),
            "os os,country active");
}

TEST_F(ComputeStatisticsTest, BuildIdAxisReadsFourteenDaysPerBuild) {
  const v1::Job job = Run("nightly-build-over-build");
  ASSERT_EQ(job.state(), v1::JOB_STATE_SUCCEEDED) << job.error();
  const std::string rows =
      "SELECT * FROM telemetry.main WHERE submission_date BETWEEN date '2024-02-10' - 13 AND '2024-02-10' "
      "AND normalized_channel = 'nightly' AND client_id NOT IN (SELECT client_id FROM telemetry.main "
      "WHERE normalized_channel = 'nightly' GROUP BY client_id, submission_date HAVING count(*) > 10000)";
  const std::string pairs = absl::StrCat(
      "SELECT client_id, build_id AS build, build_id || '|' || min(normalized_os) AS grp FROM (", rows,
      ") r WHERE build_id IS NOT NULL AND left(build_id, 8) >= '20240128' GROUP BY client_id, build_id");
  EXPECT_EQ(QueryValue(dsn(), "SELECT count(*) FROM opmon_results.nightly_build_over_build "
                              "WHERE submission_date = '2024-02-10'"),
            QueryValue(dsn(), absl::StrCat("SELECT count(*) FROM (", pairs, ") p")));
  EXPECT_GT(std::stoi(QueryValue(dsn(), "SELECT count(DISTINCT build_id) FROM "
                                        "opmon_results.nightly_build_over_build_statistics")),
            3);
  auto points = HistogramPoints(dsn(), pairs, rows, "gc_ms", "build", "50, 95");
  auto stored = Stored("nightly_build_over_build", "build_id || '|' || os || '|' || parameter", "gc_ms", "percentile");
  ASSERT_GT(points.size(), 10u);
  ASSERT_EQ(stored.size(), points.size());
  ExpectPointsInRange(stored, points);
}

TEST_F(ComputeStatisticsTest, RerunningADayGivesIdenticalRows) {
  const std::string dump =
      "SELECT string_agg(concat_ws(',', submission_date, build_id, os, branch, metric, statistic, parameter, "
      "point, lower, upper), E'\\n' ORDER BY metric, statistic, os, branch, parameter) "
      "FROM opmon_results.fission_rollout_statistics WHERE submission_date = '2024-02-09'";
  const std::string clients = "SELECT string_agg(client_id || memory_total::text, ',' ORDER BY client_id) FROM "
                              "opmon_results.fission_rollout WHERE submission_date = '2024-02-09'";
  ASSERT_EQ(Run("fission-rollout", "2024-02-09").state(), v1::JOB_STATE_SUCCEEDED);
  std::string first = QueryValue(dsn(), dump);
  std::string first_clients = QueryValue(dsn(), clients);
  std::string version = QueryValue(dsn(), "SELECT version FROM opmon.data_versions WHERE slug = 'fission-rollout'");
  ASSERT_FALSE(first.empty());
  ASSERT_EQ(Run("fission-rollout", "2024-02-09").state(), v1::JOB_STATE_SUCCEEDED);
  EXPECT_EQ(QueryValue(dsn(), dump), first);
  EXPECT_EQ(QueryValue(dsn(), clients), first_clients);
  EXPECT_EQ(std::stoi(QueryValue(dsn(), "SELECT version FROM opmon.data_versions WHERE slug = 'fission-rollout'")),
            std::stoi(version) + 1);
  // enabled/disabled from the boolean pref; clients with a NULL pref are left out.
  EXPECT_EQ(QueryValue(dsn(), "SELECT string_agg(DISTINCT branch, ',') FROM opmon_results.fission_rollout"),
            "disabled,enabled");
}

// Per-client histograms are json (the text compute writes); tables created
// when they were jsonb keep working, and both hold the same values.
TEST_F(ComputeStatisticsTest, PerClientHistogramsAreJsonAndOlderJsonbTablesStillTakeADay) {
  const std::string project = R"(
project:
  platform: firefox_desktop
  start_date: 2024-02-01
  skip_default_metrics: true
  metrics: [gc_ms]
  population: {data_source: main, channel: nightly, monitor_entire_population: true}
)";
  StoreProjectYaml(database(), "layout-json", project);
  StoreProjectYaml(database(), "layout-jsonb", project);
  ASSERT_TRUE(opmon::testing::SharedPgCluster()
                  .Exec(database(), "CREATE SCHEMA IF NOT EXISTS opmon_results; CREATE TABLE opmon_results.layout_jsonb "
                                    "(submission_date date NOT NULL, build_id text, client_id text, branch text, "
                                    "gc_ms jsonb)")
                  .ok());
  ASSERT_EQ(Run("layout-json").state(), v1::JOB_STATE_SUCCEEDED);
  ASSERT_EQ(Run("layout-jsonb").state(), v1::JOB_STATE_SUCCEEDED) << service().Log();
  auto type = [](const std::string& table) {
    return absl::StrCat("SELECT format_type(atttypid, atttypmod) || ' ' || attcompression::text FROM pg_attribute "
                        "WHERE attrelid = 'opmon_results.", table, "'::regclass AND attname = 'gc_ms'");
  };
  EXPECT_EQ(QueryValue(dsn(), type("layout_json")), "json l");
  EXPECT_EQ(QueryValue(dsn(), type("layout_jsonb")), "jsonb ");
  EXPECT_EQ(QueryValue(dsn(), "SELECT reloptions::text FROM pg_class WHERE oid = 'opmon_results.layout_json'::regclass"),
            "{toast_tuple_target=8160}");
  auto values = [](const std::string& table) {
    return absl::StrCat("SELECT count(*) || '|' || md5(string_agg(client_id || (gc_ms::jsonb)::text, ',' "
                        "ORDER BY client_id)) FROM opmon_results.", table, " WHERE gc_ms::jsonb <> '{}'::jsonb");
  };
  const std::string stored = QueryValue(dsn(), values("layout_json"));
  EXPECT_NE(stored.substr(0, 2), "0|");
  EXPECT_EQ(QueryValue(dsn(), values("layout_jsonb")), stored);
}

TEST_F(ComputeStatisticsTest, PreviewOfAllClientsEqualsTheStoredRun) {
  ASSERT_EQ(Run("desktop-health", "2024-02-08").state(), v1::JOB_STATE_SUCCEEDED);
  auto stub = Stub(service());
  v1::PreviewResponse response;
  ASSERT_TRUE(
      Rpc(*stub, &v1::ComputeService::Stub::Preview, PreviewOf("desktop-health", "2024-02-08"), &response).ok());
  EXPECT_EQ(std::to_string(response.rows_size()),
            QueryValue(dsn(), "SELECT count(*) FROM opmon_results.desktop_health_statistics "
                              "WHERE submission_date = '2024-02-08'"));
  int compared = 0;
  for (const auto& row : response.rows()) {
    if (row.metric() != "search_count") continue;
    std::string stored = QueryValue(dsn(), absl::StrCat(
        "SELECT point FROM opmon_results.desktop_health_statistics WHERE submission_date = '2024-02-08' AND "
        "metric = 'search_count' AND os = '", row.dimensions(0).value(), "' AND country = '",
        row.dimensions(1).value(), "'"));
    EXPECT_DOUBLE_EQ(row.point(), std::stod(stored));
    ++compared;
  }
  EXPECT_EQ(compared, 12);
  // A 10% sample reads fewer clients.
  v1::PreviewResponse sampled;
  ASSERT_TRUE(
      Rpc(*stub, &v1::ComputeService::Stub::Preview, PreviewOf("desktop-health", "2024-02-08", 10), &sampled).ok());
  EXPECT_GT(sampled.clients(), 0);
  EXPECT_LT(sampled.clients(), response.clients() / 5);
}

}  // namespace
}  // namespace opmon::compute::testing
