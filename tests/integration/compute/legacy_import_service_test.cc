// ImportLegacyAggregates through the real opmon-compute binary: the import
// runs as a job (slug @legacy_import) whose WatchJob progress carries rows,
// bytes and tables; `opmonctl import aggregates` follows it with a progress
// line; bad requests and unreadable dumps are refused at once; a refused day
// fails the job, naming the day and the row.
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/integration/compute/legacy_source.h"
#include "tests/testing/service_process.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::testing {
namespace {

using ::opmon::testing::CommandResult;
using ::opmon::testing::ServiceProcess;
using ::testing::HasSubstr;

class LegacyImportServiceTest : public opmon::testing::PgTest {
 protected:
  static void SetUpTestSuite() {
    PgTest::SetUpTestSuite();
    source_ = new LegacySourceFixture(MakeLegacySource(cluster(), database()));
    auto compute = ServiceProcess::StartServing("compute", dsn());
    ASSERT_THAT(compute, IsOk());
    compute_ = compute->release();
  }
  static void TearDownTestSuite() {
    delete compute_;
    delete source_;
  }
  void SetUp() override {
    ASSERT_TRUE(cluster().Exec(database(), "TRUNCATE opmon.legacy_aggregates, opmon.legacy_imports").ok());
  }

  static std::string SourceDsn() { return cluster().Dsn(source_->database); }
  static std::unique_ptr<v1::ComputeService::Stub> Stub() { return v1::ComputeService::NewStub(compute_->channel()); }

  static grpc::Status Import(const v1::ImportLegacyAggregatesRequest& request, v1::Job* job = nullptr) {
    v1::ImportLegacyAggregatesResponse response;
    grpc::Status status = Stub()->ImportLegacyAggregates(Context().get(), request, &response);
    if (job != nullptr) *job = response.job();
    return status;
  }

  // Every WatchJob message until the job ends.
  static std::vector<v1::JobProgress> Watch(int64_t id) {
    v1::WatchJobRequest request;
    request.set_id(id);
    auto ctx = Context();
    auto reader = Stub()->WatchJob(ctx.get(), request);
    std::vector<v1::JobProgress> seen;
    v1::JobProgress progress;
    while (reader->Read(&progress)) seen.push_back(progress);
    EXPECT_THAT(reader->Finish(), IsOk());
    return seen;
  }

  static v1::Job GetJob(int64_t id) {
    v1::GetJobRequest request;
    request.set_id(id);
    v1::GetJobResponse response;
    EXPECT_THAT(Stub()->GetJob(Context().get(), request, &response), IsOk());
    return response.job();
  }

