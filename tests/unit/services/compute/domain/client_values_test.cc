// Parsing of per-client values as the warehouse returns them, the COPY text
// of the per-client results rows, and the job record's JSON forms.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/compute/domain/client_row_processor.h"
#include "services/compute/domain/job.h"
#include "services/compute/domain/malformed_values.h"
#include "services/compute/domain/scheduler.h"
#include "services/compute/domain/statistic_specs.h"
#include "services/compute/kernels/histogram_parse.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute {
namespace {

using kernels::Bucket;
using ::testing::HasSubstr;

std::vector<Bucket> Parse(std::string_view text, absl::Status* status = nullptr) {
  kernels::HistogramParser parser;
  std::vector<Bucket> out;
  absl::Status s = parser.ParseAll(text, out);
  if (status != nullptr) *status = s;
  EXPECT_TRUE(status != nullptr || s.ok()) << s;
  return out;
}

TEST(HistogramParserParseAll, ReadsAJsonbArrayOfFirefoxHistograms) {
  auto buckets = Parse(R"([{"bucket_count": 3, "histogram_type": 0, "sum": 5, "range": [1, 10], "values": {"1": 2, "5": 1}},
                            {"values": {"5": 3, "9": 0}}])");
  EXPECT_EQ(buckets, (std::vector<Bucket>{{1, 2}, {5, 1}, {5, 3}, {9, 0}}));
}

TEST(HistogramParserParseAll, ReadsStringFormsNullsAndSingleObjects) {
  EXPECT_EQ(Parse(R"(["3;2;1;1,2;0:4,1:1", null, "7"])"),
            (std::vector<Bucket>{{0, 4}, {1, 1}, {0, 7}, {1, 0}}));
  EXPECT_EQ(Parse(R"(  {"values": {"2": 1}}  )"), (std::vector<Bucket>{{2, 1}}));
  EXPECT_TRUE(Parse("[]").empty());
  EXPECT_EQ(Parse(R"(["{\"values\": {\"4\": 2}}"])"), (std::vector<Bucket>{{4, 2}}));
}

TEST(HistogramParserParseAll, NamesTheMalformedElement) {
  absl::Status status;
  Parse(R"([{"values": {"1": 1}}, {"values": {"x": 1}}])", &status);
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(status.message(), R"(histogram 1: bucket key "x" is not a number in "{"values":{"x":1}}")");
  Parse(R"([null, "{\"values\": {\"2\": -3}}"])", &status);
  EXPECT_EQ(status.message(), R"(histogram 1: count -3 is negative or not finite in "{"values": {"2": -3}}")");
  Parse(R"([{"values": {"1": "one"}}])", &status);
  EXPECT_FALSE(status.ok());
  Parse(R"(["{\"bucket_count\":50,\"values\":{\"1\":"])", &status);
  EXPECT_FALSE(status.ok());
  Parse(R"([{"values": {"1": 1})", &status);
  EXPECT_THAT(status.message(), HasSubstr("unterminated"));
  Parse("[12]", &status);
  EXPECT_THAT(status.message(), HasSubstr("expected a JSON object or string"));
  Parse(R"([{"values": {"1": -1}}])", &status);
  EXPECT_FALSE(status.ok());
}

TEST(ParseScalar, AcceptsNumbersAndBooleans) {
  EXPECT_EQ(ParseScalar("12"), 12.0);
  EXPECT_EQ(ParseScalar("-1.5e2"), -150.0);
  EXPECT_EQ(ParseScalar("t"), 1.0);
  EXPECT_EQ(ParseScalar("f"), 0.0);
  EXPECT_FALSE(ParseScalar("abc").has_value());
  EXPECT_FALSE(ParseScalar("1x").has_value());
  EXPECT_FALSE(ParseScalar("NaN").has_value());
  EXPECT_FALSE(ParseScalar("").has_value());
}

TEST(MergedHistogramJson, SumsEqualKeysInKeyOrder) {
  std::string out;
  MergedHistogramJson(std::vector<Bucket>{{5, 1}, {1, 2}, {5, 1}}, out);
  EXPECT_EQ(out, R"({"1":2,"5":2})");
  MergedHistogramJson(std::vector<Bucket>{{2.5, 3}, {7, 0}}, out);
  EXPECT_EQ(out, R"({"2.5":3,"7":0})");
  MergedHistogramJson(std::vector<Bucket>{{1, 0.1}, {1, 0.2}}, out);
  EXPECT_EQ(out, R"({"1":0.30000000000000004})");
}

TEST(MalformedValues, CountsPerMetricWithFewTruncatedSamples) {
  MalformedValues m;
  for (int i = 0; i < 5; ++i) m.Record("gc_ms", "bad " + std::to_string(i));
  m.Record("active_ticks", std::string(500, 'x'));
  EXPECT_EQ(m.total(), 6);
  auto counts = m.Counts();
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0].metric, "active_ticks");
  EXPECT_EQ(counts[0].samples[0].size(), MalformedValues::kMaxSampleChars + 3);
  EXPECT_EQ(counts[1].count, 5);
  EXPECT_EQ(counts[1].samples, (std::vector<std::string>{"bad 0", "bad 1", "bad 2"}));
}

