#include "common/time/rfc3339.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::time {
namespace {

using ::testing::HasSubstr;

TEST(Rfc3339, ParsesAnyOffsetAndWritesUtcToTheSecond) {
  absl::StatusOr<absl::Time> t = ParseRfc3339("2026-01-31T13:05:00.5+01:00", "from");
  ASSERT_THAT(t, IsOk());
  EXPECT_EQ(*t, absl::FromUnixMillis(1769861100500));
  EXPECT_EQ(FormatRfc3339(*t), "2026-01-31T12:05:00Z");
}

TEST(Rfc3339, NamesTheFieldAndTheText) {
  EXPECT_THAT(ParseRfc3339("2026-01-31", "to"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("to: \"2026-01-31\" is not an RFC 3339 time")));
}

TEST(Rfc3339, ReadsAnEmptyOptionalBoundAsUnset) {
  absl::StatusOr<std::optional<absl::Time>> bound = ParseOptionalRfc3339("", "from");
  ASSERT_THAT(bound, IsOk());
  EXPECT_EQ(*bound, std::nullopt);
  EXPECT_THAT(ParseOptionalRfc3339("noon", "from"), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("from")));
}

}  // namespace
}  // namespace opmon::time
