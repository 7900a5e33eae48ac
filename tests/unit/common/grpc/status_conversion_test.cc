#include "common/grpc/status_conversion.h"

#include "gtest/gtest.h"

namespace opmon::grpc_edge {
namespace {

TEST(StatusConversion, MapsAllSeventeenCodesBothWaysWithTheMessage) {
  for (int code = 0; code <= 16; ++code) {
    absl::Status status(static_cast<absl::StatusCode>(code), code == 0 ? "" : "field x: bad");
    grpc::Status grpc_status = ToGrpcStatus(status);
    EXPECT_EQ(static_cast<int>(grpc_status.error_code()), code);
    if (code != 0) {
      EXPECT_EQ(grpc_status.error_message(), "field x: bad");
    }
    absl::Status back = FromGrpcStatus(grpc_status);
    EXPECT_EQ(back, status) << code;
  }
}

TEST(StatusConversion, NamesMatchBetweenAbslAndGrpc) {
  EXPECT_EQ(ToGrpcStatus(absl::InvalidArgumentError("x")).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ToGrpcStatus(absl::FailedPreconditionError("x")).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ToGrpcStatus(absl::UnauthenticatedError("x")).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ToGrpcStatus(absl::DataLossError("x")).error_code(), grpc::StatusCode::DATA_LOSS);
}

}  // namespace
}  // namespace opmon::grpc_edge
