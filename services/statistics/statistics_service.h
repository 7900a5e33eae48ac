#pragma once
// opmon.v1.StatisticsService: converts requests, calls domain code, maps
// statuses. QueryStatistics, GetProjectOverview, PublishResults, ListAlerts,
// QueryLegacyAggregates, GetLiveSeries, QueryErrorAggregates and
// GetCrashSummary are served.

#include "common/pg/pg_fwd.h"
#include "opmon/v1/statistics.grpc.pb.h"

namespace opmon::grpc_edge {
class Executor;
}

namespace opmon::statistics {

class ErrorAggregatesQueries;
class CrashSummaries;
class LegacyQueries;
class LiveSeriesQueries;
class StatisticsQueries;
class ResultsPublisher;
class StoredProjects;

// QueryStatistics and QueryErrorAggregates are registered as raw (ByteBuffer)
// methods so that a cached page is answered with its encoding made once (see
// raw_messages.h), not rebuilt and re-serialised per call.
class StatisticsServiceImpl final
    : public v1::StatisticsService::WithRawCallbackMethod_QueryStatistics<
          v1::StatisticsService::WithRawCallbackMethod_QueryErrorAggregates<v1::StatisticsService::CallbackService>> {
 public:
  // Everything must outlive the service.
  StatisticsServiceImpl(pg::Pool& pool, StoredProjects& projects, StatisticsQueries& queries,
                        LegacyQueries& legacy_queries, LiveSeriesQueries& live_series,
                        ErrorAggregatesQueries& error_aggregates, CrashSummaries& crash_summaries,
                        ResultsPublisher& publisher, grpc_edge::Executor& executor);

  grpc::ServerUnaryReactor* QueryStatistics(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                            grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetProjectOverview(grpc::CallbackServerContext* ctx, const v1::GetProjectOverviewRequest* request,
      v1::GetProjectOverviewResponse* response) override;
  grpc::ServerUnaryReactor* PublishResults(grpc::CallbackServerContext* ctx, const v1::PublishResultsRequest* request,
      v1::PublishResultsResponse* response) override;
  grpc::ServerUnaryReactor* ListAlerts(grpc::CallbackServerContext* ctx, const v1::ListAlertsRequest* request,
      v1::ListAlertsResponse* response) override;
  grpc::ServerUnaryReactor* GetLiveSeries(grpc::CallbackServerContext* ctx, const v1::GetLiveSeriesRequest* request,
      v1::GetLiveSeriesResponse* response) override;
  grpc::ServerUnaryReactor* GetCrashSummary(grpc::CallbackServerContext* ctx, const v1::GetCrashSummaryRequest* request,
      v1::GetCrashSummaryResponse* response) override;
  grpc::ServerUnaryReactor* QueryLegacyAggregates(grpc::CallbackServerContext* ctx, const v1::QueryLegacyAggregatesRequest* request,
      v1::QueryLegacyAggregatesResponse* response) override;
  grpc::ServerUnaryReactor* QueryErrorAggregates(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                                 grpc::ByteBuffer* response) override;

 private:
  pg::Pool& pool_;
  StoredProjects& projects_;
  StatisticsQueries& queries_;
  LegacyQueries& legacy_queries_;
  LiveSeriesQueries& live_series_;
  ErrorAggregatesQueries& error_aggregates_;
  CrashSummaries& crash_summaries_;
  ResultsPublisher& publisher_;
  grpc_edge::Executor& executor_;
};

}  // namespace opmon::statistics
