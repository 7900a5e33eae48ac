#include "services/statistics/statistics_service.h"

#include "common/grpc/unimplemented.h"

namespace opmon::statistics {

using grpc_edge::Unimplemented;
using grpc_edge::UnimplementedStream;

grpc::ServerUnaryReactor* StatisticsServiceImpl::QueryStatistics(grpc::CallbackServerContext* ctx, const v1::QueryStatisticsRequest*,
    v1::QueryStatisticsResponse*) {
  return Unimplemented(ctx, "StatisticsService.QueryStatistics", "issue #6 (statistics service)");
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetProjectOverview(grpc::CallbackServerContext* ctx, const v1::GetProjectOverviewRequest*,
    v1::GetProjectOverviewResponse*) {
  return Unimplemented(ctx, "StatisticsService.GetProjectOverview", "issue #6 (statistics service)");
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::PublishResults(grpc::CallbackServerContext* ctx, const v1::PublishResultsRequest*,
    v1::PublishResultsResponse*) {
  return Unimplemented(ctx, "StatisticsService.PublishResults", "issue #6 (statistics service)");
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ListAlerts(grpc::CallbackServerContext* ctx, const v1::ListAlertsRequest*,
    v1::ListAlertsResponse*) {
  return Unimplemented(ctx, "StatisticsService.ListAlerts", "issue #6 (statistics service)");
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetLiveSeries(grpc::CallbackServerContext* ctx, const v1::GetLiveSeriesRequest*,
    v1::GetLiveSeriesResponse*) {
  return Unimplemented(ctx, "StatisticsService.GetLiveSeries", "live series (DESIGN.md §5; no issue yet)");
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetCrashSummary(grpc::CallbackServerContext* ctx, const v1::GetCrashSummaryRequest*,
    v1::GetCrashSummaryResponse*) {
  return Unimplemented(ctx, "StatisticsService.GetCrashSummary", "crash-rate summaries (DESIGN.md §5; no issue yet)");
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::QueryLegacyAggregates(grpc::CallbackServerContext* ctx, const v1::QueryLegacyAggregatesRequest*,
    v1::QueryLegacyAggregatesResponse*) {
  return Unimplemented(ctx, "StatisticsService.QueryLegacyAggregates", "legacy aggregates (DESIGN.md §5; no issue yet)");
}

}  // namespace opmon::statistics
