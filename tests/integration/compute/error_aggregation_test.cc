// The error aggregation (services/compute/domain/errors) on pings written
// into the warehouse with plain SQL: hand-worked window rows (every
// measure, the clamps, the experiment fan-out, window boundaries, midnight),
// the incremental pass (new and late pings, the watermark, final days left
// alone), rejections per reason, and a day's rows against the same
// aggregates computed by plain SQL (bench/errors/plain_group_by.sql).
#include <pqxx/pqxx>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/compute/datagen/warehouse_schema.h"
#include "services/compute/domain/errors/error_day_recompute.h"
#include "services/compute/domain/errors/error_loop.h"
#include "services/compute/domain/errors/error_pass.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/source_tree.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::errors {
namespace {

using ::opmon::compute::testing::Query;
using ::opmon::compute::testing::QueryColumn;
using ::opmon::compute::testing::QueryValue;
using ::opmon::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// One warehouse ping as SQL values (NULL or quoted literals).
struct Ping {
  std::string time = "2024-02-10 12:01:00+00";
  std::string channel = "'release'";
  std::string app = "'Firefox'";
  std::string version = "'122.0'";
  std::string build_id = "'20240201000000'";
  std::string os_version = "'10.0.19045.1'";
  std::string experiments = "NULL";
  // main pings
  std::string subsession_length = "NULL";
  std::string subprocess_crashes = "NULL";
  std::string error_counts = "NULL";
  // crash pings
  std::string process_type = "'main'";
  std::string startup_crash = "false";
  std::string ipc_channel_error = "NULL";
};

constexpr char kCommonColumns[] =
    "client_id, submission_timestamp, submission_date, normalized_channel, app_name, app_version, "
    "app_display_version, build_id, normalized_os, normalized_os_version, architecture, country, experiments";

std::string CommonValues(const Ping& p) {
  return absl::StrCat("'c', timestamptz '", p.time, "', (timestamptz '", p.time, "' AT TIME ZONE 'UTC')::date, ",
                      p.channel, ", ", p.app, ", ", p.version, ", ", p.version, ", ", p.build_id,
                      ", 'Windows_NT', ", p.os_version, ", 'x86-64', 'DE', ", p.experiments);
}

class ErrorAggregationTest : public opmon::testing::PgTest {
 protected:
  void SetUp() override {
    Exec(absl::StrCat(std::string(datagen::kCreateSchemaSql), "; DROP TABLE IF EXISTS telemetry.main, telemetry.crash; ",
                      std::string(datagen::SpecOf(datagen::WarehouseTable::kMain).create_sql), "; ",
                      std::string(datagen::SpecOf(datagen::WarehouseTable::kCrash).create_sql),
                      "; TRUNCATE opmon.error_aggregates, opmon.error_sources, opmon.error_final_days, "
                      "opmon.error_rejections; DELETE FROM opmon.data_versions WHERE slug = '@error_aggregates'"));
    pool_ = std::make_unique<pg::Pool>(pg::PoolOptions{.dsn = dsn(), .size = 2});
  }

  static void Exec(const std::string& sql) {
    pqxx::connection c(dsn());
    pqxx::nontransaction tx(c);
    tx.exec(sql);
  }

  static void Main(const Ping& p) {
    Exec(absl::StrCat("INSERT INTO telemetry.main (sample_id, ", kCommonColumns,
                      ", subsession_length, subprocess_crashes, error_counts) VALUES (1, ", CommonValues(p), ", ",
                      p.subsession_length, ", ", p.subprocess_crashes, ", ", p.error_counts, ")"));
  }

  static void Crash(const Ping& p) {
    Exec(absl::StrCat("INSERT INTO telemetry.crash (", kCommonColumns,
                      ", process_type, startup_crash, ipc_channel_error) VALUES (", CommonValues(p), ", ",
                      p.process_type, ", ", p.startup_crash, ", ", p.ipc_channel_error, ")"));
  }

  AggregationOutcome Pass() {
    absl::StatusOr<AggregationOutcome> outcome = RunErrorPass(*pool_, *pool_, ErrorPassOptions{});
    EXPECT_THAT(outcome.status(), IsOk());
    return outcome.value_or(AggregationOutcome{});
  }

  AggregationOutcome Recompute(absl::CivilDay day) {
    absl::StatusOr<AggregationOutcome> outcome = RecomputeErrorDay(*pool_, *pool_, day);
    EXPECT_THAT(outcome.status(), IsOk());
    return outcome.value_or(AggregationOutcome{});
  }

