#include "services/compute/domain/warehouse_limits.h"

#include <optional>

#include "gtest/gtest.h"

namespace opmon::compute {
namespace {

WarehouseLimits Server(absl::Duration statement_timeout) {
  WarehouseLimits limits;
  limits.statement_timeout = statement_timeout;
  return limits;
}

TEST(ForProject, AProjectTimeoutOnlyTightensTheServers) {
  EXPECT_EQ(ForProject(Server(absl::Minutes(30)), 90).statement_timeout, absl::Seconds(90));
  EXPECT_EQ(ForProject(Server(absl::Seconds(10)), 60).statement_timeout, absl::Seconds(10));   // capped
  EXPECT_EQ(ForProject(Server(absl::ZeroDuration()), 5).statement_timeout, absl::Seconds(5));  // server sets none
}

TEST(ForProject, WithoutAProjectTimeoutTheServersLimitsStand) {
  const WarehouseLimits server = Server(absl::Minutes(30));
  const WarehouseLimits limits = ForProject(server, std::nullopt);
  EXPECT_EQ(limits.statement_timeout, absl::Minutes(30));
  EXPECT_EQ(limits.lock_timeout, server.lock_timeout);
  EXPECT_EQ(limits.idle_in_transaction_timeout, server.idle_in_transaction_timeout);
  EXPECT_EQ(ForProject(Server(absl::ZeroDuration()), std::nullopt).statement_timeout, absl::ZeroDuration());
}

}  // namespace
}  // namespace opmon::compute
