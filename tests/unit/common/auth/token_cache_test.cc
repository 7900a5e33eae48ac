#include "common/auth/token_cache.h"

#include "common/auth/bearer_token.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::auth {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(TokenCache, IsUnavailableUntilLoaded) {
  TokenCache cache;
  EXPECT_THAT(cache.Authenticate("opmon_a"), StatusIs(absl::StatusCode::kUnavailable));
}

TEST(TokenCache, FindsTheCallerOfAStoredDigest) {
  TokenCache cache;
  cache.Replace({{TokenDigest("opmon_a"), "ci", Role::kOperator}});
  absl::StatusOr<Caller> caller = cache.Authenticate("opmon_a");
  ASSERT_THAT(caller, IsOk());
  EXPECT_EQ(caller->name, "ci");
  EXPECT_EQ(caller->role, Role::kOperator);
}

TEST(TokenCache, RefusesATokenThatIsNoLongerInTheCopy) {
  TokenCache cache;
  cache.Replace({{TokenDigest("opmon_a"), "ci", Role::kOperator}});
  cache.Replace({});
  EXPECT_THAT(cache.Authenticate("opmon_a"), StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST(TokenCache, RemembersUsedDigestsOnceUntilTaken) {
  TokenCache cache;
  cache.Replace({{TokenDigest("opmon_a"), "ci", Role::kReader}});
  ASSERT_TRUE(cache.Authenticate("opmon_a").ok());
  ASSERT_TRUE(cache.Authenticate("opmon_a").ok());
  EXPECT_FALSE(cache.Authenticate("opmon_b").ok());
  EXPECT_THAT(cache.TakeUsed(), ElementsAre(TokenDigest("opmon_a")));
  EXPECT_THAT(cache.TakeUsed(), IsEmpty());
}

}  // namespace
}  // namespace opmon::auth
