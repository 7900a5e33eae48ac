// The legacy import against real PostgreSQL: a real pg_dump --format
// directory dump and the live source database, compared row by row with the
// source in plain SQL; re-import idempotence; filters; malformed input
// (truncated toc.dat, unknown dump version, bad gzip, wrong column count,
// non-numeric array), where a bad row refuses its whole day and only it.
#include <filesystem>
#include <fstream>
#include <iterator>

#include <zlib.h>

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/compute/domain/legacy/database_source.h"
#include "services/compute/domain/legacy/dump_directory_source.h"
#include "services/compute/domain/job_store.h"
#include "services/compute/domain/legacy/legacy_import_jobs.h"
#include "services/compute/domain/legacy/legacy_importer.h"
#include "tests/integration/compute/legacy_source.h"
#include "tests/testing/scratch_dir.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::legacy {
namespace {

using ::opmon::compute::testing::ExpectedLegacyRows;
using ::opmon::compute::testing::QueryValue;
using ::opmon::compute::testing::StoredLegacyRows;
using ::opmon::testing::ScratchDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

class LegacyImportTest : public opmon::testing::PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    source_ = new testing::LegacySourceFixture(testing::MakeLegacySource(cluster(), database()));
  }
  static void TearDownTestSuite() {
    delete source_;
    source_ = nullptr;
  }

  void SetUp() override {
    pool_ = std::make_unique<pg::Pool>(pg::PoolOptions{.dsn = dsn(), .size = 2});
    ASSERT_TRUE(cluster().Exec(database(), "TRUNCATE opmon.legacy_aggregates, opmon.legacy_imports").ok());
  }

  static std::string SourceDsn() { return cluster().Dsn(source_->database); }
  static std::string Dump(const std::string& name) { return source_->Dump(name); }

  // A copy of the compressed dump that a test may damage.
  std::string CopyOfDump() {
    scratch_ = ScratchDir::Create("legacy-damaged").value();
    const std::string copy = scratch_->path() + "/dump";
    std::filesystem::copy(Dump("gz"), copy);
    return copy;
  }

  // The data file of `table` in `dump` (found through its toc.dat).
  static std::string DataFile(const std::string& dump, const std::string& table) {
    auto source = DumpDirectorySource::Open(dump);
    EXPECT_TRUE(source.ok()) << source.status();
    absl::StatusOr<SourceListing> listing = (*source)->ListTables();
    EXPECT_TRUE(listing.ok()) << listing.status();
    if (!listing.ok()) return "";
    for (const SourceTable& t : listing->tables) {
      if (t.relation == "public." + table) return t.location;
    }
    ADD_FAILURE() << "no table " << table;
    return "";
  }

  absl::StatusOr<ImportSummary> ImportDump(const std::string& directory, const ImportFilter& filter = {}) {
    auto source = DumpDirectorySource::Open(directory);
    if (!source.ok()) return source.status();
    return ImportLegacyAggregates(**source, *pool_, filter, nullptr);
  }

  absl::StatusOr<ImportSummary> ImportDb(const std::string& source_dsn, const ImportFilter& filter = {}) {
    auto source = DatabaseSource::Connect(source_dsn);
    if (!source.ok()) return source.status();
    return ImportLegacyAggregates(**source, *pool_, filter, nullptr);
  }

  std::string Value(const std::string& sql) { return QueryValue(dsn(), sql); }

  static testing::LegacySourceFixture* source_;
  std::unique_ptr<pg::Pool> pool_;
  std::unique_ptr<ScratchDir> scratch_;
};

testing::LegacySourceFixture* LegacyImportTest::source_ = nullptr;

TEST_F(LegacyImportTest, ImportsARealDumpRowByRowAsTheSource) {
  for (const char* dump : {"gz", "plain"}) {
    SCOPED_TRACE(dump);
    absl::StatusOr<ImportSummary> summary = ImportDump(Dump(dump));
    ASSERT_TRUE(summary.ok()) << summary.status();
    EXPECT_THAT(summary->refused, ElementsAre());
    EXPECT_EQ(summary->progress.tables, testing::kLegacySourceTables);
    EXPECT_EQ(summary->progress.tables_total, testing::kLegacySourceTables);
    EXPECT_EQ(summary->progress.tables_skipped, 1);  // table_update_dates
    EXPECT_EQ(summary->progress.days, testing::kLegacySourceDays);
    EXPECT_GT(summary->progress.bytes, 0);
    const auto expected = ExpectedLegacyRows(SourceDsn());
    ASSERT_GT(expected.size(), 800u);
    EXPECT_EQ(summary->progress.rows, static_cast<int64_t>(expected.size()));
    EXPECT_EQ(StoredLegacyRows(dsn()), expected);
  }
  EXPECT_EQ(Value("SELECT string_agg(aggregate_type || ' ' || ds_nodash || ' ' || tables || ' ' || rows, ', ' "
                  "ORDER BY aggregate_type, ds_nodash) FROM opmon.legacy_imports"),
            "build_id 20191220 2 821, build_id 20200102 1 1, submission_date 20191221 2 28");
  EXPECT_THAT(Value("SELECT source FROM opmon.legacy_imports LIMIT 1"), HasSubstr("dump:"));
}

