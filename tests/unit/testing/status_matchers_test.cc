#include "tests/testing/status_matchers.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace opmon::testing {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;

// What the matcher says about `value` when it does not match.
template <typename Matcher, typename Value>
std::string Explain(const Matcher& matcher, const Value& value) {
  ::testing::StringMatchResultListener listener;
  ::testing::Matcher<const Value&>(matcher).MatchAndExplain(value, &listener);
  return listener.str();
}

TEST(IsOk, MatchesOkStatusAndStatusOrWithValue) {
  EXPECT_THAT(absl::OkStatus(), IsOk());
  EXPECT_THAT(absl::StatusOr<int>(3), IsOk());
  EXPECT_THAT(absl::NotFoundError("x"), Not(IsOk()));
  EXPECT_THAT(absl::StatusOr<std::string>(absl::InternalError("x")), Not(IsOk()));
}

TEST(IsOk, ExplainsAFailureWithTheStatus) {
  EXPECT_EQ(Explain(IsOk(), absl::NotFoundError("slug: no project \"a\"")),
            "which is NOT_FOUND: slug: no project \"a\"");
  EXPECT_EQ(::testing::DescribeMatcher<absl::Status>(IsOk()), "is OK");
}

TEST(StatusIs, MatchesCodeAndMessage) {
  const absl::Status status = absl::InvalidArgumentError("metrics.gc_ms: unknown");
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("gc_ms")));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument, "metrics.gc_ms: unknown"));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(status, Not(StatusIs(absl::StatusCode::kNotFound)));
  EXPECT_THAT(status, Not(StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("branch"))));
  EXPECT_THAT(status, StatusIs(AnyOf(absl::StatusCode::kNotFound, absl::StatusCode::kInvalidArgument)));
}

TEST(StatusIs, MatchesTheStatusOfAStatusOr) {
  EXPECT_THAT(absl::StatusOr<int>(absl::AbortedError("retry")), StatusIs(absl::StatusCode::kAborted, "retry"));
  EXPECT_THAT(absl::StatusOr<int>(7), StatusIs(absl::StatusCode::kOk));
  EXPECT_THAT(absl::StatusOr<int>(7), Not(StatusIs(absl::StatusCode::kAborted)));
}

TEST(StatusIs, MatchesAFinishedRpc) {
  EXPECT_THAT(grpc::Status::OK, IsOk());
  EXPECT_THAT(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "needs role admin"), Not(IsOk()));
  EXPECT_THAT(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "needs role admin"),
              StatusIs(absl::StatusCode::kPermissionDenied, "needs role admin"));
  EXPECT_EQ(Explain(IsOk(), grpc::Status(grpc::StatusCode::NOT_FOUND, "no project")), "which is NOT_FOUND: no project");
}

TEST(StatusIs, ExplainsAFailureWithTheStatus) {
  EXPECT_EQ(Explain(StatusIs(absl::StatusCode::kNotFound), absl::StatusOr<int>(absl::AbortedError("retry"))),
            "which is ABORTED: retry");
  EXPECT_EQ(::testing::DescribeMatcher<absl::Status>(StatusIs(absl::StatusCode::kNotFound, HasSubstr("slug"))),
            "has a status code that is equal to NOT_FOUND, and a message that has substring \"slug\"");
}

}  // namespace
}  // namespace opmon::testing