TEST(Job, PhasesRoundTripThroughTheNamesTheJobStoreWrites) {
  for (JobPhase phase : {JobPhase::kQueued, JobPhase::kPopulation, JobPhase::kAggregate, JobPhase::kFinalise,
                         JobPhase::kWrite, JobPhase::kDone, JobPhase::kFailed, JobPhase::kCancelled,
                         JobPhase::kImport}) {
    EXPECT_EQ(ParseJobPhase(JobPhaseName(phase)), phase);
  }
  // job_store.cc writes these names in SQL.
  EXPECT_EQ(ProgressFromJson(R"({"phase": "cancelled"})").phase, JobPhase::kCancelled);
  EXPECT_EQ(ProgressFromJson(R"({"phase": "population"})").phase, JobPhase::kPopulation);
  EXPECT_EQ(ProgressFromJson(R"({"phase": "from a newer binary"})").phase, JobPhase::kQueued);
  EXPECT_EQ(PhaseAfter(JobState::kSucceeded), JobPhase::kDone);
  EXPECT_EQ(PhaseAfter(JobState::kCancelled), JobPhase::kCancelled);
}

TEST(Job, ProgressAndMalformedRoundTripThroughJson) {
  JobProgress p{.phase = JobPhase::kAggregate, .rows_read = 10, .clients = 9, .groups = 3, .statistics_rows = 0};
  EXPECT_EQ(ProgressFromJson(ProgressJson(p)), p);
  // A legacy import's progress.
  JobProgress import{.phase = JobPhase::kImport, .rows_read = 7, .bytes_read = 1 << 20, .tables = 2, .tables_total = 5};
  EXPECT_EQ(ProgressFromJson(ProgressJson(import)), import);
  EXPECT_EQ(ProgressFromJson("{}").phase, JobPhase::kQueued);
  EXPECT_EQ(ProgressFromJson("not json").rows_read, 0);
  std::vector<MalformedCount> m = {{"gc_ms", 2, {"a", "b"}}};
  EXPECT_EQ(MalformedFromJson(MalformedJson(m)), m);
  EXPECT_EQ(ParseJobState("cancelled"), JobState::kCancelled);
  EXPECT_FALSE(ParseJobState("done").has_value());
  EXPECT_TRUE(IsTerminal(JobState::kFailed));
  EXPECT_FALSE(IsTerminal(JobState::kRunning));
}

TEST(ScheduledRange, RunsFromStartToYesterdayWithinEndDate) {
  config::ResolvedProject p;
  const absl::CivilDay today(2024, 3, 10);
  auto range = ScheduledRange(p, today);
  ASSERT_TRUE(range.has_value());
  EXPECT_EQ(range->first, absl::CivilDay(2024, 3, 9));
  EXPECT_EQ(range->second, absl::CivilDay(2024, 3, 9));
  p.start_date = absl::CivilDay(2024, 3, 1);
  range = ScheduledRange(p, today);
  EXPECT_EQ(range->first, absl::CivilDay(2024, 3, 1));
  p.end_date = absl::CivilDay(2024, 3, 5);
  range = ScheduledRange(p, today);
  EXPECT_EQ(range->second, absl::CivilDay(2024, 3, 5));
  p.start_date = absl::CivilDay(2024, 3, 10);
  EXPECT_FALSE(ScheduledRange(p, today).has_value());
  p.start_date = absl::CivilDay(2024, 3, 1);
  p.skip = true;
  EXPECT_FALSE(ScheduledRange(p, today).has_value());
}

TEST(StatisticSpecs, MapConfigStatisticsAndNameTheMetricOnError) {
  config::Statistic s;
  s.kind = StatisticKind::kPercentile;
  s.percentile.percentiles = {5, 95};
  s.percentile.method = CiMethod::kBootstrap;
  s.percentile.remove_nulls = true;
  auto spec = ToStatisticSpec(s, "gc_ms");
  ASSERT_THAT(spec, IsOk());
  EXPECT_EQ(spec->kind, StatisticKind::kPercentile);
  EXPECT_EQ(spec->percentiles, (std::vector<double>{5, 95}));
  EXPECT_EQ(spec->method, CiMethod::kBootstrap);
  EXPECT_TRUE(spec->remove_nulls);
  s.percentile.percentiles = {120};
  auto bad = ToStatisticSpec(s, "gc_ms");
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(bad.status().message(), HasSubstr("metrics.gc_ms.statistics.percentile"));
}

TEST(StatisticSpecs, MapThePercentilePoint) {
  config::Statistic s;
  s.kind = StatisticKind::kPercentile;
  s.percentile.method = CiMethod::kBinomial;
  s.percentile.point = PercentilePoint::kInterpolated;
  auto spec = ToStatisticSpec(s, "gc_ms");
  ASSERT_THAT(spec, IsOk());
  EXPECT_EQ(spec->point, PercentilePoint::kInterpolated);
  s.percentile.method = CiMethod::kJackknife;
  EXPECT_THAT(ToStatisticSpec(s, "gc_ms").status().message(),
              HasSubstr("metrics.gc_ms.statistics.percentile: point: interpolated"));
}

}  // namespace
}  // namespace opmon::compute
