#include "clients/opmonctl/rpc_failure.h"

#include <sstream>

#include "gtest/gtest.h"

namespace opmon::ctl {
namespace {

TEST(RpcFailed, PrintsTheMessageAndTheNumericCodeAndReturnsOne) {
  ::testing::internal::CaptureStderr();
  const int code = RpcFailed(absl::UnavailableError("failed to connect to all addresses"));
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "opmonctl: failed to connect to all addresses (14)\n");
  EXPECT_EQ(code, 1);
}

TEST(ReportRpcFailure, NamesTheCommandAndTheCodeAndReturnsOne) {
  std::ostringstream err;
  EXPECT_EQ(ReportRpcFailure(err, "projects get", absl::NotFoundError("project \"x\" not found")), 1);
  EXPECT_EQ(err.str(), "opmonctl: projects get: NOT_FOUND: project \"x\" not found\n");
}

}  // namespace
}  // namespace opmon::ctl
