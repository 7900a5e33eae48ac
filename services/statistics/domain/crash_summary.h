#pragma once
// GetCrashSummary's computation (docs/errors.md, "Crash summaries and
// alerts"), as mozilla/missioncontrol's measure summaries
// (etl/measuresummary.py) and its UI (frontend/ui/platformcard.jsx,
// mainview.jsx): per platform and event measure, the current major version
// and the three before it, each with its crash rate over its time in the
// field and its adjusted rate at the current version's age; the change of
// the adjusted rate between the two newest versions, flagged beyond ±25%;
// and the summary rate (main + content crashes). Pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/errors/error_aggregates.h"
#include "services/statistics/domain/crash_rate.h"
#include "services/statistics/domain/crash_windows.h"

namespace opmon::statistics {

// Versions summarised: the current major and this many before it.
inline constexpr int kPreviousVersionsSummarised = 3;
// |change| beyond this, in percent, is flagged.
inline constexpr double kFlaggedChangePercent = 25;

struct CrashSummaryRequest {
  std::string channel;
  std::string platform;              // "" for every platform
  std::string application;           // "" for Firefox
  std::vector<std::string> measures;  // "" for every event measure
};

struct CrashSummaryQuery {
  std::string channel;
  std::string platform;
  std::string application;
  std::vector<errors::Measure> measures;  // in EventMeasures() order, no repeats

  std::string CanonicalKey() const;  // for the cache
};

// InvalidArgument naming the field: channel empty; a measure that is not
// an event measure (naming the accepted ones).
absl::StatusOr<CrashSummaryQuery> ValidateCrashSummary(const CrashSummaryRequest& request);

struct VersionRate {
  std::string version;  // the major, e.g. "122"
  absl::Time first_window;
  absl::Duration field;  // until the next major's first window; the newest: until its last window
  TrimmedRate rate;       // over the time in the field
  TrimmedRate adjusted;   // over the newest version's age
};

enum class RateChange { kUnknown, kNone, kIncrease, kDecrease };

struct MeasureSummary {
  errors::Measure measure = errors::Measure::kMainCrashes;
  std::vector<VersionRate> versions;    // newest first
  std::optional<double> change_percent;  // versions[0] against versions[1], adjusted rates
  RateChange change = RateChange::kUnknown;
};

struct PlatformSummary {
  std::string platform;
  std::vector<MeasureSummary> measures;
  std::optional<double> summary_rate;  // main + content crashes' current adjusted rate
};

struct CrashSummary {
  std::string channel;
  std::string application;
  std::optional<int> current_major;  // the highest major of the channel (every platform)
  std::vector<PlatformSummary> platforms;  // by name
  std::optional<absl::Time> last_window;
  std::int64_t data_version = 0;
};

// The summary of `windows` (ReadCrashWindows of the query's channel and
// application). Per platform, as the reference: a version starts at its
// first window and ends where the next major starts (the newest at its last
// window); when the newest has been out more than a day, versions out more
// than two days skip their first 24 hours (noisy); a version whose start is
// then not before its end is left out; the rate covers [start, start +
// time in the field], the adjusted rate [start, start + newest's age].
CrashSummary SummarizeCrashes(const CrashSummaryQuery& query, const CrashWindows& windows);

// (current - previous) / previous in percent and its flag; kUnknown without
// both rates or with a previous rate of 0.
std::pair<std::optional<double>, RateChange> CompareRates(std::optional<double> current,
                                                          std::optional<double> previous);

// An approximate size in bytes, for the cache.
std::size_t ApproximateBytes(const CrashSummary& summary);

}  // namespace opmon::statistics
