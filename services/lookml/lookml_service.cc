#include "services/lookml/lookml_service.h"

#include "common/grpc/unimplemented.h"

namespace opmon::lookml {

using grpc_edge::Unimplemented;
using grpc_edge::UnimplementedStream;

grpc::ServerUnaryReactor* LookmlServiceImpl::GenerateProject(grpc::CallbackServerContext* ctx, const v1::GenerateProjectRequest*,
    v1::GenerateProjectResponse*) {
  return Unimplemented(ctx, "LookmlService.GenerateProject", "issue #7 (lookml service)");
}

grpc::ServerUnaryReactor* LookmlServiceImpl::GenerateAll(grpc::CallbackServerContext* ctx, const v1::GenerateAllRequest*,
    v1::GenerateAllResponse*) {
  return Unimplemented(ctx, "LookmlService.GenerateAll", "issue #7 (lookml service)");
}

grpc::ServerUnaryReactor* LookmlServiceImpl::RenderPreview(grpc::CallbackServerContext* ctx, const v1::RenderPreviewRequest*,
    v1::RenderPreviewResponse*) {
  return Unimplemented(ctx, "LookmlService.RenderPreview", "issue #7 (lookml service)");
}

}  // namespace opmon::lookml
