#include "services/compute/kernels/histogram_parse.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opmon::kernels {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

MATCHER_P2(IsBucket, key, value, "") { return arg.key == key && arg.value == value; }

TEST(HistogramParse, FirefoxJson) {
  auto h = ParseHistogram(
      R"({"bucket_count":10,"histogram_type":1,"sum":2628,"range":[1,100],)"
      R"("values":{"0":12434,"1":297,"13":8}})");
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->bucket_count, 10);
  EXPECT_EQ(h->histogram_type, 1);
  EXPECT_EQ(h->sum, 2628);
  ASSERT_TRUE(h->range.has_value());
  EXPECT_EQ(h->range->first, 1);
  EXPECT_EQ(h->range->second, 100);
  EXPECT_THAT(h->values, ElementsAre(IsBucket(0, 12434), IsBucket(1, 297), IsBucket(13, 8)));
}

TEST(HistogramParse, GleanJsonWithExtraFields) {
  auto h = ParseHistogram(R"(  {"sum": 123, "time_unit": "ms", "values": {"1": 2, "7": 1}} )");
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->sum, 123);
  EXPECT_EQ(h->bucket_count, 0);
  EXPECT_FALSE(h->range.has_value());
  EXPECT_THAT(h->values, ElementsAre(IsBucket(1, 2), IsBucket(7, 1)));
}

TEST(HistogramParse, JsonNullOrMissingValuesIsEmpty) {
  auto h = ParseHistogram(R"({"sum":0,"values":null})");
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->values.empty());
}

TEST(HistogramParse, CompactForm) {
  auto h = ParseHistogram("3;2;5;1,2;0:0,1:5,2:0");
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->bucket_count, 3);
  EXPECT_EQ(h->histogram_type, 2);
  EXPECT_EQ(h->sum, 5);
  EXPECT_EQ(h->range->second, 2);
  EXPECT_THAT(h->values, ElementsAre(IsBucket(0, 0), IsBucket(1, 5), IsBucket(2, 0)));
}

TEST(HistogramParse, CompactFormWithNoEntriesAndShortEntriesSkipped) {
  auto h = ParseHistogram("51;1;0;1,50;");
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->bucket_count, 51);
  EXPECT_TRUE(h->values.empty());
  h = ParseHistogram("5;1;3;1,5;0:3,1:");  // "1:" is shorter than 3: skipped
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_THAT(h->values, ElementsAre(IsBucket(0, 3)));
}

TEST(HistogramParse, BooleanForm) {
  auto h = ParseHistogram("0,31");
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->bucket_count, 3);
  EXPECT_EQ(h->histogram_type, 2);
  EXPECT_EQ(h->sum, 31);
  EXPECT_THAT(h->values, ElementsAre(IsBucket(0, 0), IsBucket(1, 31), IsBucket(2, 0)));
}

TEST(HistogramParse, CountForm) {
  auto h = ParseHistogram("37");
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->histogram_type, 4);
  EXPECT_EQ(h->sum, 37);
  EXPECT_THAT(h->values, ElementsAre(IsBucket(0, 37), IsBucket(1, 0)));
}

TEST(HistogramParse, RejectsMalformedInput) {
  for (const std::string text :
       {"", "{", "{\"values\":{\"a\":1}}", "{\"values\":{\"1\":\"5\"}}", "{\"values\":[1,2]}",
        "[1,2]", "1,2,3", "abc", "3;2;x;1,2;0:1", "3;2;5;1,2;12:", "3;2;5;1,2;123",
        "{\"values\":{\"1\":1}} trailing", "{\"sum\":1e999,\"values\":{}}"}) {
    auto h = ParseHistogram(text);
    EXPECT_EQ(h.status().code(), absl::StatusCode::kInvalidArgument) << text;
  }
}

TEST(HistogramParse, RejectsNegativeAndNonFiniteCounts) {
  EXPECT_THAT(ParseHistogram(R"({"values":{"1":-2}})").status().message(),
              HasSubstr("negative"));
  EXPECT_FALSE(ParseHistogram(R"({"values":{"1":1e400}})").ok());
  EXPECT_FALSE(ParseHistogram("3;2;5;1,2;0:-1").ok());
  EXPECT_FALSE(ParseHistogram("-1,3").ok());
  EXPECT_FALSE(ParseHistogram("-4").ok());
}

TEST(HistogramParse, ReusedParserClearsPreviousResult) {
  HistogramParser parser;
  Histogram h;
  ASSERT_TRUE(parser.Parse(R"({"bucket_count":3,"values":{"1":1,"2":2}})", h).ok());
  ASSERT_TRUE(parser.Parse(R"({"values":{"5":1}})", h).ok());
  EXPECT_EQ(h.bucket_count, 0);
  EXPECT_THAT(h.values, ElementsAre(IsBucket(5, 1)));
}

}  // namespace
}  // namespace opmon::kernels