  static LegacySourceFixture* source_;
  static ServiceProcess* compute_;
};

LegacySourceFixture* LegacyImportServiceTest::source_ = nullptr;
ServiceProcess* LegacyImportServiceTest::compute_ = nullptr;

TEST_F(LegacyImportServiceTest, ImportRunsAsAJobWhoseProgressWatchJobFollows) {
  v1::ImportLegacyAggregatesRequest request;
  request.set_database_url(SourceDsn());
  v1::Job job;
  ASSERT_THAT(Import(request, &job), IsOk());
  EXPECT_EQ(job.slug(), "@legacy_import");
  std::vector<v1::JobProgress> progress = Watch(job.id());
  ASSERT_FALSE(progress.empty());
  const v1::JobProgress& last = progress.back();
  EXPECT_EQ(last.state(), v1::JOB_STATE_SUCCEEDED);
  EXPECT_EQ(last.phase(), "done");
  const Rows expected = ExpectedLegacyRows(SourceDsn());
  EXPECT_EQ(last.rows_read(), static_cast<int64_t>(expected.size()));
  EXPECT_EQ(last.tables(), kLegacySourceTables);
  EXPECT_EQ(last.tables_total(), kLegacySourceTables);
  EXPECT_GT(last.bytes_read(), 0);
  EXPECT_EQ(StoredLegacyRows(dsn()), expected);
  EXPECT_EQ(GetJob(job.id()).error(), "");
}

TEST_F(LegacyImportServiceTest, OpmonctlImportsADumpWithAProgressLine) {
  CommandResult run = Opmonctl(*compute_, {"import", "aggregates", "--from-dump", source_->Dump("gz"), "--type",
                                           "submission_date", "--from", "2019-12-21", "--to", "2019-12-21"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("succeeded done: 28 rows, 0.0 MiB, 2/2 tables"));
  EXPECT_EQ(QueryValue(dsn(), "SELECT count(*) FROM opmon.legacy_aggregates"), "28");
}

TEST_F(LegacyImportServiceTest, OpmonctlRefusesBadFlagsAndNamesTheServersReason) {
  CommandResult none = Opmonctl(*compute_, {"import", "aggregates"});
  EXPECT_EQ(none.exit_code, 2) << none.output;
  EXPECT_THAT(none.output, HasSubstr("--from-dump or --from-db"));
  CommandResult both =
      Opmonctl(*compute_, {"import", "aggregates", "--from-dump", source_->Dump("gz"), "--from-db", dsn()});
  EXPECT_EQ(both.exit_code, 2) << both.output;
  EXPECT_THAT(both.output, HasSubstr("excludes"));
  CommandResult type =
      Opmonctl(*compute_, {"import", "aggregates", "--from-dump", source_->Dump("gz"), "--type", "daily"});
  EXPECT_EQ(type.exit_code, 2) << type.output;
  EXPECT_THAT(type.output, HasSubstr("daily"));
  CommandResult range = Opmonctl(*compute_, {"import", "aggregates", "--from-dump", source_->Dump("gz"), "--from",
                                             "2020-01-02", "--to", "2019-01-01"});
  EXPECT_EQ(range.exit_code, 1) << range.output;
  EXPECT_THAT(range.output, HasSubstr("from_date"));
}

TEST_F(LegacyImportServiceTest, RefusesBadRequestsAndUnreadableDumpsAtOnce) {
  v1::ImportLegacyAggregatesRequest request;
  EXPECT_THAT(Import(request), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("source")));
  request.set_dump_directory("relative/dump");
  EXPECT_THAT(Import(request), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("absolute path")));
  request.set_dump_directory(source_->Dump("none"));
  EXPECT_THAT(Import(request), StatusIs(absl::StatusCode::kNotFound, HasSubstr("toc.dat")));
  request.set_dump_directory(source_->Dump("gz"));
  request.set_aggregate_type("daily");
  EXPECT_THAT(Import(request), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("aggregate_type")));
  request.set_aggregate_type("");
  request.set_from_date("2020-01-02");
  request.set_to_date("2019-01-01");
  EXPECT_THAT(Import(request), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("from_date")));
}

TEST_F(LegacyImportServiceTest, ARefusedDayFailsTheJobNamingItsRow) {
  const std::string bad_db = database() + "_legacy_bad";
  ASSERT_TRUE(cluster().CreateDatabase(bad_db).ok());
  ASSERT_TRUE(cluster()
                  .Exec(bad_db, R"sql(
CREATE TABLE submission_date_beta_70_20191221 (dimensions jsonb, histogram text);
INSERT INTO submission_date_beta_70_20191221 VALUES ('{"metric": "A"}', 'oops');
CREATE TABLE submission_date_beta_70_20191222 (dimensions jsonb, histogram bigint[]);
INSERT INTO submission_date_beta_70_20191222 VALUES ('{"metric": "B"}', '{1,2}');
)sql")
                  .ok());
  CommandResult run = Opmonctl(*compute_, {"import", "aggregates", "--from-db", cluster().Dsn(bad_db)});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("1 day(s) refused, the other 1 imported: submission_date 20191221: "));
  EXPECT_THAT(run.output, HasSubstr("table public.submission_date_beta_70_20191221: line 1: histogram: not an array"));
  EXPECT_EQ(QueryValue(dsn(), "SELECT string_agg(ds_nodash, ',') FROM opmon.legacy_imports"), "20191222");
}

}  // namespace
}  // namespace opmon::compute::testing
