#include "services/compute/compute_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/admitted_stream.h"
#include "common/grpc/finished_stream.h"
#include "common/grpc/stream_limit.h"
#include "common/grpc/unary_handler.h"
#include "common/status/status_macros.h"
#include "common/time/civil_day.h"
#include "common/utf8/utf8_check.h"
#include "services/compute/compute_proto.h"
#include "services/compute/domain/day_computation.h"
#include "services/compute/domain/dry_run.h"
#include "services/compute/domain/job_events.h"
#include "services/compute/domain/job_store.h"
#include "services/compute/domain/job_workers.h"
#include "services/compute/domain/legacy/legacy_import_jobs.h"
#include "services/compute/domain/errors/error_day_recompute.h"
#include "services/compute/domain/errors/error_pass.h"
#include "services/compute/domain/live/day_recompute.h"
#include "services/compute/domain/live/ingest_batch.h"
#include "services/compute/domain/project_source.h"
#include "services/compute/ingest_events_reactor.h"
#include "services/compute/kernels/percentile_ci.h"
#include "services/compute/errors_proto.h"
#include "services/compute/live_proto.h"
#include "services/compute/watch_job_reactor.h"

namespace opmon::compute {
namespace {

using grpc_edge::HandleUnary;

// The stored project, or the request's file resolved by the config service.
absl::StatusOr<VersionedProject> LoadProject(ProjectSource& projects, const std::string& slug,
                                             const v1::SourceFile& file,
                                             v1::ValidationMode mode = v1::VALIDATION_MODE_STRICT) {
  if (!file.content().empty()) {
    std::string path = file.path().empty() ? slug + ".yaml" : file.path();
    OPMON_RETURN_IF_ERROR(utf8::CheckUtf8(file.content(), absl::StrCat("file.content of ", path)));
    return projects.Resolve({path, file.content(), mode == v1::VALIDATION_MODE_COMPAT}, slug);
  }
  OPMON_RETURN_IF_ERROR(ValidateSlug(slug));
  return projects.Get(slug);
}

// Blocks until the job ends or the call's deadline passes / it is cancelled.
absl::StatusOr<Job> WaitForJob(JobStore& jobs, JobEvents& events, int64_t id, grpc::CallbackServerContext* ctx) {
  const absl::Time deadline = absl::FromChrono(ctx->deadline());
  while (true) {
    uint64_t seen = events.generation();
    OPMON_ASSIGN_OR_RETURN(Job job, jobs.Get(id));
    if (IsTerminal(job.state)) return job;
    if (ctx->IsCancelled()) return absl::CancelledError(absl::StrCat("RunProject: call cancelled; job ", id, " continues"));
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("job ", id, " is still ", std::string(JobStateName(job.state)), "; follow it with WatchJob or GetJob"));
    }
    events.WaitForChange(seen, std::min(deadline, absl::Now() + absl::Seconds(2)));
  }
}

}  // namespace

