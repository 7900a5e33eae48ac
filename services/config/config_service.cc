#include "services/config/config_service.h"

#include "common/grpc/unimplemented.h"

namespace opmon::config {

using grpc_edge::Unimplemented;
using grpc_edge::UnimplementedStream;

grpc::ServerUnaryReactor* ConfigServiceImpl::ValidateProject(grpc::CallbackServerContext* ctx, const v1::ValidateProjectRequest*,
    v1::ValidateProjectResponse*) {
  return Unimplemented(ctx, "ConfigService.ValidateProject", "issue #3 (config service)");
}

grpc::ServerUnaryReactor* ConfigServiceImpl::ApplyProject(grpc::CallbackServerContext* ctx, const v1::ApplyProjectRequest*,
    v1::ApplyProjectResponse*) {
  return Unimplemented(ctx, "ConfigService.ApplyProject", "issue #3 (config service)");
}

grpc::ServerUnaryReactor* ConfigServiceImpl::GetProject(grpc::CallbackServerContext* ctx, const v1::GetProjectRequest*,
    v1::GetProjectResponse*) {
  return Unimplemented(ctx, "ConfigService.GetProject", "issue #3 (config service)");
}

grpc::ServerUnaryReactor* ConfigServiceImpl::ListProjects(grpc::CallbackServerContext* ctx, const v1::ListProjectsRequest*,
    v1::ListProjectsResponse*) {
  return Unimplemented(ctx, "ConfigService.ListProjects", "issue #3 (config service)");
}

grpc::ServerUnaryReactor* ConfigServiceImpl::GetProjectHistory(grpc::CallbackServerContext* ctx, const v1::GetProjectHistoryRequest*,
    v1::GetProjectHistoryResponse*) {
  return Unimplemented(ctx, "ConfigService.GetProjectHistory", "issue #3 (config service)");
}

grpc::ServerUnaryReactor* ConfigServiceImpl::DeleteProject(grpc::CallbackServerContext* ctx, const v1::DeleteProjectRequest*,
    v1::DeleteProjectResponse*) {
  return Unimplemented(ctx, "ConfigService.DeleteProject", "issue #3 (config service)");
}

grpc::ServerUnaryReactor* ConfigServiceImpl::ApplyDefinitions(grpc::CallbackServerContext* ctx, const v1::ApplyDefinitionsRequest*,
    v1::ApplyDefinitionsResponse*) {
  return Unimplemented(ctx, "ConfigService.ApplyDefinitions", "issue #3 (config service)");
}

grpc::ServerUnaryReactor* ConfigServiceImpl::GetDefinitions(grpc::CallbackServerContext* ctx, const v1::GetDefinitionsRequest*,
    v1::GetDefinitionsResponse*) {
  return Unimplemented(ctx, "ConfigService.GetDefinitions", "issue #3 (config service)");
}

grpc::ServerUnaryReactor* ConfigServiceImpl::PutExperiment(grpc::CallbackServerContext* ctx, const v1::PutExperimentRequest*,
    v1::PutExperimentResponse*) {
  return Unimplemented(ctx, "ConfigService.PutExperiment", "issue #3 (config service)");
}

grpc::ServerUnaryReactor* ConfigServiceImpl::ListExperiments(grpc::CallbackServerContext* ctx, const v1::ListExperimentsRequest*,
    v1::ListExperimentsResponse*) {
  return Unimplemented(ctx, "ConfigService.ListExperiments", "issue #3 (config service)");
}

grpc::ServerWriteReactor<v1::ProjectChange>* ConfigServiceImpl::WatchProjects(grpc::CallbackServerContext*,
    const v1::WatchProjectsRequest*) {
  return UnimplementedStream<v1::ProjectChange>("ConfigService.WatchProjects", "issue #3 (config service)");
}

}  // namespace opmon::config
