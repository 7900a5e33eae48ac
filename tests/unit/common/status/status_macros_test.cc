#include "common/status/status_macros.h"

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon {
namespace {

absl::StatusOr<int> Half(int x) {
  if (x % 2 != 0) return absl::InvalidArgumentError("odd");
  return x / 2;
}

absl::StatusOr<int> Quarter(int x) {
  OPMON_ASSIGN_OR_RETURN(int half, Half(x));
  OPMON_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

absl::Status CheckEven(int x) {
  OPMON_RETURN_IF_ERROR(Half(x).status());
  return absl::OkStatus();
}

TEST(StatusMacros, PropagateTheFirstErrorAndPassValuesThrough) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status(), absl::InvalidArgumentError("odd"));  // 3 is odd
  EXPECT_EQ(Quarter(5).status(), absl::InvalidArgumentError("odd"));
  EXPECT_THAT(CheckEven(4), IsOk());
  EXPECT_THAT(CheckEven(3), StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace opmon
