// When failed webhook deliveries are retried and when they are given up.
#include "services/statistics/domain/delivery_policy.h"

#include "gtest/gtest.h"

namespace opmon::statistics {
namespace {

TEST(RetryDelay, DoublesFromTheInitialBackoffUpToTheCap) {
  const DeliveryPolicy policy{.initial_backoff = absl::Milliseconds(200), .max_backoff = absl::Seconds(1)};
  EXPECT_EQ(RetryDelay(policy, 1), absl::Milliseconds(200));
  EXPECT_EQ(RetryDelay(policy, 2), absl::Milliseconds(400));
  EXPECT_EQ(RetryDelay(policy, 3), absl::Milliseconds(800));
  EXPECT_EQ(RetryDelay(policy, 4), absl::Seconds(1));
  EXPECT_EQ(RetryDelay(policy, 1000), absl::Seconds(1)) << "no overflow after many failures";
}

TEST(RetryDelay, DefaultsReachFiveMinutesAfterNineFailures) {
  const DeliveryPolicy policy;
  EXPECT_EQ(RetryDelay(policy, 1), absl::Seconds(1));
  EXPECT_EQ(RetryDelay(policy, 9), absl::Seconds(256));
  EXPECT_EQ(RetryDelay(policy, 10), absl::Minutes(5));
}

TEST(GiveUp, AfterMaxAttemptsOrMaxAge) {
  const DeliveryPolicy policy{.max_attempts = 3, .max_age = absl::Hours(1)};
  EXPECT_FALSE(GiveUp(policy, 1, absl::Minutes(1)));
  EXPECT_FALSE(GiveUp(policy, 2, absl::Minutes(59)));
  EXPECT_TRUE(GiveUp(policy, 3, absl::Minutes(1)));
  EXPECT_TRUE(GiveUp(policy, 1, absl::Hours(1)));
  EXPECT_TRUE(GiveUp(policy, 1, absl::Hours(30)));
}

}  // namespace
}  // namespace opmon::statistics