  // "HH:MI experiment/branch count subsessions usage main startup content
  // shutdown gpu plugin gmplugin errors..." per row, population first.
  static std::vector<std::string> Rows(const std::string& where = "true") {
    return QueryColumn(
        dsn(), absl::StrCat("SELECT to_char(window_start AT TIME ZONE 'UTC', 'MM-DD HH24:MI') || ' ' || "
                            "COALESCE(experiment_id || '/' || experiment_branch, '-') || ' ' || concat_ws(',', count, "
                            "subsession_count, round(usage_hours::numeric, 4), main_crashes, startup_crashes, "
                            "content_crashes, content_shutdown_crashes, gpu_crashes, plugin_crashes, "
                            "gmplugin_crashes, browser_shim_usage_blocked, permissions_sql_corrupted, "
                            "defective_permissions_sql_removed, slow_script_notice_count, slow_script_page_count) "
                            "FROM opmon.error_aggregates WHERE ", where,
                            " ORDER BY window_start, experiment_id NULLS FIRST, experiment_branch"));
  }

  static std::string Version() {
    return QueryValue(dsn(),
                      "SELECT COALESCE((SELECT version FROM opmon.data_versions WHERE slug = '@error_aggregates'), 0)");
  }

  std::unique_ptr<pg::Pool> pool_;
};

TEST_F(ErrorAggregationTest, HandWorkedPingsGiveEveryMeasure) {
  Ping main;
  main.subsession_length = "5400";  // 1.5 h
  main.subprocess_crashes = R"('{"content": 7, "gpu": 1, "plugin": 2, "gmplugin": 3}')";
  main.error_counts = R"('{"BROWSER_SHIM_USAGE_BLOCKED": 1, "PERMISSIONS_SQL_CORRUPTED": 2,
      "DEFECTIVE_PERMISSIONS_SQL_REMOVED": 3, "SLOW_SCRIPT_NOTICE_COUNT": 4, "SLOW_SCRIPT_PAGE_COUNT": 5}')";
  Main(main);
  Ping clamped_high;
  clamped_high.subsession_length = "100000";  // 27.8 h -> 25
  Main(clamped_high);
  Ping clamped_low;
  clamped_low.subsession_length = "-60";  // -> 0
  Main(clamped_low);
  Main(Ping{});  // no length: counts, no usage
  Ping crash;
  crash.startup_crash = "true";
  Crash(crash);
  crash.process_type = "NULL";
  crash.startup_crash = "false";
  Crash(crash);
  crash.process_type = "'content'";
  Crash(crash);
  crash.ipc_channel_error = "'ShutDownKill'";
  Crash(crash);
  crash.process_type = "'gpu'";
  crash.ipc_channel_error = "NULL";
  Crash(crash);

  const AggregationOutcome outcome = Recompute(absl::CivilDay(2024, 2, 10));
  EXPECT_EQ(outcome.pings_read, 9);
  EXPECT_EQ(outcome.pings_accepted, 9);
  EXPECT_EQ(outcome.windows_replaced, 288);
  EXPECT_EQ(outcome.rows_written, 1);
  EXPECT_THAT(Rows(), ElementsAre("02-10 12:00 - 9,4,26.5000,2,1,1,1,1,2,3,1,2,3,4,5"));
  EXPECT_EQ(QueryValue(dsn(), "SELECT concat_ws(' ', channel, version, display_version, build_id, application, "
                              "os_name, os_version, architecture, country) FROM opmon.error_aggregates"),
            "release 122.0 122.0 20240201000000 Firefox Windows_NT 10.0.19045 x86-64 DE");
  EXPECT_EQ(QueryValue(dsn(), "SELECT pings_read FROM opmon.error_final_days WHERE day = '2024-02-10'"), "9");
  EXPECT_EQ(Version(), "1");
}

