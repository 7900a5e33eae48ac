#include "services/lookml/lookml_service.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/grpc/unary_handler.h"
#include "services/lookml/lookml_generator.h"

namespace opmon::lookml {
namespace {

absl::Status RequireSlug(const std::string& slug) {
  if (slug.empty()) return absl::InvalidArgumentError("slug: must name a project, got \"\"");
  return absl::OkStatus();
}

void AddFiles(const std::vector<GeneratedFile>& files,
              google::protobuf::RepeatedPtrField<v1::GeneratedFile>* out) {
  out->Reserve(static_cast<int>(files.size()));
  for (const GeneratedFile& f : files) {
    v1::GeneratedFile* file = out->Add();
    file->set_path(f.path);
    file->set_content(f.content);
  }
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

grpc::ServerUnaryReactor* LookmlServiceImpl::GenerateAll(grpc::CallbackServerContext* ctx,
                                                         const v1::GenerateAllRequest* request,
                                                         v1::GenerateAllResponse* response) {
  return grpc_edge::HandleUnary(ctx, executor_, "LookmlService.GenerateAll", [this, request, response] {
    absl::StatusOr<GeneratedTree> tree = generator_.GenerateAll(request->connection());
    if (!tree.ok()) return tree.status();
    AddFiles(tree->files, response->mutable_files());
    for (const std::string& p : tree->problems) response->add_problems(p);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* LookmlServiceImpl::RenderPreview(grpc::CallbackServerContext* ctx,
                                                           const v1::RenderPreviewRequest* request,
                                                           v1::RenderPreviewResponse* response) {
  return grpc_edge::HandleUnary(ctx, executor_, "LookmlService.RenderPreview", [this, request, response] {
    if (absl::Status s = RequireSlug(request->slug()); !s.ok()) return s;
    absl::StatusOr<std::string> html = generator_.RenderPreview(request->slug());
    if (!html.ok()) return html.status();
    response->set_html(*std::move(html));
    return absl::OkStatus();
  });
}

}  // namespace opmon::lookml