TEST_F(LegacyImportTest, ImportsTheLiveDatabaseTheSame) {
  absl::StatusOr<ImportSummary> summary = ImportDb(SourceDsn());
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_THAT(summary->refused, ElementsAre());
  EXPECT_EQ(summary->progress.tables, testing::kLegacySourceTables);
  EXPECT_EQ(summary->progress.tables_skipped, 1);
  EXPECT_EQ(StoredLegacyRows(dsn()), ExpectedLegacyRows(SourceDsn()));
  EXPECT_THAT(Value("SELECT source FROM opmon.legacy_imports LIMIT 1"), HasSubstr("db:"));
}

TEST_F(LegacyImportTest, ReimportingADayReplacesItAndBumpsTheDataVersion) {
  const std::string version_sql = "SELECT COALESCE((SELECT version FROM opmon.data_versions WHERE slug = "
                                  "'@legacy_aggregates'), 0)";
  const int64_t before = std::stoll(Value(version_sql));
  ASSERT_TRUE(ImportDump(Dump("gz")).ok());
  const auto once = StoredLegacyRows(dsn());
  ASSERT_TRUE(ImportDump(Dump("gz")).ok());
  ASSERT_TRUE(ImportDb(SourceDsn()).ok());
  EXPECT_EQ(StoredLegacyRows(dsn()), once);
  EXPECT_EQ(Value("SELECT count(*) FROM opmon.legacy_imports"), std::to_string(testing::kLegacySourceDays));
  // One bump per day's transaction.
  EXPECT_EQ(std::stoll(Value(version_sql)), before + 3 * testing::kLegacySourceDays);
}

TEST_F(LegacyImportTest, FiltersByTypeAndDays) {
  ImportFilter only_builds;
  only_builds.type = opmon::legacy::AggregateType::kBuildId;
  only_builds.to = absl::CivilDay(2019, 12, 31);
  absl::StatusOr<ImportSummary> summary = ImportDump(Dump("gz"), only_builds);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->progress.tables_total, 2);
  EXPECT_EQ(Value("SELECT string_agg(DISTINCT aggregate_type || ' ' || ds_nodash, ',') FROM opmon.legacy_aggregates"),
            "build_id 20191220");
}

TEST_F(LegacyImportTest, ABadRowRefusesItsWholeDayAndOnlyIt) {
  ASSERT_TRUE(ImportDump(Dump("gz")).ok());
  const auto good = StoredLegacyRows(dsn());
  // A source whose 20191220 build_id day holds a non-numeric array on line 3
  // of one table, and whose other day is fine.
  const std::string bad_db = database() + "_legacy_bad";
  ASSERT_TRUE(cluster().CreateDatabase(bad_db).ok());
  ASSERT_TRUE(cluster()
                  .Exec(bad_db, R"sql(
CREATE TABLE build_id_nightly_68_20191220 (dimensions jsonb, histogram bigint[]);
INSERT INTO build_id_nightly_68_20191220 VALUES ('{"metric": "NEW"}', '{1,1}');
CREATE TABLE build_id_nightly_69_20191220 (dimensions jsonb, histogram text);
INSERT INTO build_id_nightly_69_20191220 VALUES ('{"metric": "A"}', '{1,2}'), ('{"metric": "B"}', '{3,4}'),
                                                ('{"metric": "C"}', '{1,x,3}');
CREATE TABLE submission_date_beta_70_20191221 (dimensions jsonb, histogram bigint[]);
INSERT INTO submission_date_beta_70_20191221 VALUES ('{"metric": "REPLACED"}', '{7,7}');
)sql")
                  .ok());
  absl::StatusOr<ImportSummary> summary = ImportDb(cluster().Dsn(bad_db));
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->refused.size(), 1u);
  EXPECT_THAT(summary->refused[0],
              HasSubstr("build_id 20191220: db:"));
  EXPECT_THAT(summary->refused[0], HasSubstr("table public.build_id_nightly_69_20191220: line 3: histogram: element 2 "
                                             "\"x\" is not an integer"));
  EXPECT_EQ(summary->progress.days, 1);
  EXPECT_EQ(summary->progress.days_refused, 1);
  // The refused day kept what the dump stored; the other day was replaced.
  EXPECT_EQ(Value("SELECT count(*) FROM opmon.legacy_aggregates WHERE ds_nodash = '20191220' AND metric = 'NEW'"),
            "0");
  EXPECT_EQ(Value("SELECT count(*) FROM opmon.legacy_aggregates WHERE ds_nodash = '20191220'"),
            Value("SELECT rows::text FROM opmon.legacy_imports WHERE ds_nodash = '20191220'"));
  EXPECT_EQ(Value("SELECT string_agg(metric, ',') FROM opmon.legacy_aggregates WHERE ds_nodash = '20191221'"),
            "REPLACED");
  EXPECT_THAT(Value("SELECT source FROM opmon.legacy_imports WHERE ds_nodash = '20191220'"), HasSubstr("dump:"));
}

