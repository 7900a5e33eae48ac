#include "services/compute/domain/errors/flat_json.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opmon::compute::errors {
namespace {

using ::testing::ElementsAre;
using Pairs = std::vector<std::pair<std::string, std::string>>;

std::optional<std::vector<std::pair<std::string, int64_t>>> Counts(std::string_view text) {
  std::vector<std::pair<std::string, int64_t>> out;
  if (!ForEachCount(text, [&](std::string_view key, int64_t n) { out.emplace_back(key, n); })) return std::nullopt;
  return out;
}

TEST(ForEachCount, ReadsObjectsOfNonNegativeIntegers) {
  EXPECT_EQ(Counts("{}"), (std::vector<std::pair<std::string, int64_t>>{}));
  EXPECT_EQ(Counts(R"( {"gpu": 0, "content" :12 , "a\"b": 9223372036854775807} )"),
            (std::vector<std::pair<std::string, int64_t>>{{"gpu", 0}, {"content", 12}, {"a\"b", 9223372036854775807}}));
}

TEST(ForEachCount, RefusesAnythingElse) {
  for (const char* bad : {"", "[]", "1", "null", "{", "{\"a\": 1,}", "{\"a\": -1}", "{\"a\": 1.0}", "{\"a\": 1e2}",
                          "{\"a\": 01}", "{\"a\": \"1\"}", "{\"a\": 9223372036854775808}", "{\"a\": 1} x",
                          "{a: 1}", "{\"a\" 1}", "{\"a\": null}"}) {
    EXPECT_EQ(Counts(bad), std::nullopt) << bad;
  }
}

TEST(ParseExperiments, ReadsBranchesAndSkipsOtherMembers) {
  EXPECT_EQ(ParseExperiments("{}"), Pairs{});
  EXPECT_EQ(ParseExperiments(R"({"b": {"branch": "treatment", "type": "normandy-exp", "extra": {"x": [1, 2.5e-3, true, null]}},
                                  "a": {"enrollment_id": "\u00e9\ud83d\ude00", "branch": "c\\tl"}})"),
            (Pairs{{"b", "treatment"}, {"a", "c\\tl"}}));
  EXPECT_EQ(ParseExperiments(R"({"\u00e9": {"branch": "\u00e9\ud83d\ude00"}})"),
            (Pairs{{"\xC3\xA9", "\xC3\xA9\xF0\x9F\x98\x80"}}));
}

TEST(ParseExperiments, RefusesOtherShapes) {
  for (const char* bad : {"", "[]", "null", R"({"e": "control"})", R"({"e": {}})", R"({"e": {"branch": 3}})",
                          R"({"e": {"branch": null}})", R"({"": {"branch": "a"}})", R"({"e": {"branch": "a"})",
                          R"({"e": {"branch": "a"}} {})", R"({"e": {"branch": "a", "x": [1,]}})",
                          R"({"e": {"branch": "\ud83d"}})", R"({"e": {"branch": "a\qb"}})"}) {
    EXPECT_EQ(ParseExperiments(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace opmon::compute::errors
