#include "services/compute/domain/live/live_loop.h"

#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/time/civil_day.h"
#include "services/compute/domain/live/day_recompute.h"

namespace opmon::compute::live {

std::optional<absl::CivilDay> RecomputeDue(absl::Time now, absl::Duration late_bound,
                                           std::optional<absl::CivilDay> done) {
  // Rows up to late_bound late may still arrive for the day before until
  // midnight + late_bound; after that its data is final.
  const absl::CivilDay day = absl::ToCivilDay(now - late_bound, absl::UTCTimeZone()) - 1;
  if (done && *done >= day) return std::nullopt;
  return day;
}

LiveLoop::LiveLoop(pg::Pool& warehouse, pg::Pool& opmon, LiveLoopOptions options)
    : warehouse_(warehouse), opmon_(opmon), options_(std::move(options)) {
  if (!options_.now) options_.now = [] { return absl::Now(); };
}

LiveLoop::~LiveLoop() { Stop(); }

void LiveLoop::Tick() {
  absl::StatusOr<PassOutcome> pass = RunWarehousePass(warehouse_, opmon_, options_.pass);
  if (!pass.ok()) {
    log::Warn("live warehouse pass failed", {{"error", std::string(pass.status().message())}});
    return;
  }
  if (pass->counts.stored > 0) {  // rows read again within the late bound are not news
    log::Info("live warehouse pass", {{"rows", absl::StrCat(pass->rows_read)},
                                      {"stored", absl::StrCat(pass->counts.stored)},
                                      {"rejected", absl::StrCat(pass->rejected)}});
  }
  const std::optional<absl::CivilDay> due = RecomputeDue(options_.now(), options_.pass.late_bound, recomputed_);
  if (!due) return;
  absl::StatusOr<RecomputeCounts> recomputed = RecomputeLiveDay(opmon_, *due);
  if (!recomputed.ok()) {
    log::Warn("live day recompute failed", {{"day", time::FormatCivilDay(*due)},
                                            {"error", std::string(recomputed.status().message())}});
    return;
  }
  recomputed_ = *due;
  log::Info("live day recomputed", {{"day", time::FormatCivilDay(*due)},
                                    {"events", absl::StrCat(recomputed->events)},
                                    {"windows", absl::StrCat(recomputed->windows)}});
}

void LiveLoop::Start() {
  periodic_.Start(options_.interval, options_.ready, [this] { Tick(); });
}

void LiveLoop::Stop() { periodic_.Stop(); }

}  // namespace opmon::compute::live
