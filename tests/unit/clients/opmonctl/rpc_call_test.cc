// CallUnary and ReadServerStream against an address nothing listens on (a
// unix socket path that does not exist): no network, no server, and the
// failure comes back as an absl::Status with gRPC's code.
#include "clients/opmonctl/rpc_call.h"

#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace opmon::ctl {
namespace {

constexpr char kNobody[] = "unix:/nonexistent/opmonctl-rpc-call-test.sock";

TEST(CallUnary, ReturnsUnavailableWhenNothingListens) {
  grpc::health::v1::HealthCheckRequest request;
  absl::StatusOr<grpc::health::v1::HealthCheckResponse> response =
      CallUnary(kNobody, {}, 10, &grpc::health::v1::Health::Stub::Check, request);
  EXPECT_THAT(response, StatusIs(absl::StatusCode::kUnavailable));
}

TEST(ReadServerStream, ReturnsUnavailableWithoutAMessageWhenNothingListens) {
  grpc::health::v1::HealthCheckRequest request;
  int messages = 0;
  absl::Status status = ReadServerStream(kNobody, {}, 10, &grpc::health::v1::Health::Stub::Watch, request,
                                         [&](const grpc::health::v1::HealthCheckResponse&) { ++messages; });
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_EQ(messages, 0);
}

}  // namespace
}  // namespace opmon::ctl
