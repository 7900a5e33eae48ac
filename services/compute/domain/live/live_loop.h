#pragma once
// The warehouse loop of live monitoring (opmon-compute
// --live-interval-seconds, default 60; 0: off): a PassLoop (pass_loop.h)
// whose pass is the warehouse pass (warehouse_pass.h) and whose day
// recompute is day_recompute.h's.

#include "services/compute/domain/live/warehouse_pass.h"
#include "services/compute/domain/pass_loop.h"

namespace opmon::pg {
class Pool;
}

namespace opmon::compute::live {

// Both pools must outlive the loop that runs the steps.
PassLoopSteps LiveLoopSteps(pg::Pool& warehouse, pg::Pool& opmon, const PassOptions& options);

}  // namespace opmon::compute::live
