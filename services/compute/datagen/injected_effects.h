#pragma once
// The effects injected into the synthetic telemetry, as multipliers of the
// per-ping distributions (docs/datagen.md lists them with what a correct
// analysis finds). Everything not listed here is identical across branches.

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

}  // namespace opmon::datagen
