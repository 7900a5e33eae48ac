// Live events stored through IngestBatch and the warehouse pass, checked
// against hand-worked windows: 5-minute boundaries, every counter and
// alias, the NULL branch, duplicates, search sums, midnight, the day's
// recompute, late warehouse rows within and beyond the bound.
#include <pqxx/pqxx>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/compute/datagen/live_warehouse.h"
#include "services/compute/domain/live/day_recompute.h"
#include "services/compute/domain/live/ingest_batch.h"
#include "services/compute/domain/live/warehouse_pass.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::live {
namespace {

using ::opmon::compute::testing::QueryValue;
using ::opmon::testing::IsOk;
using ::testing::ElementsAre;

RawLiveEvent Event(const std::string& id, const std::string& time, const std::string& experiment,
                   std::optional<std::string> branch, const std::string& event, const std::string& client = "c1",
                   const std::string& channel = "release") {
  RawLiveEvent raw;
  raw.event_id = id;
  raw.submission_timestamp = time;
  raw.client_id = client;
  raw.app = "firefox_desktop";
  raw.channel = channel;
  raw.experiment = experiment;
  raw.branch = std::move(branch);
  raw.event = event;
  return raw;
}

RawLiveEvent Search(const std::string& id, const std::string& time, const std::string& experiment,
                    std::optional<std::string> branch, int64_t searches, int64_t with_ads, int64_t clicks,
                    const std::string& channel = "release") {
  RawLiveEvent raw = Event(id, time, experiment, std::move(branch), "", "c1", channel);
  raw.event.reset();
  raw.search_count = searches;
  raw.search_with_ads_count = with_ads;
  raw.ad_clicks_count = clicks;
  return raw;
}

class LiveStoreTest : public opmon::testing::PgTest {
 protected:
  void SetUp() override { pool_ = std::make_unique<pg::Pool>(pg::PoolOptions{.dsn = dsn(), .size = 2}); }

  BatchOutcome Ingest(const std::vector<RawLiveEvent>& rows) {
    absl::StatusOr<BatchOutcome> outcome = IngestBatch(*pool_, rows);
    EXPECT_THAT(outcome.status(), IsOk());
    return outcome.value_or(BatchOutcome{});
  }

  // "branch channel HH:MI enroll,unenroll,...,validation_failed" per window row.
  static std::vector<std::string> EnrollmentWindows(const std::string& experiment) {
    return opmon::compute::testing::QueryColumn(
        dsn(), absl::StrCat("SELECT COALESCE(branch, 'null') || ' ' || channel || ' ' || "
                            "to_char(window_start AT TIME ZONE 'UTC', 'MM-DD HH24:MI') || ' ' || concat_ws(',', "
                            "enroll, unenroll, graduate, \"update\", enroll_failed, unenroll_failed, update_failed, "
                            "disqualification, exposure, validation_failed) FROM opmon.live_enrollment_windows "
                            "WHERE experiment = '", experiment, "' ORDER BY window_start, branch NULLS FIRST, channel"));
  }

  static std::vector<std::string> SearchWindows(const std::string& experiment) {
    return opmon::compute::testing::QueryColumn(
        dsn(), absl::StrCat("SELECT COALESCE(branch, 'null') || ' ' || to_char(window_start AT TIME ZONE 'UTC', "
                            "'MM-DD HH24:MI') || ' ' || concat_ws(',', search_count, search_with_ads_count, "
                            "ad_clicks_count) FROM opmon.live_search_windows WHERE experiment = '", experiment,
                            "' ORDER BY window_start, branch NULLS FIRST"));
  }

  static std::string LiveVersion() {
    return QueryValue(dsn(), "SELECT COALESCE((SELECT version FROM opmon.data_versions WHERE slug = '@live_windows'), 0)");
  }

