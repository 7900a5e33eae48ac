#include "services/compute/datagen/builds.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/compute/datagen/injected_effects.h"

namespace opmon::datagen {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

constexpr absl::CivilDay kCycleAnchor(2024, 1, 23);
constexpr int kCycleDays = 28;
constexpr int kAnchorMajor = 122;
constexpr int kReleaseBuildPeriodDays = 14;

// 1970-01-01 was a Thursday: Thursdays are epoch-day % 7 == 0, Mondays 4.
bool IsBetaBuildDay(absl::CivilDay day) {
  const int64_t mod = FloorMod(DaysSinceEpoch(day), 7);
  return mod == 0 || mod == 4;
}

// The beta number of a beta build: its rank among the cycle's beta builds.
int64_t BetaNumber(absl::CivilDay cycle_start, absl::CivilDay build_date) {
  int64_t n = 0;
  for (absl::CivilDay d = cycle_start; d <= build_date; ++d) n += IsBetaBuildDay(d) ? 1 : 0;
  return n;
}

}  // namespace

int64_t DaysSinceEpoch(absl::CivilDay day) { return day - absl::CivilDay(1970, 1, 1); }

bool IsRegressedBuildDate(absl::CivilDay build_date) {
  return FloorMod(DaysSinceEpoch(build_date), kRegressedBuildPeriodDays) == kRegressedBuildPhase;
}

Build BuildFor(Channel channel, absl::CivilDay day, int update_lag_days, bool evening) {
  absl::CivilDay date = day - update_lag_days;
  const char* time = "";
  switch (channel) {
    case Channel::kNightly:
      time = evening ? "214733" : "094512";
      break;
    case Channel::kBeta: {
      const int64_t mod = FloorMod(DaysSinceEpoch(date), 7);
      date -= mod >= 4 ? mod - 4 : mod;
      time = "180341";
      break;
    }
    case Channel::kRelease: {
      // Fridays of even weeks: epoch-day % 14 == 1.
      const absl::CivilDay offered_until = date;
      date -= FloorMod(DaysSinceEpoch(date) - 1, kReleaseBuildPeriodDays);
      if (date == kHeldReleaseBuildDate && offered_until < date + kHeldReleaseDays) date -= kReleaseBuildPeriodDays;
      time = "142208";
      break;
    }
  }
  const int64_t since_anchor = date - kCycleAnchor;
  const int64_t cycle = FloorDiv(since_anchor, kCycleDays);
  const int64_t day_in_cycle = FloorMod(since_anchor, kCycleDays);
  const int64_t major = kAnchorMajor + cycle;
  Build build;
  build.build_date = date;
  build.build_id = absl::StrFormat("%04d%02d%02d%s", date.year(), date.month(), date.day(), time);
  switch (channel) {
    case Channel::kNightly:
      build.app_version = absl::StrCat(major + 2, ".0a1");
      build.display_version = build.app_version;
      build.regressed = IsRegressedBuildDate(date);
      break;
    case Channel::kBeta:
      build.app_version = absl::StrCat(major + 1, ".0");
      build.display_version = absl::StrCat(build.app_version, "b", BetaNumber(date - day_in_cycle, date));
      break;
    case Channel::kRelease:
      build.app_version = absl::StrCat(major, day_in_cycle >= 14 ? ".0.1" : ".0");
      build.display_version = build.app_version;
      build.crash_regressed = date == kCrashRegressedReleaseBuildDate;
      break;
  }
  return build;
}

}  // namespace opmon::datagen
