#pragma once
// Proto ⇄ domain conversion of RunErrorAggregation.

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "opmon/v1/compute.pb.h"
#include "services/compute/domain/errors/window_store.h"

namespace opmon::compute {

void ToProto(const errors::AggregationOutcome& outcome, v1::RunErrorAggregationResponse& response);

}  // namespace opmon::compute
