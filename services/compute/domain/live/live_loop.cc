#include "services/compute/domain/live/live_loop.h"

#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/time/civil_day.h"
#include "services/compute/domain/live/day_recompute.h"

namespace opmon::compute::live {
PassLoopSteps LiveLoopSteps(pg::Pool& warehouse, pg::Pool& opmon, const PassOptions& options) {
  return PassLoopSteps{
      .name = "live warehouse",
      .late_bound = options.late_bound,
      .pass = [&warehouse, &opmon, options]() -> absl::Status {
        absl::StatusOr<PassOutcome> pass = RunWarehousePass(warehouse, opmon, options);
        if (!pass.ok()) return pass.status();
        if (pass->counts.stored > 0) {  // rows read again within the late bound are not news
          log::Info("live warehouse pass", {{"rows", absl::StrCat(pass->rows_read)},
                                            {"stored", absl::StrCat(pass->counts.stored)},
                                            {"rejected", absl::StrCat(pass->rejected)}});
        }
        return absl::OkStatus();
      },
      .recompute_day = [&opmon](absl::CivilDay day) -> absl::Status {
        absl::StatusOr<RecomputeCounts> recomputed = RecomputeLiveDay(opmon, day);
        if (!recomputed.ok()) return recomputed.status();
        log::Info("live day recomputed", {{"day", time::FormatCivilDay(day)},
                                          {"events", absl::StrCat(recomputed->events)},
                                          {"windows", absl::StrCat(recomputed->windows)}});
        return absl::OkStatus();
      },
  };
}

}  // namespace opmon::compute::live
