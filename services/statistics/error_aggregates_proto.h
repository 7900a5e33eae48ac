#pragma once
// opmon.v1 QueryErrorAggregates messages ⇄ the error aggregates domain types.

#include "opmon/v1/statistics.pb.h"
#include "services/statistics/domain/error_aggregates_queries.h"

namespace opmon::statistics {

ErrorAggregatesRequest FromProto(const v1::QueryErrorAggregatesRequest& request);

// The page result.begin..end of the answer.
void ToProto(const ErrorAggregatesResult& result, v1::QueryErrorAggregatesResponse* out);

}  // namespace opmon::statistics
