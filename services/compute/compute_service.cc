#include "services/compute/compute_service.h"

#include "common/grpc/unimplemented.h"

namespace opmon::compute {

using grpc_edge::Unimplemented;
using grpc_edge::UnimplementedStream;

grpc::ServerUnaryReactor* ComputeServiceImpl::RunProject(grpc::CallbackServerContext* ctx, const v1::RunProjectRequest*,
    v1::RunProjectResponse*) {
  return Unimplemented(ctx, "ComputeService.RunProject", "the compute job (issue #5)");
}

grpc::ServerUnaryReactor* ComputeServiceImpl::Backfill(grpc::CallbackServerContext* ctx, const v1::BackfillRequest*,
    v1::BackfillResponse*) {
  return Unimplemented(ctx, "ComputeService.Backfill", "the compute job queue (issue #5)");
}

grpc::ServerUnaryReactor* ComputeServiceImpl::Preview(grpc::CallbackServerContext* ctx, const v1::PreviewRequest*,
    v1::PreviewResponse*) {
  return Unimplemented(ctx, "ComputeService.Preview", "the compute job (issue #5)");
}

grpc::ServerUnaryReactor* ComputeServiceImpl::DryRun(grpc::CallbackServerContext* ctx, const v1::DryRunRequest*,
    v1::DryRunResponse*) {
  return Unimplemented(ctx, "ComputeService.DryRun", "the SQL generator (issue #5)");
}

grpc::ServerUnaryReactor* ComputeServiceImpl::GetJob(grpc::CallbackServerContext* ctx, const v1::GetJobRequest*,
    v1::GetJobResponse*) {
  return Unimplemented(ctx, "ComputeService.GetJob", "the job queue (issue #5)");
}

grpc::ServerUnaryReactor* ComputeServiceImpl::ListJobs(grpc::CallbackServerContext* ctx, const v1::ListJobsRequest*,
    v1::ListJobsResponse*) {
  return Unimplemented(ctx, "ComputeService.ListJobs", "the job queue (issue #5)");
}

grpc::ServerUnaryReactor* ComputeServiceImpl::CancelJob(grpc::CallbackServerContext* ctx, const v1::CancelJobRequest*,
    v1::CancelJobResponse*) {
  return Unimplemented(ctx, "ComputeService.CancelJob", "the job queue (issue #5)");
}

grpc::ServerWriteReactor<v1::JobProgress>* ComputeServiceImpl::WatchJob(grpc::CallbackServerContext*,
    const v1::WatchJobRequest*) {
  return UnimplementedStream<v1::JobProgress>("ComputeService.WatchJob", "the job queue (issue #5)");
}

grpc::ServerUnaryReactor* ComputeServiceImpl::ComputePercentileCI(grpc::CallbackServerContext* ctx, const v1::ComputePercentileCIRequest*,
    v1::ComputePercentileCIResponse*) {
  return Unimplemented(ctx, "ComputeService.ComputePercentileCI", "the statistics kernels (issue #4)");
}

grpc::ServerUnaryReactor* ComputeServiceImpl::RunLiveAggregation(grpc::CallbackServerContext* ctx, const v1::RunLiveAggregationRequest*,
    v1::RunLiveAggregationResponse*) {
  return Unimplemented(ctx, "ComputeService.RunLiveAggregation", "live experiment monitoring (DESIGN.md §4; no issue yet)");
}

grpc::ServerUnaryReactor* ComputeServiceImpl::RunErrorAggregation(grpc::CallbackServerContext* ctx, const v1::RunErrorAggregationRequest*,
    v1::RunErrorAggregationResponse*) {
  return Unimplemented(ctx, "ComputeService.RunErrorAggregation", "error aggregation (DESIGN.md §4; no issue yet)");
}

grpc::ServerUnaryReactor* ComputeServiceImpl::ImportLegacyAggregates(grpc::CallbackServerContext* ctx, const v1::ImportLegacyAggregatesRequest*,
    v1::ImportLegacyAggregatesResponse*) {
  return Unimplemented(ctx, "ComputeService.ImportLegacyAggregates", "legacy aggregate import (DESIGN.md §4; no issue yet)");
}

}  // namespace opmon::compute
