#pragma once
// opmon.v1.LookmlService: validates requests, calls LookmlGenerator, converts
// the result. No SQL and no generation logic here.

#include "opmon/v1/lookml.grpc.pb.h"

namespace opmon::grpc_edge {
class Executor;
}

namespace opmon::lookml {

class LookmlGenerator;

class LookmlServiceImpl final : public opmon::v1::LookmlService::CallbackService {
 public:
  // Both must outlive the service.
  LookmlServiceImpl(LookmlGenerator& generator, grpc_edge::Executor& executor);

  grpc::ServerUnaryReactor* GenerateProject(grpc::CallbackServerContext* ctx, const v1::GenerateProjectRequest* request,
      v1::GenerateProjectResponse* response) override;
  // Streamed: the tree or page can pass one message's size limit (lookml_proto.h).
  grpc::ServerWriteReactor<v1::GenerateAllResponse>* GenerateAll(grpc::CallbackServerContext* ctx,
                                                                 const v1::GenerateAllRequest* request) override;
  grpc::ServerWriteReactor<v1::RenderPreviewResponse>* RenderPreview(grpc::CallbackServerContext* ctx,
                                                                     const v1::RenderPreviewRequest* request) override;

 private:
  LookmlGenerator& generator_;
  grpc_edge::Executor& executor_;
};

}  // namespace opmon::lookml
