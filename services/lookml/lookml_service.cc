#include "services/lookml/lookml_service.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/grpc/buffered_stream.h"
#include "common/grpc/unary_handler.h"
#include "common/status/status_macros.h"
#include "services/lookml/lookml_generator.h"
#include "services/lookml/lookml_proto.h"

namespace opmon::lookml {
namespace {

absl::Status RequireSlug(const std::string& slug) {
  if (slug.empty()) return absl::InvalidArgumentError("slug: must name a project, got \"\"");
  return absl::OkStatus();
}

}  // namespace

LookmlServiceImpl::LookmlServiceImpl(LookmlGenerator& generator, grpc_edge::Executor& executor)
    : generator_(generator), executor_(executor) {}

grpc::ServerUnaryReactor* LookmlServiceImpl::GenerateProject(grpc::CallbackServerContext* ctx,
                                                             const v1::GenerateProjectRequest* request,
                                                             v1::GenerateProjectResponse* response) {
  return grpc_edge::HandleUnary(ctx, executor_, "LookmlService.GenerateProject", [this, request, response] {
    if (absl::Status s = RequireSlug(request->slug()); !s.ok()) return s;
    absl::StatusOr<std::vector<GeneratedFile>> files = generator_.GenerateProject(request->slug());
    if (!files.ok()) return files.status();
    AddFiles(*files, response->mutable_files());
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::GenerateAllResponse>* LookmlServiceImpl::GenerateAll(
    grpc::CallbackServerContext* ctx, const v1::GenerateAllRequest* request) {
  return grpc_edge::HandleBufferedStream<v1::GenerateAllResponse>(
      ctx, executor_, "LookmlService.GenerateAll",
      [this, connection = request->connection()]() -> absl::StatusOr<std::vector<v1::GenerateAllResponse>> {
        absl::StatusOr<GeneratedTree> tree = generator_.GenerateAll(connection);
        if (!tree.ok()) return tree.status();
        return GenerateAllMessages(*tree);
      });
}

grpc::ServerWriteReactor<v1::RenderPreviewResponse>* LookmlServiceImpl::RenderPreview(
    grpc::CallbackServerContext* ctx, const v1::RenderPreviewRequest* request) {
  return grpc_edge::HandleBufferedStream<v1::RenderPreviewResponse>(
      ctx, executor_, "LookmlService.RenderPreview",
      [this, slug = request->slug()]() -> absl::StatusOr<std::vector<v1::RenderPreviewResponse>> {
        OPMON_RETURN_IF_ERROR(RequireSlug(slug));
        absl::StatusOr<std::string> html = generator_.RenderPreview(slug);
        if (!html.ok()) return html.status();
        return PreviewMessages(*html);
      });
}

}  // namespace opmon::lookml