TEST_F(ErrorAggregationTest, PingCountsOnceWithoutExperimentAndOncePerExperiment) {
  Ping p;
  p.subsession_length = "3600";
  p.experiments = R"('{"exp-a": {"branch": "control"}, "exp-b": {"branch": "treatment"}}')";
  Main(p);
  p.experiments = R"('{"exp-a": {"branch": "treatment"}}')";
  Main(p);
  p.experiments = "NULL";
  Main(p);
  Recompute(absl::CivilDay(2024, 2, 10));
  EXPECT_THAT(Rows(), ElementsAre("02-10 12:00 - 3,3,3.0000,0,0,0,0,0,0,0,0,0,0,0,0",
                                  "02-10 12:00 exp-a/control 1,1,1.0000,0,0,0,0,0,0,0,0,0,0,0,0",
                                  "02-10 12:00 exp-a/treatment 1,1,1.0000,0,0,0,0,0,0,0,0,0,0,0,0",
                                  "02-10 12:00 exp-b/treatment 1,1,1.0000,0,0,0,0,0,0,0,0,0,0,0,0"));
  // The population: the rows without experiment.
  EXPECT_EQ(QueryValue(dsn(), "SELECT sum(count) FROM opmon.error_aggregates WHERE experiment_id IS NULL"), "3");
}

TEST_F(ErrorAggregationTest, WindowBoundariesAndMidnight) {
  for (const char* time : {"2024-02-10 12:04:59.999+00", "2024-02-10 12:05:00+00", "2024-02-10 23:59:59.999+00",
                           "2024-02-11 00:00:00+00"}) {
    Ping p;
    p.time = time;
    Main(p);
  }
  const AggregationOutcome outcome = Pass();
  EXPECT_EQ(outcome.pings_read, 4);
  EXPECT_EQ(outcome.windows_replaced, 4);
  EXPECT_THAT(Rows(), ElementsAre("02-10 12:00 - 1,1,0.0000,0,0,0,0,0,0,0,0,0,0,0,0",
                                  "02-10 12:05 - 1,1,0.0000,0,0,0,0,0,0,0,0,0,0,0,0",
                                  "02-10 23:55 - 1,1,0.0000,0,0,0,0,0,0,0,0,0,0,0,0",
                                  "02-11 00:00 - 1,1,0.0000,0,0,0,0,0,0,0,0,0,0,0,0"));
  // The day's recompute replaces its own windows only.
  Exec("DELETE FROM telemetry.main WHERE submission_timestamp < '2024-02-10 12:05:00+00'");
  Recompute(absl::CivilDay(2024, 2, 10));
  EXPECT_THAT(Rows(), ElementsAre("02-10 12:05 - 1,1,0.0000,0,0,0,0,0,0,0,0,0,0,0,0",
                                  "02-10 23:55 - 1,1,0.0000,0,0,0,0,0,0,0,0,0,0,0,0",
                                  "02-11 00:00 - 1,1,0.0000,0,0,0,0,0,0,0,0,0,0,0,0"));
}

TEST_F(ErrorAggregationTest, PassReplacesOnlyWindowsWithNewOrLatePings) {
  Ping p;
  p.time = "2024-02-10 12:01:00+00";
  Main(p);
  p.time = "2024-02-10 12:11:00+00";
  Crash(p);
  AggregationOutcome first = Pass();
  EXPECT_EQ(first.windows_replaced, 2);
  ASSERT_TRUE(first.watermark_us.has_value());
  // The latest ping read, 12:11, minus a minute: the 12:05 window is final.
  EXPECT_EQ(absl::FromUnixMicros(*first.watermark_us),
            absl::FromCivil(absl::CivilSecond(2024, 2, 10, 12, 10, 0), absl::UTCTimeZone()));
  EXPECT_EQ(Version(), "1");

  AggregationOutcome idle = Pass();
  EXPECT_EQ(idle.windows_replaced, 0);
  EXPECT_EQ(idle.pings_read, 0);
  EXPECT_EQ(Version(), "1");

  p.time = "2024-02-10 12:16:00+00";  // new
  Main(p);
  p.time = "2024-02-10 12:02:00+00";  // late, within the bound
  Crash(p);
  AggregationOutcome second = Pass();
  EXPECT_EQ(second.windows_replaced, 2);  // 12:00 and 12:15; 12:10 untouched
  EXPECT_EQ(second.pings_read, 3);
  EXPECT_EQ(Version(), "2");
  EXPECT_THAT(Rows(), ElementsAre("02-10 12:00 - 2,1,0.0000,1,0,0,0,0,0,0,0,0,0,0,0",
                                  "02-10 12:10 - 1,0,0.0000,1,0,0,0,0,0,0,0,0,0,0,0",
                                  "02-10 12:15 - 1,1,0.0000,0,0,0,0,0,0,0,0,0,0,0,0"));
  EXPECT_EQ(QueryValue(dsn(), "SELECT count(DISTINCT read_until) || ' ' || min(read_until AT TIME ZONE 'UTC') "
                              "FROM opmon.error_sources"),
            "1 2024-02-10 12:16:00");
}

