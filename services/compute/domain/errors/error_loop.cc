#include "services/compute/domain/errors/error_loop.h"

#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/time/civil_day.h"
#include "services/compute/domain/errors/error_day_recompute.h"
#include "services/compute/domain/live/live_loop.h"

namespace opmon::compute::errors {

ErrorLoop::ErrorLoop(pg::Pool& warehouse, pg::Pool& opmon, ErrorLoopOptions options)
    : warehouse_(warehouse), opmon_(opmon), options_(std::move(options)) {
  if (!options_.now) options_.now = [] { return absl::Now(); };
}

ErrorLoop::~ErrorLoop() { Stop(); }

void ErrorLoop::Tick() {
  absl::StatusOr<AggregationOutcome> pass = RunErrorPass(warehouse_, opmon_, options_.pass);
  if (!pass.ok()) {
    log::Warn("error aggregation pass failed", {{"error", std::string(pass.status().message())}});
    return;
  }
  if (pass->windows_replaced > 0) {
    log::Info("error aggregation pass", {{"pings", absl::StrCat(pass->pings_read)},
                                         {"windows", absl::StrCat(pass->windows_replaced)}});
  }
  // Same rule as live monitoring's: the day before is final once pings up
  // to the late bound late can no longer arrive for it.
  const std::optional<absl::CivilDay> due = live::RecomputeDue(options_.now(), options_.pass.late_bound, recomputed_);
  if (!due) return;
  absl::StatusOr<AggregationOutcome> recomputed = RecomputeErrorDay(warehouse_, opmon_, *due);
  if (!recomputed.ok()) {
    log::Warn("error day recompute failed", {{"day", time::FormatCivilDay(*due)},
                                             {"error", std::string(recomputed.status().message())}});
    return;
  }
  recomputed_ = *due;
  log::Info("error day recomputed", {{"day", time::FormatCivilDay(*due)},
                                     {"pings", absl::StrCat(recomputed->pings_read)},
                                     {"rows", absl::StrCat(recomputed->rows_written)}});
}

void ErrorLoop::Start() {
  periodic_.Start(options_.interval, options_.ready, [this] { Tick(); });
}

void ErrorLoop::Stop() { periodic_.Stop(); }

}  // namespace opmon::compute::errors
