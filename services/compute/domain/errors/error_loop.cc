#include "services/compute/domain/errors/error_loop.h"

#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/time/civil_day.h"
#include "services/compute/domain/errors/error_day_recompute.h"

namespace opmon::compute::errors {
PassLoopSteps ErrorLoopSteps(pg::Pool& warehouse, pg::Pool& opmon, const ErrorPassOptions& options) {
  return PassLoopSteps{
      .name = "error aggregation",
      .late_bound = options.late_bound,
      .pass = [&warehouse, &opmon, options]() -> absl::Status {
        absl::StatusOr<AggregationOutcome> pass = RunErrorPass(warehouse, opmon, options);
        if (!pass.ok()) return pass.status();
        if (pass->windows_replaced > 0) {
          log::Info("error aggregation pass", {{"pings", absl::StrCat(pass->pings_read)},
                                               {"windows", absl::StrCat(pass->windows_replaced)}});
        }
        return absl::OkStatus();
      },
      .recompute_day = [&warehouse, &opmon](absl::CivilDay day) -> absl::Status {
        absl::StatusOr<AggregationOutcome> recomputed = RecomputeErrorDay(warehouse, opmon, day);
        if (!recomputed.ok()) return recomputed.status();
        log::Info("error day recomputed", {{"day", time::FormatCivilDay(day)},
                                           {"pings", absl::StrCat(recomputed->pings_read)},
                                           {"rows", absl::StrCat(recomputed->rows_written)}});
        return absl::OkStatus();
      },
  };
}

}  // namespace opmon::compute::errors
