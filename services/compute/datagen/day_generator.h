#pragma once
// Generates one client's rows of one day: its main pings (histograms,
// scalars, experiments map, the error columns), crash pings and events. Deterministic: a pure
// function of (seed, client, day), whatever else the run generates.
// docs/datagen.md describes every distribution; the constants below are the
// ones it names.

#include <array>
#include <cmath>
#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "services/compute/datagen/client_profile.h"
#include "services/compute/datagen/error_columns.h"
#include "services/compute/datagen/generation_params.h"
#include "services/compute/datagen/probes.h"
#include "services/compute/datagen/random.h"
#include "services/compute/datagen/rows.h"

namespace opmon::datagen {

// Population medians of the per-ping histogram samples (control, no
// effects): each the geometric middle of a Firefox bucket, so a 10% shift
// moves the median to the next bucket.
inline const double kGcMsMedian = std::sqrt(29.0 * 34.0);                 // bucket [29, 34)
inline const double kCcMaxPauseMedian = std::sqrt(8.0 * 10.0);           // bucket [8, 10)
inline const double kFcpMedian = std::sqrt(1009.0 * 1120.0);             // bucket [1009, 1120)
inline const double kMemoryTotalMedian = std::sqrt(2485143.0 * 2648482.0);  // bucket [2485143, 2648482)
// Per-ping (within-client) log-scale sigmas; the client offsets add theirs.
inline constexpr double kGcMsPingSigma = 0.45;
inline constexpr double kCcMaxPausePingSigma = 0.6;
inline constexpr double kFcpPingSigma = 0.45;
inline constexpr double kMemoryTotalPingSigma = 0.08;

// Crash rates per main ping.
inline constexpr double kMainCrashesPerPing = 0.002;
inline constexpr double kContentCrashesPerPing = 0.008;
inline constexpr double kGpuCrashesPerPing = 0.002;
// memory_watcher events per main ping.
inline constexpr double kMemoryEventsPerPing = 0.03;

// Not thread-safe (scratch buffers); one per thread.
class DayGenerator {
 public:
  explicit DayGenerator(const GenerationParams& params);

  // Emits the rows of `profile` on `day` to `sink`.
  void Generate(const ClientProfile& profile, absl::CivilDay day, RowSink& sink);

 private:
  struct ClientDay;
  ClientDay Decide(const ClientProfile& profile, absl::CivilDay day);
  // Enrolment events of the experiments the client enrolled in on this day.
  void EmitEnrollments(const ClientDay& client, RowSink& sink);
  // Main pings, each with its search and memory events.
  void EmitPings(const ClientDay& client, RowSink& sink);
  void EmitCrashes(const ClientDay& client, RowSink& sink);
  void FillHistograms(const ClientProfile& profile, bool regressed_build, bool fission_on,
                      std::optional<int> fission_branch, MainPingRow& row);
  void MakeMalformed(int probe, MainPingRow& row);

  GenerationParams params_;
  Rng rng_{0};
  absl::CivilDay cached_day_;
  std::string date_text_;
  std::string experiments_;
  std::array<HistogramFill, kProbeCount> fills_;
  std::array<std::string, kProbeCount> json_;
  ErrorColumns errors_;  // its own stream: the columns above are drawn as before it existed
};

}  // namespace opmon::datagen