  std::unique_ptr<pg::Pool> pool_;
};

TEST_F(LiveStoreTest, SplitsWindowsAtFiveMinuteBoundaries) {
  Ingest({Event("b1", "2024-02-10T12:04:59.999Z", "bounds", "control", "enroll"),
          Event("b2", "2024-02-10T12:05:00Z", "bounds", "control", "enroll"),
          Event("b3", "2024-02-10T12:00:00Z", "bounds", "control", "enroll"),
          Event("b4", "2024-02-10T13:09:59.999+01:00", "bounds", "control", "enroll")});
  EXPECT_THAT(EnrollmentWindows("bounds"), ElementsAre("control release 02-10 12:00 2,0,0,0,0,0,0,0,0,0",
                                                       "control release 02-10 12:05 2,0,0,0,0,0,0,0,0,0"));
}

TEST_F(LiveStoreTest, CountsEveryKindUnderItsCanonicalNameAndItsAliases) {
  const std::vector<std::string> names = {
      "enroll", "unenroll", "graduate", "update", "enroll_failed", "unenroll_failed", "update_failed",
      "disqualification", "exposure", "validation_failed", "enrollment", "unenrollment", "graduation",
      "enrollFailed", "enrollment_failed", "unenrollFailed", "updateFailed", "disqualify", "expose",
      "validationFailed"};
  std::vector<RawLiveEvent> rows;
  for (size_t i = 0; i < names.size(); ++i) {
    rows.push_back(Event(absl::StrCat("k", i), "2024-02-10T08:01:00Z", "kinds", "b", names[i]));
  }
  EXPECT_EQ(Ingest(rows).counts.stored, 20);
  // enroll 2, unenroll 2, graduate 2, update 1, enroll_failed 3,
  // unenroll_failed 2, update_failed 2, disqualification 2, exposure 2,
  // validation_failed 2: 20 events.
  EXPECT_THAT(EnrollmentWindows("kinds"), ElementsAre("b release 02-10 08:00 2,2,2,1,3,2,2,2,2,2"));
}

TEST_F(LiveStoreTest, KeepsTheNullBranchAsItsOwnGroup) {
  Ingest({Event("n1", "2024-02-10T09:00:00Z", "rollout", std::nullopt, "enroll"),
          Event("n2", "2024-02-10T09:01:00Z", "rollout", "control", "enroll"),
          Search("n3", "2024-02-10T09:02:00Z", "rollout", std::nullopt, 4, 1, 0)});
  Ingest({Event("n4", "2024-02-10T09:03:00Z", "rollout", std::nullopt, "unenrollment"),
          Search("n5", "2024-02-10T09:04:00Z", "rollout", std::nullopt, 2, 2, 1)});
  EXPECT_THAT(EnrollmentWindows("rollout"), ElementsAre("null release 02-10 09:00 1,1,0,0,0,0,0,0,0,0",
                                                        "control release 02-10 09:00 1,0,0,0,0,0,0,0,0,0"));
  EXPECT_THAT(SearchWindows("rollout"), ElementsAre("null 02-10 09:00 6,3,1"));
}

TEST_F(LiveStoreTest, CountsARetriedBatchOnce) {
  const std::vector<RawLiveEvent> batch = {Event("d1", "2024-02-10T10:00:00Z", "retried", "a", "enroll"),
                                           Event("d2", "2024-02-10T10:00:01Z", "retried", "a", "enroll"),
                                           Event("d1", "2024-02-10T10:00:00Z", "retried", "a", "enroll")};
  const std::string before = LiveVersion();
  BatchOutcome first = Ingest(batch);
  EXPECT_EQ(first.counts.stored, 2);
  EXPECT_EQ(first.counts.duplicates, 1);
  const std::string after_first = LiveVersion();
  EXPECT_EQ(std::stoll(after_first), std::stoll(before) + 1);
  BatchOutcome again = Ingest(batch);
  EXPECT_EQ(again.counts.stored, 0);
  EXPECT_EQ(again.counts.duplicates, 3);
  EXPECT_EQ(LiveVersion(), after_first);  // nothing new: the cache keeps its series
  EXPECT_THAT(EnrollmentWindows("retried"), ElementsAre("a release 02-10 10:00 2,0,0,0,0,0,0,0,0,0"));
}

TEST_F(LiveStoreTest, SumsSearchRecordsPerBranchWhateverTheChannel) {
  Ingest({Search("s1", "2024-02-10T11:00:00Z", "searches", "t", 3, 2, 1, "release"),
          Search("s2", "2024-02-10T11:04:59Z", "searches", "t", 5, 0, 0, "beta"),
          Search("s3", "2024-02-10T11:05:00Z", "searches", "t", 1, 1, 1, "beta")});
  EXPECT_THAT(SearchWindows("searches"), ElementsAre("t 02-10 11:00 8,2,1", "t 02-10 11:05 1,1,1"));
  EXPECT_THAT(EnrollmentWindows("searches"), ElementsAre());
}

TEST_F(LiveStoreTest, ReportsBadRowsWithoutFailingTheBatch) {
  BatchOutcome outcome = Ingest({Event("r1", "2024-02-10T11:00:00Z", "rows", "a", "enroll"),
                                 Event("r2", "yesterday", "rows", "a", "enroll"),
                                 Event("r3", "2024-02-10T11:00:00Z", "rows", "a", "enrol"),
                                 Event("r4", "2024-02-10T11:00:00Z", "rows", "a", "expose")});
  EXPECT_EQ(outcome.counts.stored, 2);
  EXPECT_EQ(outcome.rejected, 2);
  ASSERT_EQ(outcome.errors.size(), 2u);
  EXPECT_EQ(outcome.errors[0].row, 1);
  EXPECT_THAT(outcome.errors[0].message, ::testing::HasSubstr("submission_timestamp: \"yesterday\""));
  EXPECT_EQ(outcome.errors[1].row, 2);
  EXPECT_THAT(EnrollmentWindows("rows"), ElementsAre("a release 02-10 11:00 1,0,0,0,0,0,0,0,1,0"));
}

TEST_F(LiveStoreTest, SeparatesTheDaysAtMidnight) {
  Ingest({Event("m1", "2024-02-10T23:59:59.999Z", "midnight", "a", "enroll", "client-a"),
          Event("m2", "2024-02-11T00:00:00Z", "midnight", "a", "exposure", "client-a"),
          Event("m3", "2024-02-11T00:00:01Z", "midnight", "a", "enroll", "client-b")});
  EXPECT_THAT(EnrollmentWindows("midnight"), ElementsAre("a release 02-10 23:55 1,0,0,0,0,0,0,0,0,0",
                                                         "a release 02-11 00:00 1,0,0,0,0,0,0,0,1,0"));
  EXPECT_EQ(QueryValue(dsn(), "SELECT string_agg(day::text || ' ' || client_id, ', ' ORDER BY day, client_id) FROM "
                              "opmon.live_daily_clients WHERE experiment = 'midnight'"),
            "2024-02-10 client-a, 2024-02-11 client-a, 2024-02-11 client-b");
}

TEST_F(LiveStoreTest, DayRecomputeReplacesTheDayFromTheStoredEvents) {
  Ingest({Event("x1", "2024-03-01T10:00:00Z", "recompute", "a", "enroll", "c1"),
          Event("x2", "2024-03-01T10:01:00Z", "recompute", std::nullopt, "enrollFailed", "c2"),
          Search("x3", "2024-03-01T10:02:00Z", "recompute", "a", 2, 1, 0),
          Event("x4", "2024-03-02T00:00:00Z", "recompute", "a", "enroll", "c3")});
  const std::vector<std::string> windows = EnrollmentWindows("recompute");
  const std::vector<std::string> searches = SearchWindows("recompute");
  {
    pqxx::connection c(dsn());
    pqxx::work tx(c);
    tx.exec("UPDATE opmon.live_enrollment_windows SET enroll = 99 WHERE experiment = 'recompute'");
    tx.exec("INSERT INTO opmon.live_enrollment_windows (experiment, branch, channel, window_start, enroll) "
            "VALUES ('recompute', 'stray', 'release', '2024-03-01T18:00:00Z', 5)");
    tx.exec("DELETE FROM opmon.live_search_windows WHERE experiment = 'recompute'");
    tx.exec("DELETE FROM opmon.live_daily_clients WHERE experiment = 'recompute'");
    tx.commit();
  }
  const std::string before = LiveVersion();
  absl::StatusOr<RecomputeCounts> counts = RecomputeLiveDay(*pool_, absl::CivilDay(2024, 3, 1));
  ASSERT_THAT(counts.status(), IsOk());
  EXPECT_EQ(counts->events, 3);
  EXPECT_GT(std::stoll(LiveVersion()), std::stoll(before));
  // The day is exact again; the next day's window (still 99) is not its business.
  EXPECT_THAT(EnrollmentWindows("recompute"), ElementsAre("null release 03-01 10:00 0,0,0,0,1,0,0,0,0,0",
                                                          "a release 03-01 10:00 1,0,0,0,0,0,0,0,0,0",
                                                          "a release 03-02 00:00 99,0,0,0,0,0,0,0,0,0"));
  EXPECT_EQ(windows.size(), 3u);
  EXPECT_THAT(SearchWindows("recompute"), ElementsAre(searches[0]));
  EXPECT_EQ(QueryValue(dsn(), "SELECT count(*) FROM opmon.live_daily_clients WHERE experiment = 'recompute'"), "2");
}

class LiveWarehouseTest : public LiveStoreTest {
 protected:
  static void Exec(const std::string& sql) {
    pqxx::connection c(dsn());
    pqxx::work tx(c);
    tx.exec(sql);
    tx.commit();
  }

