#include "services/compute/kernels/histogram_parse.h"

#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::kernels {
namespace {

using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

MATCHER_P2(IsBucket, key, value, "") { return arg.key == key && arg.value == value; }

// The bucket count, type and sum a parsed histogram states.
::testing::Matcher<const Histogram&> HasHeader(int64_t bucket_count, int64_t histogram_type, double sum) {
  return AllOf(Field("bucket_count", &Histogram::bucket_count, bucket_count),
               Field("histogram_type", &Histogram::histogram_type, histogram_type), Field("sum", &Histogram::sum, sum));
}

TEST(HistogramParse, FirefoxJson) {
  auto h = ParseHistogram(
      R"({"bucket_count":10,"histogram_type":1,"sum":2628,"range":[1,100],)"
      R"("values":{"0":12434,"1":297,"13":8}})");
  ASSERT_THAT(h, IsOk());
  EXPECT_THAT(*h, HasHeader(10, 1, 2628));
  ASSERT_TRUE(h->range.has_value());
  EXPECT_EQ(h->range->first, 1);
  EXPECT_EQ(h->range->second, 100);
  EXPECT_THAT(h->values, ElementsAre(IsBucket(0, 12434), IsBucket(1, 297), IsBucket(13, 8)));
}

TEST(HistogramParse, GleanJsonWithExtraFields) {
  auto h = ParseHistogram(R"(  {"sum": 123, "time_unit": "ms", "values": {"1": 2, "7": 1}} )");
  ASSERT_THAT(h, IsOk());
  EXPECT_EQ(h->sum, 123);
  EXPECT_EQ(h->bucket_count, 0);
  EXPECT_FALSE(h->range.has_value());
  EXPECT_THAT(h->values, ElementsAre(IsBucket(1, 2), IsBucket(7, 1)));
}

TEST(HistogramParse, JsonNullOrMissingValuesIsEmpty) {
  auto h = ParseHistogram(R"({"sum":0,"values":null})");
  ASSERT_THAT(h, IsOk());
  EXPECT_TRUE(h->values.empty());
}

TEST(HistogramParse, CompactForm) {
  auto h = ParseHistogram("3;2;5;1,2;0:0,1:5,2:0");
  ASSERT_THAT(h, IsOk());
  EXPECT_THAT(*h, HasHeader(3, 2, 5));
  EXPECT_EQ(h->range->second, 2);
  EXPECT_THAT(h->values, ElementsAre(IsBucket(0, 0), IsBucket(1, 5), IsBucket(2, 0)));
}

TEST(HistogramParse, CompactFormWithNoEntriesAndShortEntriesSkipped) {
  auto h = ParseHistogram("51;1;0;1,50;");
  ASSERT_THAT(h, IsOk());
  EXPECT_EQ(h->bucket_count, 51);
  EXPECT_TRUE(h->values.empty());
  h = ParseHistogram("5;1;3;1,5;0:3,1:");  // "1:" is shorter than 3: skipped
  ASSERT_THAT(h, IsOk());
  EXPECT_THAT(h->values, ElementsAre(IsBucket(0, 3)));
}

TEST(HistogramParse, BooleanForm) {
  auto h = ParseHistogram("0,31");
  ASSERT_THAT(h, IsOk());
  EXPECT_THAT(*h, HasHeader(3, 2, 31));
  EXPECT_THAT(h->values, ElementsAre(IsBucket(0, 0), IsBucket(1, 31), IsBucket(2, 0)));
}

TEST(HistogramParse, CountForm) {
  auto h = ParseHistogram("37");
  ASSERT_THAT(h, IsOk());
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
    EXPECT_THAT(h, StatusIs(absl::StatusCode::kInvalidArgument)) << text;
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

// ParseAll reads well-formed arrays with simdjson On-Demand and everything
// else again with the DOM parser: on any mix of elements it must agree with
// parsing each element on its own (buckets, or the failure).
std::string RandomElement(std::mt19937& rng, bool allow_bad) {
  const std::vector<std::string> good = {
      R"({"bucket_count":10,"histogram_type":1,"sum":26,"range":[1,100],"values":{"0":12,"1":2,"13":8}})",
      R"({"values":{"3":1,"3":2}})",                       // duplicate keys kept
      R"({"sum":null,"range":null,"values":{"7":0.5}})",   // nulls ignored
      R"({"values":{" 4 ":1,"2.5":3,"1e2":1}})",           // keys the slow key path reads
      R"({"values":{"\u0031":4}})",                        // an escaped key
      R"({"val\u0075es":{"9":1}})",                        // an escaped field name
      R"({"values":{"123456789012345678":1}})",            // more digits than a double holds
      R"({"extra":{"deep":[1,{"x":null}]},"values":{"5":2}})",
      R"({})",
      R"(null)",
      R"("3;2;1;1,2;0:4,1:1")",
      R"("{\"values\":{\"8\":2}}")",
      R"("7")",
  };
  const std::vector<std::string> bad = {
      R"({"values":{"x":1}})",         R"({"values":{"1":"one"}})", R"({"values":{"1":-1}})",
      R"({"bucket_count":1.5})",       R"({"range":[1,"a"]})",      R"({"sum":"s"})",
      R"({"values":[1]})",             R"(12)",                     R"("{\"values\":{\"1\":")",
      R"({"values":{"1":1e999}})",
  };
  if (allow_bad && rng() % 8 == 0) return bad[rng() % bad.size()];
  return good[rng() % good.size()];
}

std::vector<Bucket> ElementByElement(const std::vector<std::string>& elements, bool& ok) {
  std::vector<Bucket> out;
  ok = true;
  for (const std::string& e : elements) {
    if (e == "null") continue;
    std::string text = e;
    if (text.front() == '"') {  // a JSON string: its unescaped content
      std::string unescaped;
      for (size_t i = 1; i + 1 < text.size(); ++i) {
        if (text[i] == '\\') ++i;
        unescaped.push_back(text[i]);
      }
      text = unescaped;
    } else if (text.front() != '{') {
      ok = false;
      return out;
    }
    auto h = ParseHistogram(text);
    if (!h.ok()) {
      ok = false;
      return out;
    }
    out.insert(out.end(), h->values.begin(), h->values.end());
  }
  return out;
}

TEST(HistogramParseAll, AgreesWithParsingEachElement) {
  std::mt19937 rng(42);
  HistogramParser parser;
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::string> elements(rng() % 6);
    for (std::string& e : elements) e = RandomElement(rng, /*allow_bad=*/round % 2 == 1);
    std::string text = "[";
    for (size_t i = 0; i < elements.size(); ++i) text += (i > 0 ? ", " : "") + elements[i];
    text += "]";
    bool expected_ok;
    const std::vector<Bucket> expected = ElementByElement(elements, expected_ok);
    std::vector<Bucket> got;
    absl::Status status = parser.ParseAll(text, got);
    ASSERT_EQ(status.ok(), expected_ok) << text << ": " << status;
    if (!expected_ok) continue;
    ASSERT_EQ(got.size(), expected.size()) << text;
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].key, expected[i].key) << text;
      EXPECT_EQ(got[i].value, expected[i].value) << text;
    }
  }
}