TEST_F(ErrorAggregationTest, FinalDayIsLeftToItsRecompute) {
  Ping p;
  Main(p);
  Recompute(absl::CivilDay(2024, 2, 10));
  p.time = "2024-02-10 12:03:00+00";  // arrives after the day was made final
  Main(p);
  p.time = "2024-02-11 00:01:00+00";
  Main(p);
  AggregationOutcome pass = Pass();
  EXPECT_EQ(pass.windows_replaced, 1);  // the new day's window only
  EXPECT_THAT(Rows("window_start < '2024-02-11'"), ElementsAre("02-10 12:00 - 1,1,0.0000,0,0,0,0,0,0,0,0,0,0,0,0"));
  Recompute(absl::CivilDay(2024, 2, 10));
  EXPECT_THAT(Rows("window_start < '2024-02-11'"), ElementsAre("02-10 12:00 - 2,2,0.0000,0,0,0,0,0,0,0,0,0,0,0,0"));
}

TEST_F(ErrorAggregationTest, MalformedPingsAreCountedPerReasonAndNeverFatal) {
  auto with = [](auto change) {
    Ping p;
    change(p);
    return p;
  };
  Main(with([](Ping& p) { p.app = "'Thunderbird'"; }));
  Main(with([](Ping& p) { p.channel = "'Other'"; }));
  Main(with([](Ping& p) { p.channel = "NULL"; }));
  Main(with([](Ping& p) { p.version = "NULL"; }));
  Main(with([](Ping& p) { p.build_id = "'2024'"; }));
  Main(with([](Ping& p) { p.build_id = "'20230101000000'"; }));
  Main(with([](Ping& p) { p.experiments = R"('{"e": "control"}')"; }));
  Main(with([](Ping& p) { p.subprocess_crashes = R"('{"gpu": -2}')"; }));
  Main(with([](Ping& p) { p.error_counts = R"('{"SLOW_SCRIPT_PAGE_COUNT": "many"}')"; }));
  Crash(with([](Ping& p) { p.build_id = "NULL"; }));
  Main(Ping{});
  const AggregationOutcome outcome = Pass();
  EXPECT_EQ(outcome.pings_read, 11);
  EXPECT_EQ(outcome.pings_accepted, 1);
  EXPECT_EQ(outcome.rejected.at(RejectReason::kUnknownApplication), 1);
  EXPECT_EQ(outcome.rejected.at(RejectReason::kUnknownChannel), 2);
  EXPECT_EQ(outcome.rejected.at(RejectReason::kMissingVersion), 1);
  EXPECT_EQ(outcome.rejected.at(RejectReason::kBadBuildId), 2);
  EXPECT_EQ(outcome.rejected.at(RejectReason::kBuildTooOld), 1);
  EXPECT_EQ(outcome.rejected.at(RejectReason::kBadExperiments), 1);
  EXPECT_EQ(outcome.rejected.at(RejectReason::kBadCounts), 2);
  auto rows = Query(dsn(), "SELECT source || ' ' || reason || ' ' || pings FROM opmon.error_rejections "
                           "ORDER BY source, reason");
  ASSERT_THAT(rows.status(), IsOk());
  std::vector<std::string> lines;
  for (const auto& row : *rows) lines.push_back(row[0].value_or(""));
  EXPECT_THAT(lines, ElementsAre("telemetry.crash bad_build_id 1", "telemetry.main bad_build_id 1",
                                 "telemetry.main bad_counts 2", "telemetry.main bad_experiments 1",
                                 "telemetry.main build_too_old 1", "telemetry.main missing_version 1",
                                 "telemetry.main unknown_application 1", "telemetry.main unknown_channel 2"));
  // Read again, the window's pings (accepted and rejected) match: nothing to do.
  EXPECT_EQ(Pass().windows_replaced, 0);
}

