// IngestEvents and RunLiveAggregation through the real opmon-compute: a
// retried stream counts once, row errors are reported per row, opmonctl
// live ingest names bad lines, and datagen's NDJSON and warehouse events
// end up in the windows exactly once.
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "opmon/v1/compute.grpc.pb.h"
#include "tests/integration/compute/compute_fixture.h"
#include "tests/testing/scratch_dir.h"
#include "tests/testing/source_tree.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace opmon::compute::testing {
namespace {

using ::opmon::testing::IsOk;
using ::testing::HasSubstr;

v1::LiveEvent Enroll(const std::string& id, const std::string& time, const std::string& branch) {
  v1::LiveEvent e;
  e.set_event_id(id);
  e.set_submission_timestamp(time);
  e.set_client_id(absl::StrCat("client-", id));
  e.set_app("fenix");
  e.set_channel("nightly");
  e.set_experiment("streamed");
  e.set_branch(branch);
  e.set_event("enrollment");
  return e;
}

struct Sent {
  grpc::Status status;
  v1::IngestEventsResponse response;
};

Sent SendStream(v1::ComputeService::Stub& stub, const std::vector<v1::IngestEventsRequest>& batches) {
  Sent sent;
  auto ctx = Context();
  auto writer = stub.IngestEvents(ctx.get(), &sent.response);
  for (const auto& batch : batches) {
    if (!writer->Write(batch)) break;
  }
  writer->WritesDone();
  sent.status = writer->Finish();
  return sent;
}

class LiveIngestTest : public ComputeTest {
 protected:
  static void SetUpTestSuite() {
    ComputeTest::SetUpTestSuite();
    compute_ = StartCompute({"--workers", "0", "--live-interval-seconds", "0"}).release();
  }
  static void TearDownTestSuite() {
    delete compute_;
    compute_ = nullptr;
  }
  static opmon::testing::ServiceProcess* compute_;
};

opmon::testing::ServiceProcess* LiveIngestTest::compute_ = nullptr;

TEST_F(LiveIngestTest, ARetriedStreamCountsOnce) {
  ASSERT_NE(compute_, nullptr);
  auto stub = Stub(*compute_);
  std::vector<v1::IngestEventsRequest> batches(2);
  *batches[0].add_events() = Enroll("s1", "2024-02-10T12:04:59.999Z", "control");
  *batches[0].add_events() = Enroll("s2", "2024-02-10T12:05:00Z", "control");
  *batches[1].add_events() = Enroll("s3", "2024-02-10T12:06:00Z", "treatment");
  v1::LiveEvent bad = Enroll("s4", "2024-02-10T12:06:00Z", "treatment");
  bad.set_event("enrol");
  *batches[1].add_events() = bad;

  Sent first = SendStream(*stub, batches);
  ASSERT_THAT(first.status, IsOk());
  EXPECT_EQ(first.response.batches(), 2);
  EXPECT_EQ(first.response.stored(), 3);
  EXPECT_EQ(first.response.duplicates(), 0);
  EXPECT_EQ(first.response.rejected(), 1);
  ASSERT_EQ(first.response.errors_size(), 1);
  EXPECT_EQ(first.response.errors(0).batch(), 1);
  EXPECT_EQ(first.response.errors(0).row(), 1);
  EXPECT_THAT(first.response.errors(0).message(), HasSubstr("event: \"enrol\""));

  // The client did not see the acknowledgement and sends everything again.
  Sent retried = SendStream(*stub, batches);
  ASSERT_THAT(retried.status, IsOk());
  EXPECT_EQ(retried.response.stored(), 0);
  EXPECT_EQ(retried.response.duplicates(), 3);
  EXPECT_EQ(QueryValue(dsn(), "SELECT string_agg(branch || ' ' || to_char(window_start AT TIME ZONE 'UTC', "
                              "'HH24:MI') || ' ' || enroll, ', ' ORDER BY window_start, branch) FROM "
                              "opmon.live_enrollment_windows WHERE experiment = 'streamed'"),
            "control 12:00 1, control 12:05 1, treatment 12:05 1");
}

// Batches of one call are stored two at a time: ids repeated in the next
// batch still count once, and the errors listed are the stream's first 100
// by batch and row, whatever order the batches committed in.
TEST_F(LiveIngestTest, BatchesStoredAtOnceCountOnceAndListTheFirstErrors) {
  ASSERT_NE(compute_, nullptr);
  auto stub = Stub(*compute_);
  constexpr int kBatches = 40;
  std::vector<v1::IngestEventsRequest> batches(kBatches);
  for (int b = 0; b < kBatches; ++b) {
    // ids b*10 .. b*10+14: the last five are the next batch's first five.
    for (int i = 0; i < 15; ++i) {
      v1::LiveEvent e = Enroll(absl::StrCat("overlap-", b * 10 + i), "2024-02-11T08:00:00Z", "a");
      e.set_experiment("overlapping");
      *batches[b].add_events() = e;
    }
    for (int i = 0; i < 3; ++i) {
      v1::LiveEvent bad = Enroll(absl::StrCat("bad-", b, "-", i), "2024-02-11T08:00:00Z", "a");
      bad.set_experiment("overlapping");
      bad.set_event("enrol");
      *batches[b].add_events() = bad;
    }
  }
  Sent sent = SendStream(*stub, batches);
  ASSERT_THAT(sent.status, IsOk());
  EXPECT_EQ(sent.response.batches(), kBatches);
  EXPECT_EQ(sent.response.stored(), kBatches * 10 + 5);  // ids 0 .. 404
  EXPECT_EQ(sent.response.duplicates(), (kBatches - 1) * 5);
  EXPECT_EQ(sent.response.rejected(), kBatches * 3);
  ASSERT_EQ(sent.response.errors_size(), 100);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(sent.response.errors(i).batch(), i / 3) << i;
    EXPECT_EQ(sent.response.errors(i).row(), 15 + i % 3) << i;
  }
  EXPECT_EQ(QueryValue(dsn(), "SELECT sum(enroll) FROM opmon.live_enrollment_windows WHERE experiment = 'overlapping'"),
            "405");
  EXPECT_EQ(QueryValue(dsn(), "SELECT count(*) FROM opmon.live_daily_clients WHERE experiment = 'overlapping'"),
            "405");
}

