#pragma once
// opmon.v1 GetLiveSeries messages ⇄ the live series domain types.

#include "absl/status/statusor.h"
#include "opmon/v1/statistics.pb.h"
#include "services/statistics/domain/live_series_queries.h"

namespace opmon::statistics {

// InvalidArgument naming the field: an unknown dataset, a time that is not
// RFC 3339, or from not before to.
absl::StatusOr<LiveSeriesRequest> FromProto(const v1::GetLiveSeriesRequest& request);

void ToProto(const LiveSeriesPage& page, v1::GetLiveSeriesResponse* out);

}  // namespace opmon::statistics
