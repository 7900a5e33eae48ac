#include "services/config/config_service.h"

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/grpc/admitted_stream.h"
#include "common/grpc/finished_stream.h"
#include "common/grpc/unary_handler.h"
#include "common/status/status_macros.h"
#include "common/time/civil_day.h"
#include "services/config/config_proto.h"
#include "services/config/watch_reactor.h"

namespace opmon::config {

using grpc_edge::HandleUnary;
using grpc_edge::HandleUnaryDeferred;

grpc::ServerUnaryReactor* ConfigServiceImpl::ValidateProject(grpc::CallbackServerContext* ctx,
    const v1::ValidateProjectRequest* request, v1::ValidateProjectResponse* response) {
  return HandleUnaryDeferred(ctx, executor_, "ConfigService.ValidateProject",
                             [this, ctx, request, response](std::function<void(absl::Status)> finish) {
    absl::StatusOr<ValidateRequestInput> input = ParseRequest(*request);
    if (!input.ok()) return finish(input.status());
    if (input->dry_run && dry_runner_ == nullptr) {
      return finish(absl::FailedPreconditionError(
          "dry_run: dry runs need the compute service; start opmon-config with --compute-addr "
          "(OPMON_COMPUTE_ADDR)"));
    }
    absl::StatusOr<std::vector<FileValidationResult>> results = store_.Validate(input->files, input->mode);
    if (!results.ok()) return finish(results.status());
    if (!input->dry_run) {
      ToProto(*results, response);
      return finish(absl::OkStatus());
    }
    DryRunOptions options{.mode = input->mode, .date = input->dry_run_date, .today = time::TodayUtc(),
                          .deadline = absl::FromChrono(ctx->deadline())};
    DryRunValidatedFiles(*std::move(results), input->files, options, *dry_runner_,
                         [response, finish](absl::StatusOr<std::vector<FileValidationResult>> checked) {
                           if (checked.ok()) ToProto(*checked, response);
                           finish(checked.status());
                         });
  });
}

grpc::ServerUnaryReactor* ConfigServiceImpl::ApplyProject(grpc::CallbackServerContext* ctx,
    const v1::ApplyProjectRequest* request, v1::ApplyProjectResponse* response) {
  return HandleUnary(ctx, executor_, "ConfigService.ApplyProject", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(ProjectApplyInput input, ParseRequest(*request));
    OPMON_ASSIGN_OR_RETURN(ProjectApplyResult result, store_.ApplyProject(input));
    metrics_.ProjectApplied(result.outcome.changed);
    response->set_slug(result.slug);
    response->set_version(result.outcome.version);
    response->set_changed(result.outcome.changed);
    for (const Diagnostic& d : result.diagnostics) ToProto(d, response->add_diagnostics());
    for (const std::string& line : result.outcome.diff_summary) response->add_diff_summary(line);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ConfigServiceImpl::GetProject(grpc::CallbackServerContext* ctx,
    const v1::GetProjectRequest* request, v1::GetProjectResponse* response) {
  return HandleUnary(ctx, executor_, "ConfigService.GetProject", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(ProjectRef ref, ParseRequest(*request));
    OPMON_ASSIGN_OR_RETURN(StoredProjectVersion version, store_.projects().Get(ref.slug, ref.version));
    ToProto(version, response->mutable_project());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ConfigServiceImpl::ListProjects(grpc::CallbackServerContext* ctx,
    const v1::ListProjectsRequest* request, v1::ListProjectsResponse* response) {
  return HandleUnary(ctx, executor_, "ConfigService.ListProjects", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(std::vector<StoredProjectSummary> projects,
                           store_.projects().List(request->include_deleted()));
    for (const StoredProjectSummary& p : projects) ToProto(p, response->add_projects());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ConfigServiceImpl::GetProjectHistory(grpc::CallbackServerContext* ctx,
    const v1::GetProjectHistoryRequest* request, v1::GetProjectHistoryResponse* response) {
  return HandleUnary(ctx, executor_, "ConfigService.GetProjectHistory", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(std::string slug, ParseRequest(*request));
    OPMON_ASSIGN_OR_RETURN(std::vector<StoredProjectVersion> versions, store_.projects().History(slug));
    for (const StoredProjectVersion& v : versions) ToProto(v, response->add_versions());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ConfigServiceImpl::DeleteProject(grpc::CallbackServerContext* ctx,
    const v1::DeleteProjectRequest* request, v1::DeleteProjectResponse* response) {
  return HandleUnary(ctx, executor_, "ConfigService.DeleteProject", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(DeleteRequestInput input, ParseRequest(*request));
    OPMON_ASSIGN_OR_RETURN(ProjectDeleteOutcome outcome, store_.projects().Delete(input.slug, input.message));
    response->set_version(outcome.version);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ConfigServiceImpl::ApplyDefinitions(grpc::CallbackServerContext* ctx,
    const v1::ApplyDefinitionsRequest* request, v1::ApplyDefinitionsResponse* response) {
  return HandleUnary(ctx, executor_, "ConfigService.ApplyDefinitions", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(DefinitionsApplyInput input, ParseRequest(*request));
    OPMON_ASSIGN_OR_RETURN(DefinitionsApplyResult result,
                           store_.ApplyDefinitions(input.name, input.file, input.mode));
    metrics_.DefinitionsApplied(result.outcome.changed);
    ToProto(result, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ConfigServiceImpl::GetDefinitions(grpc::CallbackServerContext* ctx,
    const v1::GetDefinitionsRequest* request, v1::GetDefinitionsResponse* response) {
  return HandleUnary(ctx, executor_, "ConfigService.GetDefinitions", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(std::string name, ParseRequest(*request));
    OPMON_ASSIGN_OR_RETURN(StoredDefinitions stored, store_.definitions().Get(name));
    response->set_platform(stored.name);
    response->set_version(stored.version);
    ToProto(stored.source, response->mutable_source());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ConfigServiceImpl::PutExperiment(grpc::CallbackServerContext* ctx,
    const v1::PutExperimentRequest* request, v1::PutExperimentResponse*) {
  return HandleUnary(ctx, executor_, "ConfigService.PutExperiment", [this, request] {
    OPMON_ASSIGN_OR_RETURN(RegisteredExperiment entry, ParseRequest(*request));
    return store_.experiments().Put(entry);
  });
}

grpc::ServerUnaryReactor* ConfigServiceImpl::ListExperiments(grpc::CallbackServerContext* ctx,
    const v1::ListExperimentsRequest* request, v1::ListExperimentsResponse* response) {
  return HandleUnary(ctx, executor_, "ConfigService.ListExperiments", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(std::string platform, ParseRequest(*request));
    OPMON_ASSIGN_OR_RETURN(std::vector<RegisteredExperiment> entries, store_.experiments().List(platform));
    for (const RegisteredExperiment& e : entries) ToProto(e, response->add_experiments());
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::ProjectChange>* ConfigServiceImpl::WatchProjects(grpc::CallbackServerContext* ctx,
    const v1::WatchProjectsRequest* request) {
  if (auto* refused = grpc_edge::AdmitStream<v1::ProjectChange>(ctx, executor_, "ConfigService.WatchProjects")) {
    return refused;
  }
  absl::StatusOr<int64_t> after = ParseRequest(*request);
  if (!after.ok()) return grpc_edge::FinishedStream<v1::ProjectChange>(after.status());
  absl::StatusOr<grpc_edge::StreamSlot> slot = watch_streams_.Acquire();
  if (!slot.ok()) return grpc_edge::FinishedStream<v1::ProjectChange>(slot.status());
  return StartWatch(feed_, *after, metrics_, *std::move(slot));
}

}  // namespace opmon::config