  static void Insert(const std::string& id, const std::string& time, const std::string& event,
                     const std::string& client = "'c1'") {
    Exec(absl::StrCat("INSERT INTO telemetry.normandy (event_id, submission_timestamp, client_id, app, channel, "
                      "experiment, branch, event) VALUES ('", id, "', '", time, "', ", client,
                      ", 'firefox_desktop', 'release', 'late', 'a', '", event, "')"));
  }

  PassOutcome Pass() {
    PassOptions options;
    options.sources = {kNormandyTable};
    options.late_bound = absl::Minutes(15);
    options.page_rows = 2;  // several pages per pass
    absl::StatusOr<PassOutcome> pass = RunWarehousePass(*pool_, *pool_, options);
    EXPECT_THAT(pass.status(), IsOk());
    return pass.value_or(PassOutcome{});
  }
};

TEST_F(LiveWarehouseTest, ReadsNewRowsOnceAndLateRowsWithinTheBound) {
  Exec(absl::StrCat("CREATE SCHEMA IF NOT EXISTS telemetry; ", datagen::CreateLiveTableSql(kNormandyTable)));
  Insert("w1", "2024-02-10T12:00:10Z", "enroll");
  Insert("w2", "2024-02-10T12:10:00Z", "expose");
  Insert("w0", "2024-02-10T12:00:20Z", "enroll", "NULL");  // malformed: no client
  PassOutcome first = Pass();
  EXPECT_EQ(first.rows_read, 3);
  EXPECT_EQ(first.counts.stored, 2);
  EXPECT_EQ(first.rejected, 1);
  EXPECT_EQ(first.watermark, absl::FromCivil(absl::CivilSecond(2024, 2, 10, 12, 10, 0), absl::UTCTimeZone()));

  Insert("w3", "2024-02-10T11:58:00Z", "enrollment");  // 12 minutes late: within the bound
  Insert("w4", "2024-02-10T11:50:00Z", "enroll");      // 20 minutes late: beyond it
  Insert("w5", "2024-02-10T12:12:00Z", "enroll");
  PassOutcome second = Pass();
  EXPECT_EQ(second.counts.stored, 2);  // w3 and w5; w1, w2 read again are duplicates
  EXPECT_EQ(second.counts.duplicates, 2);
  EXPECT_EQ(Pass().counts.stored, 0);
  EXPECT_THAT(EnrollmentWindows("late"), ElementsAre("a release 02-10 11:55 1,0,0,0,0,0,0,0,0,0",
                                                     "a release 02-10 12:00 1,0,0,0,0,0,0,0,0,0",
                                                     "a release 02-10 12:10 1,0,0,0,0,0,0,0,1,0"));
}

// A table just loaded has no statistics; each page must still be read
// through the time index from its position, not by sorting the rest.
TEST_F(LiveWarehouseTest, PagesOfAnUnanalysedTableAreReadThroughTheTimeIndex) {
  Exec(absl::StrCat("CREATE SCHEMA IF NOT EXISTS telemetry; DROP TABLE IF EXISTS ", kNormandyTable, "; ",
                    datagen::CreateLiveTableSql(kNormandyTable), "; ALTER TABLE ", kNormandyTable,
                    " SET (autovacuum_enabled = false); INSERT INTO ", kNormandyTable,
                    " (event_id, submission_timestamp, client_id, app, channel, experiment, branch, event) "
                    "SELECT 'e' || i, timestamptz '2024-02-10' + i * interval '1 second', 'c' || (i % 977), "
                    "'firefox_desktop', 'release', 'plan', 'a', 'enroll' FROM generate_series(1, 100000) i"));
  pqxx::connection c(dsn());
  pqxx::work tx(c);
  tx.exec(std::string(kWarehousePageSettingsSql));
  tx.exec(absl::StrCat("PREPARE page(timestamptz, timestamptz, text, int) AS ", WarehousePageSql(kNormandyTable)));
  std::string plan;
  for (const pqxx::row& r : tx.exec("EXPLAIN EXECUTE page('-infinity', '2024-02-10 12:00:00+00', 'e43200', 20000)")) {
    absl::StrAppend(&plan, r[0].as<std::string>(), "\n");
  }
  EXPECT_THAT(plan, ::testing::HasSubstr("Index Scan using normandy_submission_timestamp_idx"));
  EXPECT_THAT(plan, ::testing::Not(::testing::HasSubstr("Seq Scan")));
  // The page itself: the next 20,000 rows after e43200, in order.
  const pqxx::result page = tx.exec("EXECUTE page('-infinity', '2024-02-10 12:00:00+00', 'e43200', 20000)");
  ASSERT_EQ(page.size(), 20000u);
  EXPECT_EQ(page[0][0].as<std::string>(), "e43201");
  EXPECT_EQ(page[19999][0].as<std::string>(), "e63200");
  EXPECT_EQ(page[0][1].as<std::string>(), "2024-02-10T12:00:01+00:00");
}

}  // namespace
}  // namespace opmon::compute::live