TEST_F(ErrorAggregationTest, LoopTickPassesThenRecomputesTheDayBeforeOnce) {
  Ping p;
  Main(p);  // 2024-02-10 12:01
  p.time = "2024-02-11 00:30:00+00";
  Main(p);
  PassLoopTiming timing;
  // Past midnight plus the late bound (1 hour): 2024-02-10 is due.
  timing.now = [] { return absl::FromCivil(absl::CivilSecond(2024, 2, 11, 1, 30, 0), absl::UTCTimeZone()); };
  PassLoop loop(timing, ErrorLoopSteps(*pool_, *pool_, ErrorPassOptions{}));
  loop.Tick();
  EXPECT_EQ(QueryValue(dsn(), "SELECT string_agg(day || ':' || pings_read, ',') FROM opmon.error_final_days"),
            "2024-02-10:1");
  EXPECT_EQ(QueryValue(dsn(), "SELECT sum(count) FROM opmon.error_aggregates WHERE experiment_id IS NULL"), "2");
  const std::string recomputed_at = QueryValue(dsn(), "SELECT recomputed_at FROM opmon.error_final_days");
  loop.Tick();  // the day is done: not recomputed again
  EXPECT_EQ(QueryValue(dsn(), "SELECT recomputed_at FROM opmon.error_final_days"), recomputed_at);
}

// The order the warehouse's scan meets the main pings in (the rows' order
// in the heap), which decides which windows the day's recompute writes
// while still reading (AggregateAndReplace), and what it expects of that.
struct PingOrder {
  std::string name;
  std::string order_by;  // of the INSERT ... SELECT over i (time order)
  int64_t min_written_early, max_written_early;
  int64_t rewritten;
  friend void PrintTo(const PingOrder& order, std::ostream* os) { *os << order.name; }
};

class DayEqualsPlainSqlTest : public ErrorAggregationTest, public ::testing::WithParamInterface<PingOrder> {};

