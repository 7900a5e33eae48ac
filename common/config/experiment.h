#pragma once
// An entry of the experiments registry the config service keeps: the
// metadata of an experiment or rollout that a project monitoring it may omit
// (dates, reference branch, rollout or not, branches, platform).

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"

namespace opmon::config {

enum class Channel { kRelease, kBeta, kNightly };

struct Experiment {
  std::string slug;  // the normandy slug; a project with this slug uses it
  std::optional<absl::CivilDay> start_date;
  std::optional<absl::CivilDay> end_date;
  std::string reference_branch = "control";
  bool is_rollout = false;
  std::vector<std::string> branches;
  std::string app_name = "firefox_desktop";  // the platform
  std::optional<Channel> channel;
  std::optional<std::string> boolean_pref;
  bool operator==(const Experiment&) const = default;
};

}  // namespace opmon::config
