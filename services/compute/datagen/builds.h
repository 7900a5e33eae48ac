#pragma once
// Firefox builds per channel: which build a client runs on a day, its
// build_id (YYYYMMDDhhmmss) and app_version.
//   nightly  two builds a day, 09:45:12 and 21:47:33; version M+2 ".0a1"
//   beta     builds on Mondays and Thursdays at 18:03:41; version M+1 ".0"
//   release  a build every other Friday at 14:22:08; version M ".0", or
//            M ".0.1" in the second half of a cycle
// where M = 122 + the number of 28-day cycles since 2024-01-23 (the Firefox
// 122 release day). A client runs the newest build made on or before
// (day - its update lag), except that the held release build
// (injected_effects.h) is offered only from kHeldReleaseDays after it is built.

#include <string>

#include "absl/time/civil_time.h"
#include "services/compute/datagen/catalog.h"

namespace opmon::datagen {

struct Build {
  std::string build_id;     // YYYYMMDDhhmmss
  std::string app_version;  // e.g. "124.0a1"
  // application.display_version: the app version, with the beta number on
  // beta ("123.0b3": the build's rank among its cycle's beta builds).
  std::string display_version;
  absl::CivilDay build_date;
  bool regressed = false;        // a nightly build with the injected gc_ms regression
  bool crash_regressed = false;  // the release build with the injected main-crash increase
};

// `evening` picks the nightly's second build of its day (ignored elsewhere).
Build BuildFor(Channel channel, absl::CivilDay day, int update_lag_days, bool evening);

// Days since 1970-01-01 (negative before).
int64_t DaysSinceEpoch(absl::CivilDay day);

// Whether nightly builds of `build_date` carry the gc_ms regression.
bool IsRegressedBuildDate(absl::CivilDay build_date);

}  // namespace opmon::datagen