TEST_F(LiveIngestTest, RecomputeRefusesABadDay) {
  ASSERT_NE(compute_, nullptr);
  auto stub = Stub(*compute_);
  v1::RunLiveAggregationRequest request;
  request.set_recompute_day("2024-02-30");
  v1::RunLiveAggregationResponse response;
  auto ctx = Context();
  grpc::Status status = stub->RunLiveAggregation(ctx.get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("recompute_day"));
}

TEST_F(LiveIngestTest, OpmonctlNamesBadLinesAndStoresTheRest) {
  ASSERT_NE(compute_, nullptr);
  auto dir = opmon::testing::ScratchDir::Create("live-ingest");
  ASSERT_THAT(dir, IsOk());
  const std::string file = (*dir)->path() + "/events.ndjson";
  {
    std::ofstream out(file);
    out << R"({"event_id":"o1","submission_timestamp":"2024-02-10T07:00:00Z","client_id":"a","app":"fenix",)"
           R"("channel":"release","experiment":"ctl","branch":null,"event":"enroll"})" "\n"
        << "not json\n"
        << R"({"event_id":"o2","submission_timestamp":"2024-02-10T07:01:00Z","client_id":"","app":"fenix",)"
           R"("channel":"release","experiment":"ctl","branch":null,"event":"enroll"})" "\n"
        << R"({"event_id":"o3","submission_timestamp":"2024-02-10T07:02:00Z","client_id":"b","app":"fenix",)"
           R"("channel":"release","experiment":"ctl","branch":"x","search_count":2,"search_with_ads_count":1,)"
           R"("ad_clicks_count":1})" "\n";
  }
  opmon::testing::CommandResult result = Opmonctl(*compute_, {"live", "ingest", file, "--batch-size", "2"});
  EXPECT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("2 batches, 2 stored, 0 duplicates, 2 rejected"));
  EXPECT_THAT(result.output, HasSubstr(file + ":2: not valid JSON"));
  EXPECT_THAT(result.output, HasSubstr(file + ":3: client_id: missing or empty"));
  opmon::testing::CommandResult again = Opmonctl(*compute_, {"live", "ingest", file});
  EXPECT_THAT(again.output, HasSubstr("0 stored, 2 duplicates, 2 rejected")) << again.output;
  EXPECT_EQ(QueryValue(dsn(), "SELECT sum(search_count) FROM opmon.live_search_windows WHERE experiment = 'ctl'"), "2");
}

