#include "services/compute/domain/pass_loop.h"

#include <utility>

#include "common/log/log.h"
#include "common/time/civil_day.h"

namespace opmon::compute {

std::optional<absl::CivilDay> RecomputeDue(absl::Time now, absl::Duration late_bound,
                                           std::optional<absl::CivilDay> done) {
  // Rows up to late_bound late may still arrive for the day before until
  // midnight + late_bound; after that its data is final.
  const absl::CivilDay day = absl::ToCivilDay(now - late_bound, absl::UTCTimeZone()) - 1;
  if (done && *done >= day) return std::nullopt;
  return day;
}

PassLoop::PassLoop(PassLoopTiming timing, PassLoopSteps steps)
    : timing_(std::move(timing)), steps_(std::move(steps)) {
  if (!timing_.now) timing_.now = [] { return absl::Now(); };
}

PassLoop::~PassLoop() { Stop(); }

void PassLoop::Tick() {
  if (absl::Status pass = steps_.pass(); !pass.ok()) {
    log::Warn(steps_.name + " pass failed", {{"error", std::string(pass.message())}});
    return;
  }
  const std::optional<absl::CivilDay> due = RecomputeDue(timing_.now(), steps_.late_bound, recomputed_);
  if (!due) return;
  if (absl::Status recomputed = steps_.recompute_day(*due); !recomputed.ok()) {
    log::Warn(steps_.name + " day recompute failed",
              {{"day", time::FormatCivilDay(*due)}, {"error", std::string(recomputed.message())}});
    return;
  }
  recomputed_ = *due;
}

void PassLoop::Start() {
  periodic_.Start(timing_.interval, timing_.ready, [this] { Tick(); });
}

void PassLoop::Stop() { periodic_.Stop(); }

}  // namespace opmon::compute
