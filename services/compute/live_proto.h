#pragma once
// Proto ⇄ domain conversion of live monitoring's RPCs (IngestEvents,
// RunLiveAggregation).

#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "opmon/v1/compute.pb.h"
#include "services/compute/domain/live/ingest_batch.h"
#include "services/compute/domain/live/live_event.h"
#include "services/compute/domain/live/day_recompute.h"
#include "services/compute/domain/live/warehouse_pass.h"

namespace opmon::compute {

// The batch's rows as sent (checked later, row by row).
std::vector<live::RawLiveEvent> FromProto(const v1::IngestEventsRequest& request);

// Adds batch `batch`'s outcome to the running response, in any order of
// batches: the errors listed are the stream's first kMaxReportedRowErrors
// by batch and row; the others are counted, not listed.
inline constexpr int kMaxReportedRowErrors = 100;
void AddToProto(int64_t batch, const live::BatchOutcome& outcome, v1::IngestEventsResponse& response);

void ToProto(const live::PassOutcome& pass, v1::RunLiveAggregationResponse& response);
void ToProto(const live::RecomputeCounts& recompute, v1::RunLiveAggregationResponse& response);

}  // namespace opmon::compute
