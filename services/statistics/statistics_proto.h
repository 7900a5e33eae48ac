#pragma once
// opmon.v1 statistics messages ⇄ the statistics domain types.

#include <string>

#include "opmon/v1/statistics.pb.h"
#include "services/statistics/domain/alert_record.h"
#include "services/statistics/domain/legacy_aggregates_reader.h"
#include "services/statistics/domain/legacy_query.h"
#include "services/statistics/domain/project_overview.h"
#include "services/statistics/domain/statistics_queries.h"
#include "services/statistics/domain/statistics_query.h"

namespace opmon::statistics {

QueryRequest FromProto(const v1::QueryStatisticsRequest& request);
// Every filter the request sets (has_os() ...), even to "".
LegacyQueryRequest FromProto(const v1::QueryLegacyAggregatesRequest& request);

void ToProto(const config::ResolvedProject& project, const results::StatisticsRow& row, v1::StatisticRow* out);
void ToProto(const QueryResult& result, v1::QueryStatisticsResponse* out);
void ToProto(const ProjectOverview& overview, v1::GetProjectOverviewResponse* out);
void ToProto(const std::string& slug, const AlertRecord& alert, v1::Alert* out);
void ToProto(const LegacyAggregates& aggregates, v1::QueryLegacyAggregatesResponse* out);

}  // namespace opmon::statistics
