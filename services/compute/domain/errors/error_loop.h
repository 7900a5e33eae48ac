#pragma once
// The error aggregation loop (opmon-compute --errors-interval-seconds,
// default 60; 0: off): a PassLoop (pass_loop.h) whose pass is one
// incremental error pass (error_pass.h) and whose day recompute is
// error_day_recompute.h's.

#include "services/compute/domain/errors/error_pass.h"
#include "services/compute/domain/pass_loop.h"

namespace opmon::pg {
class Pool;
}

namespace opmon::compute::errors {

// Both pools must outlive the loop that runs the steps.
PassLoopSteps ErrorLoopSteps(pg::Pool& warehouse, pg::Pool& opmon, const ErrorPassOptions& options);

}  // namespace opmon::compute::errors