// A field opmon does not read is still validated, and so is what follows
// the array: invalid JSON anywhere is an error, as the DOM parser finds it.
TEST(HistogramParseAll, InvalidJsonInAFieldNotReadIsAnError) {
  HistogramParser parser;
  std::vector<Bucket> out;
  EXPECT_EQ(parser.ParseAll(R"([{"values":{"1":1},"extra":tru}])", out).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parser.ParseAll(R"([{"extra":[1,],"values":{"1":1}}])", out).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parser.ParseAll(R"([{"values":{"1":1}}] [])", out).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parser.ParseAll(R"([{"values":{"1":1}}]])", out).code(), absl::StatusCode::kInvalidArgument);
  out.clear();
  ASSERT_TRUE(parser.ParseAll(R"([{"extra":[1,{"a":null}],"values":{"1":1}}])", out).ok());
  EXPECT_THAT(out, ElementsAre(IsBucket(1, 1)));
}

// The On-Demand pass reads the text where it lies when simdjson's padding
// stays on the text's page, and copies it otherwise: text ending anywhere
// near a page boundary parses the same.
TEST(HistogramParseAll, SameResultWhereverTheTextEnds) {
  const std::string text = R"([{"values":{"1":2,"5":1}},{"values":{"5":3}}])";
  constexpr size_t kPage = 4096;
  void* pages = std::aligned_alloc(kPage, 2 * kPage);
  ASSERT_NE(pages, nullptr);
  char* base = static_cast<char*>(pages);
  std::memset(base, 'x', 2 * kPage);
  HistogramParser parser;
  for (size_t end = kPage - 80; end <= kPage + 8; ++end) {
    char* start = base + end - text.size();
    std::memcpy(start, text.data(), text.size());
    std::vector<Bucket> got;
    ASSERT_THAT(parser.ParseAll(std::string_view(start, text.size()), got), IsOk()) << end;
    EXPECT_THAT(got, ElementsAre(IsBucket(1, 2), IsBucket(5, 1), IsBucket(5, 3))) << end;
  }
  std::free(pages);
}

}  // namespace
}  // namespace opmon::kernels
