#include "services/statistics/statistics_service.h"

#include <vector>

#include "common/grpc/unary_handler.h"
#include "common/status/status_macros.h"
#include "services/statistics/domain/error_aggregates_queries.h"
#include "services/statistics/crash_summary_proto.h"
#include "services/statistics/domain/crash_summaries.h"
#include "services/statistics/domain/legacy_queries.h"
#include "services/statistics/domain/live_series_queries.h"
#include "services/statistics/domain/project_reads.h"
#include "services/statistics/domain/results_publisher.h"
#include "services/statistics/domain/statistics_queries.h"
#include "services/statistics/error_aggregates_proto.h"
#include "services/statistics/live_series_proto.h"
#include "services/statistics/raw_messages.h"
#include "services/statistics/statistics_proto.h"

namespace opmon::statistics {

using grpc_edge::HandleUnary;

StatisticsServiceImpl::StatisticsServiceImpl(pg::Pool& pool, StoredProjects& projects, StatisticsQueries& queries,
                                             LegacyQueries& legacy_queries, LiveSeriesQueries& live_series,
                                             ErrorAggregatesQueries& error_aggregates, CrashSummaries& crash_summaries,
                                             ResultsPublisher& publisher,
                                             grpc_edge::Executor& executor)
    : pool_(pool),
      projects_(projects),
      queries_(queries),
      legacy_queries_(legacy_queries),
      live_series_(live_series),
      error_aggregates_(error_aggregates),
      crash_summaries_(crash_summaries),
      publisher_(publisher),
      executor_(executor) {}

grpc::ServerUnaryReactor* StatisticsServiceImpl::QueryStatistics(grpc::CallbackServerContext* ctx,
                                                                 const grpc::ByteBuffer* request_bytes,
                                                                 grpc::ByteBuffer* response_bytes) {
  return HandleUnary(ctx, executor_, "StatisticsService.QueryStatistics", [this, request_bytes, response_bytes] {
    OPMON_ASSIGN_OR_RETURN(auto request, DecodeRawRequest<v1::QueryStatisticsRequest>(*request_bytes));
    OPMON_ASSIGN_OR_RETURN(QueryResult result, queries_.Query(FromProto(request)));
    *response_bytes = EncodedOnce<v1::QueryStatisticsResponse>(
        *result.page->encoding, [&](v1::QueryStatisticsResponse* response) { ToProto(result, response); });
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetProjectOverview(grpc::CallbackServerContext* ctx,
                                                                    const v1::GetProjectOverviewRequest* request,
                                                                    v1::GetProjectOverviewResponse* response) {
  return HandleUnary(ctx, executor_, "StatisticsService.GetProjectOverview", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(ProjectOverview overview, statistics::GetProjectOverview(pool_, projects_, request->slug()));
    ToProto(overview, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::PublishResults(grpc::CallbackServerContext* ctx,
                                                                const v1::PublishResultsRequest* request,
                                                                v1::PublishResultsResponse* response) {
  return HandleUnary(ctx, executor_, "StatisticsService.PublishResults", [this, request, response] {
    const std::vector<std::string> dates(request->dates().begin(), request->dates().end());
    OPMON_ASSIGN_OR_RETURN(PublishOutcome outcome, publisher_.Publish(request->slug(), dates));
    response->set_data_version(outcome.data_version);
    response->set_alerts_raised(static_cast<int64_t>(outcome.alerts.size()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ListAlerts(grpc::CallbackServerContext* ctx,
                                                            const v1::ListAlertsRequest* request,
                                                            v1::ListAlertsResponse* response) {
  return HandleUnary(ctx, executor_, "StatisticsService.ListAlerts", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(std::vector<AlertRecord> alerts,
                           statistics::ListAlerts(pool_, projects_, request->slug(), request->since(),
                                                  request->limit()));
    for (const AlertRecord& a : alerts) ToProto(request->slug(), a, response->add_alerts());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetLiveSeries(grpc::CallbackServerContext* ctx,
                                                               const v1::GetLiveSeriesRequest* request,
                                                               v1::GetLiveSeriesResponse* response) {
  return HandleUnary(ctx, executor_, "StatisticsService.GetLiveSeries", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(LiveSeriesRequest live_request, FromProto(*request));
    OPMON_ASSIGN_OR_RETURN(LiveSeriesResult result, live_series_.Get(live_request));
    ToProto(*result.page, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetCrashSummary(grpc::CallbackServerContext* ctx,
                                                                 const v1::GetCrashSummaryRequest* request,
                                                                 v1::GetCrashSummaryResponse* response) {
  return HandleUnary(ctx, executor_, "StatisticsService.GetCrashSummary", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(CrashSummaryResult result, crash_summaries_.Summarize(FromProto(*request)));
    ToProto(*result.summary, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::QueryLegacyAggregates(grpc::CallbackServerContext* ctx,
                                                                       const v1::QueryLegacyAggregatesRequest* request,
                                                                       v1::QueryLegacyAggregatesResponse* response) {
  return HandleUnary(ctx, executor_, "StatisticsService.QueryLegacyAggregates", [this, request, response] {
    OPMON_ASSIGN_OR_RETURN(LegacyQueryResult result, legacy_queries_.Query(FromProto(*request)));
    ToProto(*result.aggregates, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::QueryErrorAggregates(grpc::CallbackServerContext* ctx,
                                                                      const grpc::ByteBuffer* request_bytes,
                                                                      grpc::ByteBuffer* response_bytes) {
  return HandleUnary(ctx, executor_, "StatisticsService.QueryErrorAggregates", [this, request_bytes, response_bytes] {
    OPMON_ASSIGN_OR_RETURN(auto request, DecodeRawRequest<v1::QueryErrorAggregatesRequest>(*request_bytes));
    OPMON_ASSIGN_OR_RETURN(ErrorAggregatesResult result, error_aggregates_.Query(FromProto(request)));
    *response_bytes = EncodedOnce<v1::QueryErrorAggregatesResponse>(
        *result.encoding, [&](v1::QueryErrorAggregatesResponse* response) { ToProto(result, response); });
    return absl::OkStatus();
  });
}

}  // namespace opmon::statistics
