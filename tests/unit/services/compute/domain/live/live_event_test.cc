#include "services/compute/domain/live/live_event.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::compute::live {
namespace {

using opmon::live::EventKind;
using ::opmon::testing::IsOk;
using ::opmon::testing::StatusIs;
using ::testing::HasSubstr;

RawLiveEvent Enrollment() {
  RawLiveEvent raw;
  raw.event_id = "e1";
  raw.submission_timestamp = "2024-02-10T12:04:59.999Z";
  raw.client_id = "c1";
  raw.app = "firefox_desktop";
  raw.channel = "release";
  raw.experiment = "exp";
  raw.branch = "control";
  raw.event = "enrollFailed";
  return raw;
}

RawLiveEvent Search() {
  RawLiveEvent raw = Enrollment();
  raw.event.reset();
  raw.search_count = 3;
  raw.search_with_ads_count = 2;
  raw.ad_clicks_count = 1;
  return raw;
}

TEST(ValidateLiveEvent, KeepsTheCanonicalKindAndTheExactTime) {
  absl::StatusOr<LiveEvent> event = ValidateLiveEvent(Enrollment());
  ASSERT_THAT(event.status(), IsOk());
  EXPECT_EQ(event->kind, EventKind::kEnrollFailed);
  EXPECT_EQ(event->submission_timestamp,
            absl::FromCivil(absl::CivilSecond(2024, 2, 10, 12, 4, 59), absl::UTCTimeZone()) + absl::Milliseconds(999));
  EXPECT_EQ(event->branch, "control");
}

TEST(ValidateLiveEvent, ReadsOffsetsAndANullBranch) {
  RawLiveEvent raw = Enrollment();
  raw.submission_timestamp = "2024-02-10T13:05:00+01:00";
  raw.branch.reset();
  absl::StatusOr<LiveEvent> event = ValidateLiveEvent(raw);
  ASSERT_THAT(event.status(), IsOk());
  EXPECT_EQ(event->submission_timestamp, absl::FromCivil(absl::CivilSecond(2024, 2, 10, 12, 5, 0), absl::UTCTimeZone()));
  EXPECT_EQ(event->branch, std::nullopt);
}

TEST(ValidateLiveEvent, KeepsASearchRecordsCounts) {
  absl::StatusOr<LiveEvent> event = ValidateLiveEvent(Search());
  ASSERT_THAT(event.status(), IsOk());
  EXPECT_EQ(event->kind, std::nullopt);
  EXPECT_EQ(event->search.search_count, 3);
  EXPECT_EQ(event->search.search_with_ads_count, 2);
  EXPECT_EQ(event->search.ad_clicks_count, 1);
}

TEST(ValidateLiveEvent, NamesTheBadField) {
  RawLiveEvent no_client = Enrollment();
  no_client.client_id.clear();
  EXPECT_THAT(ValidateLiveEvent(no_client), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("client_id")));
  RawLiveEvent bad_time = Enrollment();
  bad_time.submission_timestamp = "2024-02-10 12:00";
  EXPECT_THAT(ValidateLiveEvent(bad_time),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("submission_timestamp: \"2024-02-10 12:00\"")));
  RawLiveEvent unknown = Enrollment();
  unknown.event = "enrol";
  EXPECT_THAT(ValidateLiveEvent(unknown), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("event: \"enrol\"")));
  RawLiveEvent empty_branch = Enrollment();
  empty_branch.branch = "";
  EXPECT_THAT(ValidateLiveEvent(empty_branch), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("branch")));
  RawLiveEvent both = Search();
  both.event = "enroll";
  EXPECT_THAT(ValidateLiveEvent(both), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("search_count")));
  RawLiveEvent missing = Search();
  missing.ad_clicks_count.reset();
  EXPECT_THAT(ValidateLiveEvent(missing), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ad_clicks_count")));
  RawLiveEvent negative = Search();
  negative.search_with_ads_count = -1;
  EXPECT_THAT(ValidateLiveEvent(negative),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("search_with_ads_count: -1")));
}

}  // namespace
}  // namespace opmon::compute::live