TEST_F(LegacyImportTest, AWrongColumnCountNamesFileTableAndLine) {
  const std::string dump = CopyOfDump();
  const std::string file = DataFile(dump, "submission_date_release_70_20191221");
  gzFile out = gzopen(file.c_str(), "wb");
  const std::string data = "{\"metric\": \"A\"}\t{1,2}\n{\"metric\": \"B\"}\t{1,2}\textra\n\\.\n\n";
  gzwrite(out, data.data(), static_cast<unsigned>(data.size()));
  gzclose(out);
  absl::StatusOr<ImportSummary> summary = ImportDump(dump);
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->refused.size(), 1u);
  EXPECT_THAT(summary->refused[0],
              HasSubstr(absl::StrCat("submission_date 20191221: ", file,
                                     ": table public.submission_date_release_70_20191221: line 2: 3 columns where "
                                     "the table has 2")));
  EXPECT_EQ(Value("SELECT count(*) FROM opmon.legacy_aggregates WHERE ds_nodash = '20191221'"), "0");
  EXPECT_EQ(summary->progress.days, testing::kLegacySourceDays - 1);
}

TEST_F(LegacyImportTest, BadGzipRefusesTheDayNamingTheFile) {
  const std::string dump = CopyOfDump();
  const std::string file = DataFile(dump, "build_id_release_71_20200102031459");
  std::string bytes = ReadBytes(file);
  bytes.resize(bytes.size() / 2);
  WriteBytes(file, bytes + "garbage that is not deflate data");
  absl::StatusOr<ImportSummary> summary = ImportDump(dump);
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_EQ(summary->refused.size(), 1u);
  EXPECT_THAT(summary->refused[0], HasSubstr(absl::StrCat("build_id 20200102: ", file, ": damaged gzip data")));
}

TEST_F(LegacyImportTest, RefusesATruncatedTocAndAnUnknownVersion) {
  const std::string dump = CopyOfDump();
  const std::string toc = dump + "/toc.dat";
  const std::string whole = ReadBytes(toc);
  WriteBytes(toc, whole.substr(0, whole.size() - 40));
  EXPECT_THAT(DumpDirectorySource::Open(dump),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(dump + "/toc.dat: byte ")));
  std::string future = whole;
  future[6] = 99;  // archive minor version
  WriteBytes(toc, future);
  EXPECT_THAT(DumpDirectorySource::Open(dump),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("archive version 1.99.0")));
  EXPECT_THAT(DumpDirectorySource::Open(dump + "/nowhere"), StatusIs(absl::StatusCode::kNotFound));
}

// A stop asked for while a day is written (CancelJob, SIGTERM) rolls that
// day back; the days committed before stay.
TEST_F(LegacyImportTest, StoppingRollsBackTheDayBeingWritten) {
  auto source = DumpDirectorySource::Open(Dump("gz"));
  ASSERT_TRUE(source.ok());
  int64_t days_when_stopped = -1;
  auto stop_after_first_day = [&](const ImportProgress& p) {
    if (p.days == 0 || p.tables == 0) return true;
    days_when_stopped = p.days;
    return false;
  };
  EXPECT_THAT(ImportLegacyAggregates(**source, *pool_, {}, stop_after_first_day),
              StatusIs(absl::StatusCode::kCancelled));
  EXPECT_EQ(days_when_stopped, 1);
  EXPECT_EQ(Value("SELECT count(*) FROM opmon.legacy_imports"), "1");
  EXPECT_EQ(Value("SELECT count(DISTINCT (aggregate_type, ds_nodash)) FROM opmon.legacy_aggregates"), "1");
}

// The import's job row: started as running by the replica that runs it, one
// at a time, and failed (not requeued) when its replica stops answering.
TEST_F(LegacyImportTest, ImportJobsRunOneAtATimeAndAStaleOneFails) {
  JobStore store(*pool_);
  const absl::CivilDay day(2026, 12, 3);
  const std::string slug(kLegacyImportJobSlug);
  absl::StatusOr<ClaimedJob> first = store.StartDirect(slug, day, "replica-a", JobPhase::kImport);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(store.StartDirect(slug, day, "replica-b", JobPhase::kImport),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr(absl::StrCat("already running as job ", first->id))));
  absl::StatusOr<Job> running = store.Get(first->id);
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->state, JobState::kRunning);
  EXPECT_EQ(running->progress.phase, JobPhase::kImport);
  ASSERT_TRUE(cluster()
                  .Exec(database(), absl::StrCat("UPDATE opmon.jobs SET heartbeat_at = now() - interval '1 hour' "
                                                 "WHERE id = ", first->id))
                  .ok());
  absl::StatusOr<std::vector<int64_t>> stale = store.RequeueStale(std::chrono::seconds(30), 5);
  ASSERT_TRUE(stale.ok());
  EXPECT_THAT(*stale, ElementsAre(first->id));
  absl::StatusOr<Job> failed = store.Get(first->id);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->state, JobState::kFailed);
  EXPECT_THAT(failed->error, HasSubstr("start it again"));
}

}  // namespace
}  // namespace opmon::compute::legacy
