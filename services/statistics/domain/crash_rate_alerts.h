#pragma once
// crash_rate alerts (docs/errors.md, "Crash summaries and alerts"): per
// channel, application, build and event measure, the build's crash rate
// (crash_rate.h: ratio of sums over its windows on every platform, top 0.1%
// of per-window rates trimmed) with its Poisson confidence interval, raised
//   - above the measure's threshold (events per 1,000 usage hours), or
//   - above the previous major version's rate at the same age (its windows
//     from its first one for as long as the build has been out) by more than
//     the allowed relative increase,
// only when an exact one-sided test says so at the stated level for the
// whole (channel, application): a build and measure is tested only with at
// least `min_events` events, and each test at (1 - confidence) / m, m the
// number of such rates (Bonferroni), so a group of many builds (nightly's
// daily ones) and eleven measures alerts on noise with probability at most
// 1 - confidence per evaluation. The increase is tested by the conditional
// test of two Poisson rates, which accounts for the previous version's own
// uncertainty (one event in it is no baseline). Stored in opmon.alerts under
// kCrashRateAlertsSlug, never twice for the same build and measure (a unique
// index of migration 0012), and queued for the webhook in the same
// transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/errors/error_aggregates.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/alert_record.h"
#include "services/statistics/domain/crash_windows.h"

namespace opmon::statistics {

// The opmon.alerts slug of crash_rate alerts (ListAlerts accepts it).
inline constexpr std::string_view kCrashRateAlertsSlug = "@crash_rate";
inline constexpr char kCrashRateAboveThreshold[] = "crash_rate_above_threshold";
inline constexpr char kCrashRateIncrease[] = "crash_rate_increase";

struct CrashRateAlertOptions {
  // Per event measure, in events per 1,000 usage hours; a measure without
  // one raises no threshold alert.
  std::vector<std::pair<errors::Measure, double>> thresholds;
  // Relative increase over the previous version at equal age (0.25: 25%);
  // nullopt: no comparison.
  std::optional<double> max_increase = 0.25;
  // Of the rate's interval in messages, and 1 - the family's false-alert
  // level per evaluation.
  double confidence = 0.95;
  // A build and measure with fewer events (in its kept windows) is not tested.
  std::int64_t min_events = 5;
  std::string webhook_url;   // empty: store only
};

// "main_crashes=5": an event measure and its threshold (>= 0, per 1,000
// usage hours). InvalidArgument naming what is wrong otherwise.
absl::StatusOr<std::pair<errors::Measure, double>> ParseCrashRateThreshold(std::string_view text);

// The alerts of one channel's and application's windows (pure). Builds of
// the newest major and the three before it are evaluated; each (build,
// measure) raises at most one alert, the threshold first. An alert is dated
// by the UTC day of the build's last window; its point is the rate, lower and
// upper its interval, its dimensions channel and application.
std::vector<AlertRecord> EvaluateCrashRates(const std::string& channel, const std::string& application,
                                            const CrashWindows& windows, const CrashRateAlertOptions& options);

struct CrashRateCheck {
  std::int64_t data_version = 0;  // of the aggregates evaluated
  int groups_checked = 0;         // (channel, application) pairs
  std::vector<AlertRecord> new_alerts;
};

// Evaluates every (channel, application) of the aggregates' population rows
// and stores the alerts, one transaction per pair; an alert whose build and
// measure already have one is not new. Throws pqxx exceptions: call inside
// pg::Pool::Run.
CrashRateCheck CheckCrashRates(pqxx::connection_base& conn, const CrashRateAlertOptions& options);

}  // namespace opmon::statistics
