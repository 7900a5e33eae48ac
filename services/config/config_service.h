#pragma once
// opmon.v1.ConfigService: converts requests (config_proto.h), calls the
// ConfigStore, converts back, maps statuses. Unary handlers run on the
// server's executor (they block on PostgreSQL); a dry run then waits for
// compute off the executor (sql_dry_run.h says why); WatchProjects streams
// from the ChangeFeed.

#include "common/grpc/executor.h"
#include "common/grpc/stream_limit.h"
#include "opmon/v1/config.grpc.pb.h"
#include "services/config/config_metrics.h"
#include "services/config/domain/sql_dry_run.h"
#include "services/config/storage/change_feed.h"
#include "services/config/storage/config_store.h"

namespace opmon::config {

class ConfigServiceImpl final : public opmon::v1::ConfigService::CallbackService {
 public:
  // All must outlive the service. `dry_runner` may be null (no
  // --compute-addr): dry runs then fail with FAILED_PRECONDITION.
  // `watch_streams` caps the open WatchProjects streams.
  ConfigServiceImpl(ConfigStore& store, ChangeFeed& feed, grpc_edge::Executor& executor,
                    grpc_edge::StreamLimit& watch_streams, ConfigMetrics& metrics, SqlDryRunner* dry_runner = nullptr)
      : store_(store),
        feed_(feed),
        executor_(executor),
        watch_streams_(watch_streams),
        metrics_(metrics),
        dry_runner_(dry_runner) {}

  grpc::ServerUnaryReactor* ValidateProject(grpc::CallbackServerContext* ctx, const v1::ValidateProjectRequest* request,
      v1::ValidateProjectResponse* response) override;
  grpc::ServerUnaryReactor* ApplyProject(grpc::CallbackServerContext* ctx, const v1::ApplyProjectRequest* request,
      v1::ApplyProjectResponse* response) override;
  grpc::ServerUnaryReactor* GetProject(grpc::CallbackServerContext* ctx, const v1::GetProjectRequest* request,
      v1::GetProjectResponse* response) override;
  grpc::ServerUnaryReactor* ListProjects(grpc::CallbackServerContext* ctx, const v1::ListProjectsRequest* request,
      v1::ListProjectsResponse* response) override;
  grpc::ServerUnaryReactor* GetProjectHistory(grpc::CallbackServerContext* ctx, const v1::GetProjectHistoryRequest* request,
      v1::GetProjectHistoryResponse* response) override;
  grpc::ServerUnaryReactor* DeleteProject(grpc::CallbackServerContext* ctx, const v1::DeleteProjectRequest* request,
      v1::DeleteProjectResponse* response) override;
  grpc::ServerUnaryReactor* ApplyDefinitions(grpc::CallbackServerContext* ctx, const v1::ApplyDefinitionsRequest* request,
      v1::ApplyDefinitionsResponse* response) override;
  grpc::ServerUnaryReactor* GetDefinitions(grpc::CallbackServerContext* ctx, const v1::GetDefinitionsRequest* request,
      v1::GetDefinitionsResponse* response) override;
  grpc::ServerUnaryReactor* PutExperiment(grpc::CallbackServerContext* ctx, const v1::PutExperimentRequest* request,
      v1::PutExperimentResponse* response) override;
  grpc::ServerUnaryReactor* ListExperiments(grpc::CallbackServerContext* ctx, const v1::ListExperimentsRequest* request,
      v1::ListExperimentsResponse* response) override;
  grpc::ServerWriteReactor<v1::ProjectChange>* WatchProjects(grpc::CallbackServerContext* ctx,
      const v1::WatchProjectsRequest* request) override;

 private:
  ConfigStore& store_;
  ChangeFeed& feed_;
  grpc_edge::Executor& executor_;
  grpc_edge::StreamLimit& watch_streams_;
  ConfigMetrics& metrics_;
  SqlDryRunner* dry_runner_;
};

}  // namespace opmon::config
