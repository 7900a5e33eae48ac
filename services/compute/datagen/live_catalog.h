#pragma once
// The experiments opmon-datagen's live events enroll clients in, with each
// branch's planned ratio (Experimenter's `ratio`) and the share the
// generator actually gives it: equal for all but engagement-statistics,
// which carries a known sample-ratio mismatch (55/45 for a planned 50/50),
// so the SRM check has exactly one experiment to flag. The rollout has no
// branch: its events carry a null branch.

#include <string_view>
#include <vector>

namespace opmon::datagen {

struct LiveBranch {
  std::string_view name;
  int planned_ratio = 1;
  double actual_share = 0;  // of the experiment's enrollments; the shares sum to 1
};

enum class LiveSource { kNormandy, kNimbusEvents };  // desktop telemetry, Glean

struct LiveExperiment {
  std::string_view slug;
  std::string_view app;      // firefox_desktop (normandy) or fenix (nimbus_events)
  std::string_view channel;
  LiveSource source;
  std::vector<LiveBranch> branches;  // empty: a rollout without branches
  double enrollments_per_client = 0;  // share of --live-clients enrolling per day
};

inline constexpr std::string_view kSrmExperiment = "engagement-statistics";

const std::vector<LiveExperiment>& LiveCatalog();

}  // namespace opmon::datagen
