// Bucket layouts against Firefox's histogram_tools.py, and the JSON form
// against the kernels' parser.
#include "services/compute/datagen/probes.h"

#include <cstdint>
#include <initializer_list>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/compute/kernels/histogram_parse.h"
#include "tests/testing/status_matchers.h"

namespace opmon::datagen {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

// The Firefox JSON `fill` appends.
std::string JsonOf(const HistogramFill& fill) {
  std::string json;
  fill.AppendJson(json);
  return json;
}

// One RecordBucket call: `n` samples of bucket `index`, each of `value`.
struct BucketSamples {
  int index;
  int64_t n;
  int64_t value;
};

// The Firefox JSON of `fill` after it was Reset to `probe`'s shape and given
// each of `samples`.
std::string JsonAfter(HistogramFill& fill, Probe probe, std::initializer_list<BucketSamples> samples) {
  fill.Reset(ShapeOf(probe));
  for (const BucketSamples& s : samples) fill.RecordBucket(s.index, s.n, s.value);
  return JsonOf(fill);
}

TEST(ProbeShapes, ExponentialLayoutMatchesFirefoxHistogramTools) {
  // histogram_tools.py exponential_buckets(1, 10000, 50).
  EXPECT_THAT(ExponentialBuckets(1, 10000, 50),
              ElementsAreArray<int64_t>({0,    1,    2,    3,    4,    5,    6,    7,    8,    10,   12,   14,  17,
                                         20,   24,   29,   34,   40,   48,   57,   68,   81,   96,   114,  135, 160,
                                         190,  226,  268,  318,  378,  449,  533,  633,  752,  894,  1062, 1262,
                                         1500, 1782, 2117, 2516, 2990, 3553, 4222, 5017, 5961, 7083, 8416, 10000}));
  const auto fcp = ShapeOf(Probe::kPerfFirstContentfulPaintMs).lower_bounds;
  EXPECT_EQ(fcp[55], 1009);
  EXPECT_EQ(fcp[56], 1120);
  EXPECT_EQ(fcp[99], 100000);
  const auto memory = ShapeOf(Probe::kMemoryTotal).lower_bounds;
  EXPECT_EQ(memory[1], 32768);
  EXPECT_EQ(memory[69], 2485143);
  EXPECT_EQ(memory[71], 2822556);
  EXPECT_EQ(memory[99], 16777216);
}

TEST(ProbeShapes, LinearAndEnumeratedLayoutsMatchFirefoxHistogramTools) {
  const auto linear = ShapeOf(Probe::kCycleCollectorSliceDuringIdle).lower_bounds;
  ASSERT_EQ(linear.size(), 50u);
  EXPECT_THAT(std::vector<int64_t>(linear.begin(), linear.begin() + 10), ElementsAre(0, 1, 3, 5, 7, 9, 11, 13, 15, 18));
  EXPECT_EQ(linear[49], 100);
  const auto enumerated = ShapeOf(Probe::kGcReason2).lower_bounds;
  ASSERT_EQ(enumerated.size(), 101u);
  for (int i = 0; i <= 100; ++i) EXPECT_EQ(enumerated[i], i);
}

TEST(ProbeShapes, BucketOfFindsTheBucketWhoseLowerBoundIsAtOrBelowTheValue) {
  const ProbeShape& gc = ShapeOf(Probe::kGcMs);
  EXPECT_EQ(gc.lower_bounds[gc.BucketOf(0.3)], 0);
  EXPECT_EQ(gc.lower_bounds[gc.BucketOf(29.0)], 29);
  EXPECT_EQ(gc.lower_bounds[gc.BucketOf(33.99)], 29);
  EXPECT_EQ(gc.lower_bounds[gc.BucketOf(34.0)], 34);
  EXPECT_EQ(gc.lower_bounds[gc.BucketOf(1e9)], 10000);
}

TEST(HistogramFill, WritesFirefoxJsonThatTheKernelsParserReads) {
  const ProbeShape& gc = ShapeOf(Probe::kGcMs);
  HistogramFill fill;
  fill.Reset(gc);
  fill.Record(30.7);
  fill.Record(31.2);
  fill.Record(45.0);
  const std::string json = JsonOf(fill);
  EXPECT_EQ(json,
            R"({"bucket_count":50,"histogram_type":0,"sum":106,"range":[1,10000],"values":{"29":2,"40":1,"48":0}})");
  auto parsed = kernels::ParseHistogram(json);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->bucket_count, 50);
  EXPECT_EQ(parsed->histogram_type, 0);
  EXPECT_EQ(parsed->sum, 106);
  EXPECT_THAT(parsed->values, ElementsAre(kernels::Bucket{29, 2}, kernels::Bucket{40, 1}, kernels::Bucket{48, 0}));
}

TEST(HistogramFill, WritesBooleanAndCountFormsAsFirefoxDoes) {
  HistogramFill fill;
  EXPECT_EQ(JsonAfter(fill, Probe::kGcIsCompartmental, {{0, 2, 0}, {1, 5, 1}}),
            R"({"bucket_count":3,"histogram_type":2,"sum":5,"range":[1,2],"values":{"0":2,"1":5,"2":0}})");

  const std::string json = JsonAfter(fill, Probe::kDevtoolsToolboxOpenedCount, {{0, 3, 1}});
  EXPECT_EQ(json, R"({"bucket_count":3,"histogram_type":4,"sum":3,"range":[1,2],"values":{"0":3,"1":0}})");
  auto parsed = kernels::ParseHistogram(json);
  ASSERT_THAT(parsed, IsOk());
  EXPECT_EQ(parsed->histogram_type, 4);
}

TEST(HistogramFill, WritesEnumeratedProbesAsLinear) {
  HistogramFill fill;
  EXPECT_EQ(JsonAfter(fill, Probe::kGcReason2, {{7, 1, 7}, {12, 2, 12}}),
            R"({"bucket_count":101,"histogram_type":1,"sum":31,"range":[1,100],"values":{"7":1,"12":2,"13":0}})");
}

}  // namespace
}  // namespace opmon::datagen
