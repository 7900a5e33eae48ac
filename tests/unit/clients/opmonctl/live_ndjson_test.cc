#include "clients/opmonctl/live_ndjson.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::ctl {
namespace {

using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;
using ::testing::HasSubstr;

TEST(ParseLiveEventLine, ReadsAnEnrollmentEventWithANullBranch) {
  absl::StatusOr<v1::LiveEvent> e = ParseLiveEventLine(
      R"({"event_id":"e1","submission_timestamp":"2024-02-10T12:00:00Z","client_id":"c","app":"fenix",)"
      R"("channel":"release","experiment":"x","branch":null,"event":"enrollment"})");
  ASSERT_THAT(e.status(), IsOk());
  EXPECT_EQ(e->event_id(), "e1");
  EXPECT_EQ(e->submission_timestamp(), "2024-02-10T12:00:00Z");
  EXPECT_EQ(e->app(), "fenix");
  EXPECT_FALSE(e->has_branch());
  EXPECT_EQ(e->event(), "enrollment");
  EXPECT_FALSE(e->has_search_count());
}

TEST(ParseLiveEventLine, ReadsASearchRecord) {
  absl::StatusOr<v1::LiveEvent> e = ParseLiveEventLine(
      R"({"event_id":"s1","submission_timestamp":"2024-02-10T12:00:00Z","client_id":"c","app":"firefox_desktop",)"
      R"("channel":"beta","experiment":"x","branch":"control","search_count":4,"search_with_ads_count":2,)"
      R"("ad_clicks_count":0})");
  ASSERT_THAT(e.status(), IsOk());
  EXPECT_EQ(e->branch(), "control");
  EXPECT_FALSE(e->has_event());
  EXPECT_EQ(e->search_count(), 4);
  EXPECT_EQ(e->search_with_ads_count(), 2);
  EXPECT_TRUE(e->has_ad_clicks_count());
  EXPECT_EQ(e->ad_clicks_count(), 0);
}

TEST(ParseLiveEventLine, RefusesBadShapesNamingTheKey) {
  EXPECT_THAT(ParseLiveEventLine("{\"event_id\": "), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("JSON")));
  EXPECT_THAT(ParseLiveEventLine("[1]"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("object")));
  EXPECT_THAT(ParseLiveEventLine(R"({"brnach":"a"})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("brnach: unknown key")));
  EXPECT_THAT(ParseLiveEventLine(R"({"client_id":null})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("client_id: expected a string")));
  EXPECT_THAT(ParseLiveEventLine(R"({"search_count":"3"})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("search_count: expected an integer")));
  EXPECT_THAT(ParseLiveEventLine(R"({"search_count":1.5})"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("search_count")));
}

}  // namespace
}  // namespace opmon::ctl
