#include "services/statistics/domain/crash_rate_alerts.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "common/results/data_version.h"
#include "common/time/civil_day.h"
#include "services/statistics/domain/crash_rate.h"
#include "services/statistics/domain/crash_summary.h"
#include "services/statistics/domain/webhook_outbox.h"

namespace opmon::statistics {
namespace {

constexpr std::string_view kGroupsSql =
    "SELECT DISTINCT channel, application FROM opmon.error_aggregates WHERE experiment_id IS NULL "
    "ORDER BY channel, application";
// Once per (build, measure): alerts_crash_rate_once_idx (migration 0012).
constexpr std::string_view kInsertSql =
    "INSERT INTO opmon.alerts (slug, submission_date, build_id, dimensions, metric, statistic, branch, alert_name, "
    "  alert_type, message, point, lower, upper) "
    "VALUES ($1, $2::date, $3, $4::jsonb, $5, $6, '', $7, $8, $9, $10::float8, $11::float8, $12::float8) "
    "ON CONFLICT DO NOTHING "
    "RETURNING to_char(raised_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

struct Build {
  std::string build_id;
  std::string version;
  int major = 0;
  absl::Time first = absl::InfiniteFuture();
  absl::Time last = absl::InfinitePast();
  std::vector<const CrashWindow*> windows;
};

std::string Number(double v) { return absl::StrFormat("%.4g", v); }

std::string Age(absl::Duration d) { return absl::StrCat(absl::ToInt64Hours(d), " h"); }

AlertRecord CrashAlert(const std::string& channel, const std::string& application, const Build& build,
                       errors::Measure measure, double rate, const RateInterval& interval) {
  AlertRecord a;
  a.submission_date = absl::ToCivilDay(build.last, absl::UTCTimeZone());
  a.build_id = build.build_id;
  a.dimensions = {{"channel", channel}, {"application", application}};
  a.metric = std::string(errors::MeasureName(measure));
  a.statistic = StatisticKind::kTotalRatio;
  a.alert_type = config::AlertType::kCrashRate;
  a.point = rate;
  a.lower = interval.lower;
  a.upper = interval.upper;
  return a;
}

// "main_crashes of build 20240101000000 (122.0): 12.3 per 1,000 usage hours
// (95% CI 10.1 to 14.8; 123 events in 10000 hours)".
std::string Observed(const Build& build, errors::Measure measure, const TrimmedRate& rate,
                     const RateInterval& interval, double confidence) {
  return absl::StrCat(std::string(errors::MeasureName(measure)), " of build ", build.build_id, " (", build.version,
                      "): ", Number(*rate.rate), " per 1,000 usage hours (", Number(confidence * 100), "% CI ",
                      Number(interval.lower), " to ", Number(interval.upper), "; ", rate.kept_count, " events in ",
                      absl::StrFormat("%.0f", rate.kept_usage_hours), " hours)");
}

std::optional<double> ThresholdOf(const CrashRateAlertOptions& options, errors::Measure measure) {
  for (const auto& [m, limit] : options.thresholds) {
    if (m == measure) return limit;
  }
  return std::nullopt;
}

// The windows of a major version (by time) in [its first window, + age].
std::vector<WindowEvents> AtAge(const std::vector<const CrashWindow*>& major_windows, absl::Duration age,
                                std::size_t column) {
  std::vector<WindowEvents> out;
  for (const CrashWindow* w : major_windows) {
    if (w->window_start > major_windows.front()->window_start + age) break;
    out.push_back({w->events[column], w->usage_hours});
  }
  return out;
}

}  // namespace

absl::StatusOr<std::pair<errors::Measure, double>> ParseCrashRateThreshold(std::string_view text) {
  const std::size_t eq = text.find('=');
  const std::string name(text.substr(0, eq));
  const std::vector<errors::Measure>& measures = EventMeasures();
  std::optional<errors::Measure> measure = errors::ParseMeasure(name);
  if (!measure || std::find(measures.begin(), measures.end(), *measure) == measures.end()) {
    return absl::InvalidArgumentError(absl::StrCat("\"", std::string(text), "\": \"", name,
                                                   "\" is not an event measure (e.g. main_crashes=5)"));
  }
  double limit = 0;
  if (eq == std::string_view::npos || !absl::SimpleAtod(std::string(text.substr(eq + 1)), &limit) || !(limit >= 0) ||
      !std::isfinite(limit)) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", std::string(text), "\": expected MEASURE=RATE with RATE >= 0 events per 1,000 usage hours"));
  }
  return std::make_pair(*measure, limit);
}