// Many pings with every rule exercised; compute's rows equal plain SQL's
// whatever the order the pings are read in.
TEST_P(DayEqualsPlainSqlTest, OverTheWarehouse) {
  const std::string day = "2024-02-10";
  const std::string series = absl::StrCat(
      "FROM generate_series(0, 2999) i, LATERAL (SELECT timestamptz '", day,
      " 00:00:00+00' + (i * 28.8) * interval '1 second' AS t) ts");
  const std::string common = absl::StrCat(
      "'c' || i, t, (t AT TIME ZONE 'UTC')::date, "
      "(ARRAY['release', 'beta', 'nightly', 'Other', NULL])[1 + i % 5], "
      "CASE WHEN i % 97 = 0 THEN 'Thunderbird' WHEN i % 11 = 0 THEN 'Fennec' ELSE 'Firefox' END, "
      "CASE WHEN i % 89 = 0 THEN NULL ELSE '12' || (i % 3) || '.0' END, '12' || (i % 3) || '.0b' || (i % 4), "
      "(ARRAY['20240201000000', '20240115120000', '20230301000000', '2024', '20240231000000', "
      "'20240209235959'])[1 + (i / 7) % 6], "
      "(ARRAY['Windows_NT', 'Linux', 'Darwin'])[1 + i % 3], "
      "(ARRAY['10.0.19045.3803', '6.1', '22.04 LTS', NULL, 'x'])[1 + i % 5], "
      "(ARRAY['x86-64', 'aarch64', NULL])[1 + i % 3], (ARRAY['DE', 'US', NULL])[1 + (i / 3) % 3], "
      "CASE i % 6 WHEN 0 THEN NULL WHEN 1 THEN '{\"e1\": {\"branch\": \"a\"}}' "
      "WHEN 2 THEN '{\"e1\": {\"branch\": \"b\"}, \"e2\": {\"branch\": \"a\"}}' "
      "WHEN 3 THEN '{\"e3\": \"bad\"}' ELSE '{}' END::jsonb");
  Exec(absl::StrCat(
      "INSERT INTO telemetry.main (client_id, submission_timestamp, submission_date, normalized_channel, app_name, "
      "app_version, app_display_version, build_id, normalized_os, normalized_os_version, architecture, country, "
      "experiments, sample_id, subsession_length, subprocess_crashes, error_counts) SELECT ", common,
      ", 0, CASE WHEN i % 13 = 0 THEN NULL ELSE (i * 37) % 100000 - 500 END, "
      "CASE i % 4 WHEN 0 THEN NULL WHEN 1 THEN '{\"gpu\": 1, \"content\": 2}' "
      "WHEN 2 THEN '{\"plugin\": 3, \"gmplugin\": 1}' ELSE '{\"gpu\": -1}' END::jsonb, "
      "CASE i % 3 WHEN 0 THEN NULL ELSE '{\"SLOW_SCRIPT_NOTICE_COUNT\": 2, \"BROWSER_SHIM_USAGE_BLOCKED\": 1}' "
      "END::jsonb ", series, " ORDER BY ", GetParam().order_by));
  Exec(absl::StrCat(
      "INSERT INTO telemetry.crash (client_id, submission_timestamp, submission_date, normalized_channel, app_name, "
      "app_version, app_display_version, build_id, normalized_os, normalized_os_version, architecture, country, "
      "experiments, process_type, startup_crash, ipc_channel_error) SELECT ", common,
      ", (ARRAY['main', NULL, 'content', 'content', 'gpu', 'plugin'])[1 + i % 6], i % 5 = 0, "
      "CASE WHEN i % 4 = 0 THEN 'ShutDownKill' END ",
      series, " WHERE i % 3 = 0"));
  const AggregationOutcome outcome = Recompute(absl::CivilDay(2024, 2, 10));
  EXPECT_EQ(outcome.pings_read, 4000);
  EXPECT_GT(outcome.pings_accepted, 500);
  EXPECT_GT(outcome.rows_written, 300);
  EXPECT_GE(outcome.windows_written_early, GetParam().min_written_early);
  EXPECT_LE(outcome.windows_written_early, GetParam().max_written_early);
  EXPECT_EQ(outcome.windows_rewritten, GetParam().rewritten);

  const std::string plain_sql = opmon::testing::ReadSourceFile("bench/errors/plain_group_by.sql");
  ASSERT_FALSE(plain_sql.empty());
  // Every row as text, usage rounded (sums in another order differ in the last bits).
  const std::string as_text =
      "SELECT concat_ws('|', to_char(window_start AT TIME ZONE 'UTC', 'HH24:MI'), channel, version, "
      "display_version, build_id, application, os_name, os_version, architecture, country, experiment_id, "
      "experiment_branch, count, subsession_count, round(usage_hours::numeric, 6), main_crashes, startup_crashes, "
      "content_crashes, content_shutdown_crashes, gpu_crashes, plugin_crashes, gmplugin_crashes, "
      "browser_shim_usage_blocked, permissions_sql_corrupted, defective_permissions_sql_removed, "
      "slow_script_notice_count, slow_script_page_count) AS line FROM ";
  pqxx::connection c(dsn());
  pqxx::read_transaction tx(c);
  std::vector<std::string> plain, computed;
  for (const pqxx::row& r : tx.exec_params(absl::StrCat(as_text, "(", plain_sql, ") p ORDER BY 1"), day)) {
    plain.push_back(r[0].as<std::string>());
  }
  for (const pqxx::row& r : tx.exec(absl::StrCat(as_text, "opmon.error_aggregates ORDER BY 1"))) {
    computed.push_back(r[0].as<std::string>());
  }
  EXPECT_EQ(computed.size(), static_cast<size_t>(outcome.rows_written));
  EXPECT_EQ(computed, plain);
}

// 3,000 main pings 28.8 s apart, 10 to a window. PostgreSQL's heap mixes
// rows of different sizes over a few pages (pings up to ~1.6 hours behind a
// newer one here, seconds at real volumes), so windows go some hours behind
// the newest ping: about 250 of the 288 before the read ends.
INSTANTIATE_TEST_SUITE_P(
    ErrorAggregation, DayEqualsPlainSqlTest,
    ::testing::Values(
        PingOrder{.name = "TimeOrder", .order_by = "i", .min_written_early = 200, .max_written_early = 287,
                  .rewritten = 0},
        // Six pings (i = 7, 407, ..., 2007: up to 16:03) arrive after the
        // rest, into windows already written: those go twice.
        PingOrder{.name = "SixLate", .order_by = "i % 400 = 7 AND i < 2400, i", .min_written_early = 200,
                  .max_written_early = 287, .rewritten = 6},
        // Backwards every ping is late: nothing is written before the end.
        PingOrder{.name = "Reversed", .order_by = "i DESC", .min_written_early = 0, .max_written_early = 0,
                  .rewritten = 0},
        // Shuffled: pings hours apart from the start.
        PingOrder{.name = "Shuffled", .order_by = "(i * 7919) % 3001", .min_written_early = 0,
                  .max_written_early = 0, .rewritten = 0}),
    [](const ::testing::TestParamInfo<PingOrder>& order) { return order.param.name; });

}  // namespace
}  // namespace opmon::compute::errors
