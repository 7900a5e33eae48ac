// The fast path of the NDJSON reader: it reads the lines opmon's tools write
// into the same LiveEvent a hand-built one is, and declines every line whose
// reading needs the general JSON parser (live_ndjson_test.cc checks that
// parser's answers and messages).
#include "clients/opmonctl/flat_event_line.h"

#include <optional>
#include <string>

#include "clients/opmonctl/live_ndjson.h"
#include "gtest/gtest.h"

namespace opmon::ctl {
namespace {

std::string Serialized(const v1::LiveEvent& e) { return e.SerializeAsString(); }

TEST(ParseFlatEventLine, ReadsAnEnrollmentEventAsDatagenWritesIt) {
  std::optional<v1::LiveEvent> e = ParseFlatEventLine(
      R"({"event_id":"6f1c-1","submission_timestamp":"2024-02-20T12:04:59.999Z","client_id":"c7","app":"fenix",)"
      R"("channel":"beta","experiment":"x-y","branch":null,"event":"enrollFailed"})");
  ASSERT_TRUE(e.has_value());
  v1::LiveEvent want;
  want.set_event_id("6f1c-1");
  want.set_submission_timestamp("2024-02-20T12:04:59.999Z");
  want.set_client_id("c7");
  want.set_app("fenix");
  want.set_channel("beta");
  want.set_experiment("x-y");
  want.set_event("enrollFailed");
  EXPECT_EQ(Serialized(*e), Serialized(want));
  EXPECT_FALSE(e->has_branch());
}

TEST(ParseFlatEventLine, ReadsASearchRecordWithSpacesAndZeroCounts) {
  std::optional<v1::LiveEvent> e = ParseFlatEventLine(
      R"( { "event_id" : "s1", "branch": "control",  "search_count": 12, "search_with_ads_count":0,)"
      "\t\"ad_clicks_count\":  907 }\r");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->event_id(), "s1");
  EXPECT_EQ(e->branch(), "control");
  EXPECT_FALSE(e->has_event());
  EXPECT_EQ(e->search_count(), 12);
  EXPECT_TRUE(e->has_search_with_ads_count());
  EXPECT_EQ(e->search_with_ads_count(), 0);
  EXPECT_EQ(e->ad_clicks_count(), 907);
}

TEST(ParseFlatEventLine, AgreesWithTheGeneralParserWhereItReads) {
  for (const std::string line : {
           R"({})",
           R"({"event_id":"a","event":null})",
           R"({"branch":"b","search_count":999999999999999999})",
       }) {
    std::optional<v1::LiveEvent> flat = ParseFlatEventLine(line);
    ASSERT_TRUE(flat.has_value()) << line;
    absl::StatusOr<v1::LiveEvent> general = ParseLiveEventLine(line);
    ASSERT_TRUE(general.ok()) << line;
    EXPECT_EQ(Serialized(*flat), Serialized(*general)) << line;
  }
}

TEST(ParseFlatEventLine, LeavesEveryOtherLineToTheGeneralParser) {
  for (const std::string line : {
           R"()", R"([1])", R"({"event_id":"a")", R"({"event_id":"a"} x)", R"({"event_id":"a",})",
           R"({"event_id":"a\"b"})",                    // an escape
           R"({"event_id":"a\u00e9"})",                 // an escape
           "{\"event_id\":\"caf\xc3\xa9\"}",           // not ASCII
           "{\"event_id\":\"a\tb\"}",                  // a control character
           R"({"brnach":"a"})",                         // unknown key
           R"({"event_id":"a","event_id":"b"})",        // repeated key
           R"({"branch":"a","branch":null})",           // repeated key
           R"({"client_id":null})",                     // null where a string is due
           R"({"event":nul})", R"({"event":nullx})",     // not null
           R"({"event":true})", R"({"app":3})",         // wrong type
           R"({"search_count":"3"})", R"({"search_count":-1})", R"({"search_count":1.5})",
           R"({"search_count":1e3})", R"({"search_count":01})",
           R"({"search_count":9999999999999999999})",   // 19 digits
           R"({"search_count":{"n":1}})",
       }) {
    EXPECT_FALSE(ParseFlatEventLine(line).has_value()) << line;
  }
}

}  // namespace
}  // namespace opmon::ctl
