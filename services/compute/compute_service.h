#pragma once
// opmon.v1.ComputeService: converts requests, calls domain code, maps
// statuses. Jobs run on the replica's JobWorkers; RunProject with wait=true
// and WatchJob follow them through JobEvents.

#include "common/pg/pg_fwd.h"
#include "opmon/v1/compute.grpc.pb.h"
#include "services/compute/domain/errors/error_pass.h"
#include "services/compute/domain/live/warehouse_pass.h"
#include "services/compute/domain/warehouse_limits.h"

namespace opmon::grpc_edge {
class Executor;
class StreamLimit;
}

namespace opmon::compute {

class JobEvents;
class JobStore;
class JobWorkers;
class ProjectSource;
namespace legacy {
class LegacyImportJobs;
}

struct ComputeDeps {
  grpc_edge::Executor& executor;
  pg::Pool& warehouse;
  WarehouseLimits warehouse_limits;
  ProjectSource& projects;
  JobStore& jobs;
  JobEvents& events;
  JobWorkers& workers;
  grpc_edge::StreamLimit& watch_streams;  // caps the open WatchJob streams (a thread each)
  legacy::LegacyImportJobs& legacy_imports;
  pg::Pool& opmon;                        // opmon's database (live events and windows)
  live::PassOptions live_pass;            // RunLiveAggregation's warehouse pass
  errors::ErrorPassOptions error_pass;    // RunErrorAggregation's incremental pass
};

class ComputeServiceImpl final : public opmon::v1::ComputeService::CallbackService {
 public:
  explicit ComputeServiceImpl(ComputeDeps deps) : deps_(deps) {}

  grpc::ServerUnaryReactor* RunProject(grpc::CallbackServerContext* ctx, const v1::RunProjectRequest* request,
      v1::RunProjectResponse* response) override;
  grpc::ServerUnaryReactor* Backfill(grpc::CallbackServerContext* ctx, const v1::BackfillRequest* request,
      v1::BackfillResponse* response) override;
  grpc::ServerUnaryReactor* Preview(grpc::CallbackServerContext* ctx, const v1::PreviewRequest* request,
      v1::PreviewResponse* response) override;
  grpc::ServerUnaryReactor* DryRun(grpc::CallbackServerContext* ctx, const v1::DryRunRequest* request,
      v1::DryRunResponse* response) override;
  grpc::ServerUnaryReactor* GetJob(grpc::CallbackServerContext* ctx, const v1::GetJobRequest* request,
      v1::GetJobResponse* response) override;
  grpc::ServerUnaryReactor* ListJobs(grpc::CallbackServerContext* ctx, const v1::ListJobsRequest* request,
      v1::ListJobsResponse* response) override;
  grpc::ServerUnaryReactor* CancelJob(grpc::CallbackServerContext* ctx, const v1::CancelJobRequest* request,
      v1::CancelJobResponse* response) override;
  grpc::ServerWriteReactor<v1::JobProgress>* WatchJob(grpc::CallbackServerContext* ctx,
      const v1::WatchJobRequest* request) override;
  grpc::ServerUnaryReactor* ComputePercentileCI(grpc::CallbackServerContext* ctx, const v1::ComputePercentileCIRequest* request,
      v1::ComputePercentileCIResponse* response) override;
  grpc::ServerReadReactor<v1::IngestEventsRequest>* IngestEvents(grpc::CallbackServerContext* ctx,
      v1::IngestEventsResponse* response) override;
  grpc::ServerUnaryReactor* RunLiveAggregation(grpc::CallbackServerContext* ctx, const v1::RunLiveAggregationRequest* request,
      v1::RunLiveAggregationResponse* response) override;
  grpc::ServerUnaryReactor* RunErrorAggregation(grpc::CallbackServerContext* ctx, const v1::RunErrorAggregationRequest* request,
      v1::RunErrorAggregationResponse* response) override;
  grpc::ServerUnaryReactor* ImportLegacyAggregates(grpc::CallbackServerContext* ctx, const v1::ImportLegacyAggregatesRequest* request,
      v1::ImportLegacyAggregatesResponse* response) override;

 private:
  ComputeDeps deps_;
};

}  // namespace opmon::compute