// datagen's NDJSON through opmonctl and its warehouse tables through the
// warehouse pass store the same events: every valid event id once.
TEST_F(LiveIngestTest, DatagenEventsArriveOnceByEitherPath) {
  ASSERT_NE(compute_, nullptr);
  auto dir = opmon::testing::ScratchDir::Create("live-datagen");
  ASSERT_THAT(dir, IsOk());
  const std::string file = (*dir)->path() + "/live.ndjson";
  const std::string datagen = opmon::testing::BuiltBinary("services/compute/datagen/opmon-datagen");
  auto written = opmon::testing::RunCommand({datagen, "--live-ndjson", file, "--end-date", "2024-02-20",
                                             "--live-clients", "200"});
  ASSERT_THAT(written, IsOk());
  ASSERT_EQ(written->exit_code, 0) << written->output;
  opmon::testing::CommandResult ingested = Opmonctl(*compute_, {"live", "ingest", file});
  ASSERT_EQ(ingested.exit_code, 0) << ingested.output;
  EXPECT_THAT(ingested.output, HasSubstr("duplicates"));
  const std::string events_after_ndjson = QueryValue(
      dsn(), "SELECT count(*) FROM opmon.live_events WHERE submission_timestamp >= '2024-02-20' AND "
             "submission_timestamp < '2024-02-21'");
  EXPECT_GT(std::stoll(events_after_ndjson), 500);

  auto loaded = opmon::testing::RunCommand({datagen, "--live", "--warehouse-url", dsn(), "--end-date", "2024-02-20",
                                            "--live-clients", "200"});
  ASSERT_THAT(loaded, IsOk());
  ASSERT_EQ(loaded->exit_code, 0) << loaded->output;
  auto stub = Stub(*compute_);
  v1::RunLiveAggregationRequest request;
  v1::RunLiveAggregationResponse response;
  auto ctx = Context();
  ASSERT_THAT(stub->RunLiveAggregation(ctx.get(), request, &response), IsOk());
  EXPECT_GT(response.rows_read(), 0);
  EXPECT_EQ(response.stored(), 0);  // the same ids: already stored from the NDJSON
  EXPECT_GT(response.rejected(), 0);
  EXPECT_FALSE(response.watermark().empty());
  // The windows hold each stored event once: their counters sum to the
  // stored enrollment events.
  EXPECT_EQ(QueryValue(dsn(), "SELECT sum(enroll + unenroll + graduate + \"update\" + enroll_failed + unenroll_failed "
                              "+ update_failed + disqualification + exposure + validation_failed) FROM "
                              "opmon.live_enrollment_windows WHERE window_start >= '2024-02-20' AND window_start < "
                              "'2024-02-21'"),
            QueryValue(dsn(), "SELECT count(*) FROM opmon.live_events WHERE event IS NOT NULL AND "
                              "submission_timestamp >= '2024-02-20' AND submission_timestamp < '2024-02-21'"));
}

}  // namespace
}  // namespace opmon::compute::testing
