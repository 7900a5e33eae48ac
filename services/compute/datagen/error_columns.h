#pragma once
// The columns of telemetry.main and telemetry.crash that only the crash and
// error aggregation reads (docs/errors.md, "Warehouse columns read"), the
// crash pings only it counts (plugin and gmplugin crashes, the extra main
// crashes of the crash-regressed build) and the pings it must reject.
//
// Drawn from their own random streams per (seed, client, day), apart from
// the day generator's, so they move none of the day generator's draws. The
// rejects have a stream of their own too, so --reject-rate changes only the
// rejected pings. docs/datagen.md describes each
// distribution with the constants below.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"
#include "services/compute/datagen/builds.h"
#include "services/compute/datagen/client_profile.h"
#include "services/compute/datagen/generation_params.h"
#include "services/compute/datagen/random.h"
#include "services/compute/datagen/rows.h"

namespace opmon::datagen {

inline constexpr std::string_view kApplicationName = "Firefox";

// Main pings' subsession_length, in seconds: NULL for some pings, negative
// or longer than 25 h for a few (the aggregation's clamps), else
// max(active time, lognormal) capped at a day.
inline constexpr double kNullSubsessionShare = 0.02;
inline constexpr double kNegativeSubsessionShare = 0.003;
inline constexpr double kOverlongSubsessionShare = 0.003;  // 25 h < length <= 72 h
inline constexpr double kSubsessionMedianSeconds = 3600;
inline constexpr double kSubsessionSigma = 1.0;
inline constexpr int kMaxOrdinarySubsessionSeconds = 86400;

// SUBPROCESS_CRASHES_WITH_DUMP per main ping, Poisson: content and gpu at the
// crash pings' rates (day_generator.h, the fission effect included), plugin
// and gmplugin at these (their crash pings too).
inline constexpr double kPluginCrashesPerPing = 0.0002;
inline constexpr double kGmpluginCrashesPerPing = 0.001;

// The error count histograms per main ping, Poisson.
struct ErrorCountRate {
  std::string_view histogram;  // the key in error_counts
  double per_ping;
};
inline constexpr ErrorCountRate kErrorCountRates[] = {
    {"BROWSER_SHIM_USAGE_BLOCKED", 0.004},   {"PERMISSIONS_SQL_CORRUPTED", 0.0002},
    {"DEFECTIVE_PERMISSIONS_SQL_REMOVED", 0.0001}, {"SLOW_SCRIPT_NOTICE_COUNT", 0.02},
    {"SLOW_SCRIPT_PAGE_COUNT", 0.01},
};

// Crash pings.
inline constexpr double kStartupShareOfMainCrashes = 0.10;          // StartupCrash = "1"
inline constexpr double kShutdownKillShareOfContentCrashes = 0.30;  // ipc_channel_error = ShutDownKill

// Not thread-safe (scratch buffers); one per DayGenerator.
class ErrorColumns {
 public:
  explicit ErrorColumns(const GenerationParams& params);

  // Starts a client's day: reseeds the stream and keeps what every row of
  // the day carries. `profile`, `build` and `experiments` must outlive the day.
  void StartDay(const ClientProfile& profile, absl::CivilDay day, const Build& build, bool fission_on,
                std::string_view experiments);

  // Sets the main ping's error columns; with probability reject_rate, makes
  // it fail one of the main pings' reject reasons (unknown_application,
  // bad_counts) instead. Its other columns are untouched.
  void FillMainPing(MainPingRow& row);

  // Sets every column of the crash ping but client, dates, OS and process type
  // (channel, build_id and experiments included, as a reject reason may
  // change them); with probability reject_rate it fails one of
  // unknown_application, unknown_channel, bad_build_id, build_too_old,
  // missing_version, bad_experiments.
  void FillCrash(CrashRow& row);

  // Emits the crash pings of the day that only this stream draws, for a day
  // of `pings` main pings: plugin and gmplugin crashes, and the crash-
  // regressed build's extra main crashes. `row` carries client and date.
  void EmitOwnCrashes(int64_t pings, CrashRow& row, RowSink& sink);

 private:
  void AppendCounts(std::string& out, std::string_view key, int64_t count);
  void MakeBadCounts(MainPingRow& row);
  void MakeRejectedCrash(CrashRow& row);

  GenerationParams params_;
  Rng rng_{0};
  Rng reject_rng_{0};
  const ClientProfile* profile_ = nullptr;
  const Build* build_ = nullptr;
  absl::CivilDay day_;
  std::string_view experiments_;
  double content_crashes_per_ping_ = 0;
  std::string subprocess_json_, error_json_, bad_build_id_;
};

}  // namespace opmon::datagen