std::vector<AlertRecord> EvaluateCrashRates(const std::string& channel, const std::string& application,
                                            const CrashWindows& windows, const CrashRateAlertOptions& options) {
  int newest = 0;
  for (const CrashWindow& w : windows.windows) newest = std::max(newest, w.major);
  std::map<int, std::vector<const CrashWindow*>> majors;  // by time, as read
  std::map<std::pair<std::string, int>, Build> builds;
  for (const CrashWindow& w : windows.windows) {
    majors[w.major].push_back(&w);
    if (w.major < newest - kPreviousVersionsSummarised) continue;
    Build& b = builds[{w.build_id, w.major}];
    b.build_id = w.build_id;
    b.version = w.version;
    b.major = w.major;
    b.first = std::min(b.first, w.window_start);
    b.last = std::max(b.last, w.window_start);
    b.windows.push_back(&w);
  }
  // The family of tests: every (build, measure) with enough events.
  struct Tested {
    const Build* build;
    std::size_t column;
    TrimmedRate rate;
  };
  std::vector<Tested> family;
  const std::vector<errors::Measure>& measures = EventMeasures();
  for (const auto& [key, build] : builds) {
    for (std::size_t column = 0; column < measures.size(); ++column) {
      std::vector<WindowEvents> own;
      for (const CrashWindow* w : build.windows) own.push_back({w->events[column], w->usage_hours});
      TrimmedRate rate = RateOfWindows(own);
      if (rate.rate && rate.kept_count >= options.min_events) family.push_back({&build, column, rate});
    }
  }
  std::vector<AlertRecord> out;
  if (family.empty()) return out;
  const double alpha = (1 - options.confidence) / static_cast<double>(family.size());
  auto test = [&](const std::string& method, double p) {
    return absl::StrCat(" (", method, ", p = ", Number(p), " < ", Number(1 - options.confidence), " / ",
                        family.size(), ": Bonferroni over the ", family.size(), " build and measure rates of ",
                        channel, " ", application, " with at least ", options.min_events, " events)");
  };
  for (const Tested& t : family) {
    const Build& build = *t.build;
    const errors::Measure measure = measures[t.column];
    const TrimmedRate& rate = t.rate;
    const RateInterval interval = PoissonRateInterval(rate.kept_count, rate.kept_usage_hours, options.confidence);
    if (std::optional<double> threshold = ThresholdOf(options, measure)) {
      const double p = PoissonExcessPValue(rate.kept_count, rate.kept_usage_hours, *threshold);
      if (p < alpha) {
        AlertRecord a = CrashAlert(channel, application, build, measure, *rate.rate, interval);
        a.alert_name = kCrashRateAboveThreshold;
        a.message = absl::StrCat(Observed(build, measure, rate, interval, options.confidence),
                                 " is above the threshold ", Number(*threshold), test("exact Poisson test", p));
        out.push_back(std::move(a));
        continue;
      }
    }
    auto own_major = majors.find(build.major);
    if (!options.max_increase || own_major == majors.begin()) continue;
    const auto previous = std::prev(own_major);
    const absl::Duration age = build.last - build.first;
    const TrimmedRate before = RateOfWindows(AtAge(previous->second, age, t.column));
    if (!before.rate) continue;
    const double p = PoissonRatioPValue(rate.kept_count, rate.kept_usage_hours, before.kept_count,
                                        before.kept_usage_hours, 1 + *options.max_increase);
    if (p >= alpha) continue;
    AlertRecord a = CrashAlert(channel, application, build, measure, *rate.rate, interval);
    a.alert_name = kCrashRateIncrease;
    a.message = absl::StrCat(Observed(build, measure, rate, interval, options.confidence), " is more than ",
                             Number(*options.max_increase * 100), "% above version ", previous->first, "'s ",
                             Number(*before.rate), " at the same age (", Age(age), "), from ", before.kept_count,
                             " events in ", absl::StrFormat("%.0f", before.kept_usage_hours), " hours",
                             test("conditional test of two Poisson rates", p));
    out.push_back(std::move(a));
  }
  return out;
}

CrashRateCheck CheckCrashRates(pqxx::connection_base& conn, const CrashRateAlertOptions& options) {
  CrashRateCheck check;
  pqxx::result groups;
  {
    pqxx::read_transaction tx(conn);
    check.data_version = results::ReadDataVersion(tx, std::string(errors::kDataVersionKey));
    groups = tx.exec(std::string(kGroupsSql));
  }
  for (const pqxx::row& group : groups) {
    const std::string channel = group[0].as<std::string>();
    const std::string application = group[1].as<std::string>();
    const CrashWindows windows = ReadCrashWindows(conn, channel, application);
    pqxx::work tx(conn);
    std::vector<AlertRecord> fresh;
    for (AlertRecord& a : EvaluateCrashRates(channel, application, windows, options)) {
      pqxx::result inserted = tx.exec_params(
          std::string(kInsertSql), std::string(kCrashRateAlertsSlug), time::FormatCivilDay(a.submission_date),
          a.build_id, DimensionsJson(a.dimensions), a.metric, std::string(ToString(a.statistic)), a.alert_name,
          std::string(config::ToString(a.alert_type)), a.message, absl::StrFormat("%.17g", *a.point),
          absl::StrFormat("%.17g", *a.lower), absl::StrFormat("%.17g", *a.upper));
      if (inserted.empty()) continue;  // this build and measure alerted before
      a.raised_at = inserted[0][0].c_str();
      fresh.push_back(std::move(a));
    }
    if (!options.webhook_url.empty()) QueueAlertDeliveries(tx, std::string(kCrashRateAlertsSlug), options.webhook_url, fresh);
    tx.commit();
    ++check.groups_checked;
    for (AlertRecord& a : fresh) check.new_alerts.push_back(std::move(a));
  }
  return check;
}

}  // namespace opmon::statistics
