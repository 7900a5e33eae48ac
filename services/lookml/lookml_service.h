#pragma once
// opmon.v1.LookmlService: converts requests, calls domain code, maps statuses.

#include "opmon/v1/lookml.grpc.pb.h"

namespace opmon::lookml {

class LookmlServiceImpl final : public opmon::v1::LookmlService::CallbackService {
 public:
  grpc::ServerUnaryReactor* GenerateProject(grpc::CallbackServerContext* ctx, const v1::GenerateProjectRequest* request,
      v1::GenerateProjectResponse* response) override;
  grpc::ServerUnaryReactor* GenerateAll(grpc::CallbackServerContext* ctx, const v1::GenerateAllRequest* request,
      v1::GenerateAllResponse* response) override;
  grpc::ServerUnaryReactor* RenderPreview(grpc::CallbackServerContext* ctx, const v1::RenderPreviewRequest* request,
      v1::RenderPreviewResponse* response) override;
};

}  // namespace opmon::lookml
