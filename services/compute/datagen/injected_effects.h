#pragma once
// The effects injected into the synthetic telemetry, as multipliers of the
// per-ping distributions (docs/datagen.md lists them with what a correct
// analysis finds). Everything not listed here is identical across branches.

#include "absl/time/civil_time.h"

namespace opmon::datagen {

// fission-experiment, branch "treatment": perf_first_contentful_paint_ms
// samples are 10% larger, so the population median is 10% higher.
inline constexpr double kFcpTreatmentMultiplier = 1.10;

// pref_fission_enabled = true (fission-experiment treatment, fission-rollout
// enabled, most other nightly clients, half of beta): memory_total 15% higher.
inline constexpr double kMemoryFissionMultiplier = 1.15;

// pref_fission_enabled = true: content-process crash rate doubled.
inline constexpr double kContentCrashFissionMultiplier = 2.0;

// engagement-statistics, branch "treatment": search_count rate per ping +20%.
inline constexpr double kSearchTreatmentMultiplier = 1.20;

// Regressed nightly builds (build date with days-since-epoch % 10 == 7): gc_ms
// samples 40% larger. Builds are independent of branches, so the experiments
// still see a null gc_ms effect.
inline constexpr double kGcRegressedBuildMultiplier = 1.40;
inline constexpr int kRegressedBuildPeriodDays = 10;
inline constexpr int kRegressedBuildPhase = 7;

// The release build of 2024-02-02 (122.0, build_id 20240202142208): main
// crashes x3 (the extra crash pings come from the error columns' stream, so
// every other crash is unchanged). 122.0.1 (2024-02-16) is back to normal.
inline constexpr absl::CivilDay kCrashRegressedReleaseBuildDate(2024, 2, 2);
inline constexpr double kMainCrashRegressedBuildMultiplier = 3.0;

// The same 122.0 build is held a week before its rollout starts: no ping
// carries version 122 before 2024-02-09 (usage starts late; its age in the
// field counts from there, not from the build date).
inline constexpr absl::CivilDay kHeldReleaseBuildDate(2024, 2, 2);
inline constexpr int kHeldReleaseDays = 7;

}  // namespace opmon::datagen
