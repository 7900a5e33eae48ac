#include "common/grpc/finished_stream.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "opmon/v1/compute.grpc.pb.h"

namespace opmon::grpc_edge {
namespace {

constexpr int64_t kGrpcStatusId = 1;

// A service whose one streaming RPC always refuses; served in process.
class RefusingService final : public v1::ComputeService::CallbackService {
 public:
  grpc::ServerWriteReactor<v1::JobProgress>* WatchJob(grpc::CallbackServerContext*,
                                                      const v1::WatchJobRequest* request) override {
    if (request->id() == kGrpcStatusId) {
      return FinishedStream<v1::JobProgress>(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not yet"));
    }
    return FinishedStream<v1::JobProgress>(absl::InvalidArgumentError("id: " + std::to_string(request->id()) + " is bad"));
  }
};

class FinishedStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::ComputeService::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }
  void TearDown() override { server_->Shutdown(); }

  // Reads the whole stream of WatchJob(id): its status and how many messages came.
  std::pair<grpc::Status, int> Watch(int64_t id) {
    grpc::ClientContext ctx;
    v1::WatchJobRequest request;
    request.set_id(id);
    std::unique_ptr<grpc::ClientReader<v1::JobProgress>> reader = stub_->WatchJob(&ctx, request);
    v1::JobProgress progress;
    int messages = 0;
    while (reader->Read(&progress)) ++messages;
    return {reader->Finish(), messages};
  }

  RefusingService service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::ComputeService::Stub> stub_;
};

TEST_F(FinishedStreamTest, EndsAtOnceWithTheDomainErrorConverted) {
  auto [status, messages] = Watch(-3);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "id: -3 is bad");
  EXPECT_EQ(messages, 0);
}

TEST_F(FinishedStreamTest, EndsAtOnceWithAGrpcStatusAsGiven) {
  auto [status, messages] = Watch(kGrpcStatusId);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_EQ(status.error_message(), "not yet");
  EXPECT_EQ(messages, 0);
}

}  // namespace
}  // namespace opmon::grpc_edge
