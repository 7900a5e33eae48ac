#include "common/auth/access_policy.h"

#include "common/auth/bearer_token.h"
#include "common/auth/token_cache.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::auth {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kReader = "opmon_reader_token";
constexpr std::string_view kOperator = "opmon_operator_token";

class AccessPolicyTest : public ::testing::Test {
 protected:
  AccessPolicyTest() {
    cache_.Replace({{TokenDigest(kReader), "dashboards", Role::kReader},
                    {TokenDigest(kOperator), "ci", Role::kOperator}});
  }
  static std::string Bearer(std::string_view token) { return "Bearer " + std::string(token); }

  TokenCache cache_;
  AccessPolicy policy_{cache_};
};

TEST_F(AccessPolicyTest, AdmitsARoleAtOrAboveTheOneNeeded) {
  EXPECT_THAT(policy_.Check("ConfigService.GetProject", Bearer(kReader)), IsOk());
  EXPECT_THAT(policy_.Check("ConfigService.GetProject", Bearer(kOperator)), IsOk());
  EXPECT_THAT(policy_.Check("ComputeService.RunProject", Bearer(kOperator)), IsOk());
}

TEST_F(AccessPolicyTest, DeniesALowerRoleNamingTheRoleNeeded) {
  EXPECT_THAT(policy_.Check("ComputeService.RunProject", Bearer(kReader)),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       AllOf(HasSubstr("needs role operator"), HasSubstr("\"dashboards\" has role reader"),
                             Not(HasSubstr(std::string(kReader))))));
  EXPECT_THAT(policy_.Check("ConfigService.ApplyProject", Bearer(kOperator)),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("needs role admin")));
}

TEST_F(AccessPolicyTest, RefusesACallWithoutAToken) {
  EXPECT_THAT(policy_.Check("ConfigService.GetProject", std::nullopt),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("authorization: Bearer")));
  EXPECT_THAT(policy_.Check("ConfigService.GetProject", "Basic abc"),
              StatusIs(absl::StatusCode::kUnauthenticated));
}

TEST_F(AccessPolicyTest, RefusesAnUnknownTokenWithoutEchoingIt) {
  EXPECT_THAT(policy_.Check("ConfigService.GetProject", Bearer("opmon_guess")),
              StatusIs(absl::StatusCode::kUnauthenticated,
                       AllOf(HasSubstr("unknown or revoked"), Not(HasSubstr("opmon_guess")))));
}

TEST_F(AccessPolicyTest, RefusesAnRpcMissingFromTheRoleTableEvenForAKnownToken) {
  EXPECT_THAT(policy_.Check("ConfigService.NotInTheTable", Bearer(kOperator)),
              StatusIs(absl::StatusCode::kPermissionDenied, HasSubstr("not in the role table")));
}

}  // namespace
}  // namespace opmon::auth