grpc::ServerUnaryReactor* ComputeServiceImpl::RunProject(grpc::CallbackServerContext* ctx,
                                                         const v1::RunProjectRequest* request,
                                                         v1::RunProjectResponse* response) {
  return HandleUnary(ctx, deps_.executor, "ComputeService.RunProject", [=, this]() -> absl::Status {
    OPMON_RETURN_IF_ERROR(ValidateSlug(request->slug()));
    OPMON_ASSIGN_OR_RETURN(absl::CivilDay day, ParseDate(request->date(), "date"));
    OPMON_ASSIGN_OR_RETURN(VersionedProject project, deps_.projects.Get(request->slug()));
    OPMON_RETURN_IF_ERROR(CheckRunDates(project.project, day, day, DateCheckOf(request->force())));
    OPMON_ASSIGN_OR_RETURN(Job job, deps_.jobs.Enqueue(request->slug(), day));
    deps_.events.Notify();
    if (request->wait()) {
      OPMON_ASSIGN_OR_RETURN(job, WaitForJob(deps_.jobs, deps_.events, job.id, ctx));
    }
    ToProto(job, *response->mutable_job());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ComputeServiceImpl::Backfill(grpc::CallbackServerContext* ctx,
                                                       const v1::BackfillRequest* request,
                                                       v1::BackfillResponse* response) {
  return HandleUnary(ctx, deps_.executor, "ComputeService.Backfill", [=, this]() -> absl::Status {
    OPMON_RETURN_IF_ERROR(ValidateSlug(request->slug()));
    OPMON_ASSIGN_OR_RETURN(auto range, ParseRange(*request));
    OPMON_ASSIGN_OR_RETURN(VersionedProject project, deps_.projects.Get(request->slug()));
    OPMON_RETURN_IF_ERROR(CheckRunDates(project.project, range.first, range.second, DateCheckOf(request->force())));
    OPMON_ASSIGN_OR_RETURN(std::vector<Job> jobs, deps_.jobs.EnqueueRange(request->slug(), range.first, range.second));
    deps_.events.Notify();
    for (const Job& job : jobs) ToProto(job, *response->add_jobs());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ComputeServiceImpl::Preview(grpc::CallbackServerContext* ctx,
                                                      const v1::PreviewRequest* request,
                                                      v1::PreviewResponse* response) {
  return HandleUnary(ctx, deps_.executor, "ComputeService.Preview", [=, this]() -> absl::Status {
    OPMON_ASSIGN_OR_RETURN(absl::CivilDay day, ParseDate(request->date(), "date"));
    OPMON_ASSIGN_OR_RETURN(double percent, SamplePercent(request->sample_percent()));
    OPMON_ASSIGN_OR_RETURN(VersionedProject project, LoadProject(deps_.projects, request->slug(), request->file()));
    OPMON_ASSIGN_OR_RETURN(PreviewResult preview,
                           PreviewProjectDay(deps_.warehouse, deps_.warehouse_limits, project.project, day, percent,
                                             [ctx] { return ctx->IsCancelled(); }));
    ToProto(preview, *response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ComputeServiceImpl::DryRun(grpc::CallbackServerContext* ctx,
                                                     const v1::DryRunRequest* request,
                                                     v1::DryRunResponse* response) {
  return HandleUnary(ctx, deps_.executor, "ComputeService.DryRun", [=, this]() -> absl::Status {
    OPMON_ASSIGN_OR_RETURN(absl::CivilDay day, ParseDate(request->date(), "date"));
    OPMON_ASSIGN_OR_RETURN(VersionedProject project,
                           LoadProject(deps_.projects, request->slug(), request->file(), request->mode()));
    OPMON_ASSIGN_OR_RETURN(DryRunReport report, DryRunProject(deps_.warehouse, deps_.warehouse_limits, project.project, day));
    ToProto(report, *response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ComputeServiceImpl::GetJob(grpc::CallbackServerContext* ctx,
                                                     const v1::GetJobRequest* request,
                                                     v1::GetJobResponse* response) {
  return HandleUnary(ctx, deps_.executor, "ComputeService.GetJob", [=, this]() -> absl::Status {
    OPMON_RETURN_IF_ERROR(ValidateJobId(request->id()));
    OPMON_ASSIGN_OR_RETURN(Job job, deps_.jobs.Get(request->id()));
    ToProto(job, *response->mutable_job());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ComputeServiceImpl::ListJobs(grpc::CallbackServerContext* ctx,
                                                       const v1::ListJobsRequest* request,
                                                       v1::ListJobsResponse* response) {
  return HandleUnary(ctx, deps_.executor, "ComputeService.ListJobs", [=, this]() -> absl::Status {
    OPMON_ASSIGN_OR_RETURN(int limit, ListLimit(request->limit()));
    OPMON_ASSIGN_OR_RETURN(std::optional<JobState> state, FromProto(request->state()));
    OPMON_ASSIGN_OR_RETURN(std::vector<Job> jobs, deps_.jobs.List(request->slug(), state, limit));
    for (const Job& job : jobs) ToProto(job, *response->add_jobs());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ComputeServiceImpl::CancelJob(grpc::CallbackServerContext* ctx,
                                                        const v1::CancelJobRequest* request,
                                                        v1::CancelJobResponse* response) {
  return HandleUnary(ctx, deps_.executor, "ComputeService.CancelJob", [=, this]() -> absl::Status {
    OPMON_RETURN_IF_ERROR(ValidateJobId(request->id()));
    OPMON_ASSIGN_OR_RETURN(Job job, deps_.jobs.RequestCancel(request->id()));
    deps_.workers.CancelLocal(request->id());
    ToProto(job, *response->mutable_job());
    return absl::OkStatus();
  });
}

grpc::ServerWriteReactor<v1::JobProgress>* ComputeServiceImpl::WatchJob(grpc::CallbackServerContext* ctx,
                                                                        const v1::WatchJobRequest* request) {
  if (auto* refused = grpc_edge::AdmitStream<v1::JobProgress>(ctx, deps_.executor, "ComputeService.WatchJob")) {
    return refused;
  }
  if (absl::Status valid = ValidateJobId(request->id()); !valid.ok()) {
    return grpc_edge::FinishedStream<v1::JobProgress>(valid);
  }
  absl::StatusOr<grpc_edge::StreamSlot> slot = deps_.watch_streams.Acquire();
  if (!slot.ok()) return grpc_edge::FinishedStream<v1::JobProgress>(slot.status());
  return new WatchJobReactor(deps_.jobs, deps_.events, request->id(), *std::move(slot));
}

grpc::ServerUnaryReactor* ComputeServiceImpl::ComputePercentileCI(grpc::CallbackServerContext* ctx,
                                                                  const v1::ComputePercentileCIRequest* request,
                                                                  v1::ComputePercentileCIResponse* response) {
  return HandleUnary(ctx, deps_.executor, "ComputeService.ComputePercentileCI", [=]() -> absl::Status {
    OPMON_ASSIGN_OR_RETURN(kernels::PercentileCiRequest kernel_request, FromProto(*request));
    OPMON_ASSIGN_OR_RETURN(std::vector<kernels::PercentileCiRow> rows, kernels::ComputePercentileCi(kernel_request));
    ToProto(rows, *response);
    return absl::OkStatus();
  });
}

grpc::ServerReadReactor<v1::IngestEventsRequest>* ComputeServiceImpl::IngestEvents(
    grpc::CallbackServerContext* ctx, v1::IngestEventsResponse* response) {
  return new IngestEventsReactor(
      deps_.executor, deps_.executor.Admit(*ctx, "ComputeService.IngestEvents"),
      [this](const v1::IngestEventsRequest& batch) { return live::IngestBatch(deps_.opmon, FromProto(batch)); },
      response);
}

grpc::ServerUnaryReactor* ComputeServiceImpl::RunLiveAggregation(grpc::CallbackServerContext* ctx,
                                                                 const v1::RunLiveAggregationRequest* request,
                                                                 v1::RunLiveAggregationResponse* response) {
  return HandleUnary(ctx, deps_.executor, "ComputeService.RunLiveAggregation", [=, this]() -> absl::Status {
    OPMON_ASSIGN_OR_RETURN(std::optional<absl::CivilDay> day,
                           time::ParseOptionalCivilDay(request->recompute_day(), "recompute_day"));
    if (day) {
      OPMON_ASSIGN_OR_RETURN(live::RecomputeCounts counts, live::RecomputeLiveDay(deps_.opmon, *day));
      ToProto(counts, *response);
      return absl::OkStatus();
    }
    OPMON_ASSIGN_OR_RETURN(live::PassOutcome pass, live::RunWarehousePass(deps_.warehouse, deps_.opmon, deps_.live_pass));
    ToProto(pass, *response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ComputeServiceImpl::RunErrorAggregation(grpc::CallbackServerContext* ctx,
                                                                  const v1::RunErrorAggregationRequest* request,
                                                                  v1::RunErrorAggregationResponse* response) {
  return HandleUnary(ctx, deps_.executor, "ComputeService.RunErrorAggregation", [=, this]() -> absl::Status {
    OPMON_ASSIGN_OR_RETURN(std::optional<absl::CivilDay> day,
                           time::ParseOptionalCivilDay(request->recompute_day(), "recompute_day"));
    OPMON_ASSIGN_OR_RETURN(errors::AggregationOutcome outcome,
                           day ? errors::RecomputeErrorDay(deps_.warehouse, deps_.opmon, *day)
                               : errors::RunErrorPass(deps_.warehouse, deps_.opmon, deps_.error_pass));
    ToProto(outcome, *response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ComputeServiceImpl::ImportLegacyAggregates(
    grpc::CallbackServerContext* ctx, const v1::ImportLegacyAggregatesRequest* request,
    v1::ImportLegacyAggregatesResponse* response) {
  return HandleUnary(ctx, deps_.executor, "ComputeService.ImportLegacyAggregates", [=, this]() -> absl::Status {
    OPMON_ASSIGN_OR_RETURN(LegacyImportRequest import, FromProto(*request));
    OPMON_ASSIGN_OR_RETURN(int64_t id, deps_.legacy_imports.Start(import.source, import.filter));
    deps_.events.Notify();
    OPMON_ASSIGN_OR_RETURN(Job job, deps_.jobs.Get(id));
    ToProto(job, *response->mutable_job());
    return absl::OkStatus();
  });
}

}  // namespace opmon::compute
