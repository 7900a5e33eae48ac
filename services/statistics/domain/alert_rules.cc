#include "services/statistics/domain/alert_rules.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/statistic/ci_method.h"
#include "services/statistics/domain/sequential_bounds.h"

namespace opmon::statistics {
namespace {

using results::StatisticsRow;

bool OnDates(const StatisticsRow& row, std::span<const absl::CivilDay> dates) {
  return std::find(dates.begin(), dates.end(), row.submission_date) != dates.end();
}

bool HasMetric(const config::Alert& alert, const std::string& metric) {
  return std::find(alert.metrics.begin(), alert.metrics.end(), metric) != alert.metrics.end();
}

bool HasStatistic(const config::Alert& alert, StatisticKind statistic) {
  if (alert.statistics.empty()) return true;
  return std::find(alert.statistics.begin(), alert.statistics.end(), statistic) != alert.statistics.end();
}

// Parameters are compared as numbers, as the reference does
// (SAFE_CAST(parameter AS FLOAT64)): "50" and "50.0" are the same percentile.
bool ParameterEquals(const StatisticParameter& stored, double parameter) {
  return stored.number() == parameter;
}

bool AnyEquals(const std::vector<double>& parameters, const StatisticParameter& parameter) {
  return std::any_of(parameters.begin(), parameters.end(), [&](double p) { return ParameterEquals(parameter, p); });
}

bool HasParameter(const config::Alert& alert, const StatisticParameter& parameter) {
  return alert.parameters.empty() || AnyEquals(alert.parameters, parameter);
}

AlertRecord MakeAlert(const config::ResolvedProject& project, const config::Alert& alert, const StatisticsRow& row,
                      std::string message) {
  AlertRecord a;
  a.submission_date = row.submission_date;
  a.build_id = row.build_id;
  for (std::size_t i = 0; i < project.dimensions.size() && i < row.dimensions.size(); ++i) {
    a.dimensions.push_back({project.dimensions[i].name, row.dimensions[i].value_or("")});
  }
  a.metric = row.metric;
  a.statistic = row.statistic;
  a.parameter = row.parameter;
  a.branch = row.branch;
  a.alert_name = alert.name;
  a.alert_type = alert.type;
  a.message = std::move(message);
  a.point = row.point;
  a.lower = row.lower;
  a.upper = row.upper;
  return a;
}

std::optional<double> At(const std::vector<double>& values, std::size_t i) {
  if (i < values.size()) return values[i];
  return std::nullopt;
}

bool HasInterval(const StatisticsRow& r) { return r.point && r.lower && r.upper; }

std::string Percent(double share) { return absl::StrFormat("%g%%", 100 * share); }

// How the project computes the row's interval: a percentile's `method`; the
// block jackknife for mean and total_ratio; nullopt when the project does not
// say (a metric no longer in it).
std::optional<CiMethod> IntervalMethod(const config::ResolvedProject& project, const StatisticsRow& row) {
  if (row.statistic == StatisticKind::kMean || row.statistic == StatisticKind::kTotalRatio) {
    return CiMethod::kBlockJackknife;
  }
  for (const config::Metric& m : project.metrics) {
    if (m.name != row.metric) continue;
    for (const config::Statistic& st : m.statistics) {
      if (st.kind != row.statistic || st.kind != StatisticKind::kPercentile) continue;
      if (AnyEquals(st.percentile.percentiles, row.parameter)) return st.percentile.method;
    }
  }
  return std::nullopt;
}

// What a fixed-horizon alert on `row` compared: "90% binomial interval", or
// "point" when the row has no interval.
std::string FixedHorizonMethod(const config::ResolvedProject& project, const StatisticsRow& row) {
  if (!row.lower || !row.upper) return "point";
  const std::optional<CiMethod> method = IntervalMethod(project, row);
  return absl::StrCat(Percent(kStoredIntervalConfidence), " ",
                      method ? absl::StrCat(std::string(ToString(*method)), " ") : "", "interval");
}

// An alert's message: what happened, then the method and level that said so.
std::string Described(std::string_view what, const std::string& method) {
  return absl::StrCat(std::string(what), " (", method, ")");
}

// Rows that describe the same cell of a dashboard apart from the branch.
// Statistics as their names, so series (and the alerts they raise) come in
// the same order as the stored text sorts.
using Dimensions = std::vector<std::optional<std::string>>;
using CellKey =
    std::tuple<absl::CivilDay, std::string, Dimensions, std::string, std::string_view, StatisticParameter>;
CellKey Cell(const StatisticsRow& r) {
  return {r.submission_date, r.build_id, r.dimensions, r.metric, ToString(r.statistic), r.parameter};
}

using SeriesKey = std::tuple<std::string, Dimensions, std::string, std::string_view, StatisticParameter>;
SeriesKey Series(const StatisticsRow& r) {
  return {r.branch, r.dimensions, r.metric, ToString(r.statistic), r.parameter};
}

// A look's place on the x-axis.
using XKey = std::pair<absl::CivilDay, std::string>;
XKey X(const StatisticsRow& r) { return {r.submission_date, r.build_id}; }

// Whether `alert` examines `row` on some date: its metric, statistic and
// parameter (threshold: one with bounds; ci_overlap: in a branch other than
// the reference).
bool Examines(const config::ResolvedProject& project, const config::Alert& alert, const StatisticsRow& row) {
  if (!HasMetric(alert, row.metric) || !HasStatistic(alert, row.statistic)) return false;
  switch (alert.type) {
    case config::AlertType::kThreshold:
    case config::AlertType::kAvgDiff:
      return HasParameter(alert, row.parameter);
    case config::AlertType::kCiOverlap:
      return row.branch != project.reference_branch && HasParameter(alert, row.parameter);
    case config::AlertType::kSrm:
    case config::AlertType::kTooFewEnrollments:
    case config::AlertType::kCrashRate:
      break;
  }
  return false;
}

// The sequential mode of a project that sets `false_alert_rate`: the level
// is split evenly over every series every alert of the project examines in
// `rows` (sequential_bounds.h).
struct SequentialLevel {
  double per_series = 0;
  std::string method;  // "sequential, 5% per project"
};

std::optional<SequentialLevel> Sequential(const config::ResolvedProject& project,
                                          std::span<const StatisticsRow> rows) {
  if (!project.false_alert_rate) return std::nullopt;
  std::size_t series = 0;
  for (const config::Alert& alert : project.alerts) {
    std::set<SeriesKey> examined;
    for (const StatisticsRow& r : rows) {
      if (Examines(project, alert, r)) examined.insert(Series(r));
    }
    series += examined.size();
  }
  const double rate = *project.false_alert_rate;
  return SequentialLevel{rate / static_cast<double>(std::max<std::size_t>(series, 1)),
                         absl::StrCat("sequential, ", Percent(rate), " per project")};
}

// The look number (1, 2, ...) of each row with an interval that `alert`
// examines, in x-axis order within its series.
std::map<const StatisticsRow*, int> LookNumbers(const config::ResolvedProject& project, const config::Alert& alert,
                                                std::span<const StatisticsRow> rows) {
  std::map<SeriesKey, std::map<XKey, const StatisticsRow*>> series;
  for (const StatisticsRow& r : rows) {
    if (HasInterval(r) && Examines(project, alert, r)) series[Series(r)].emplace(X(r), &r);
  }
  std::map<const StatisticsRow*, int> looks;
  for (const auto& [key, by_x] : series) {
    int k = 0;
    for (const auto& [x, r] : by_x) looks[r] = ++k;
  }
  return looks;
}

// The stored 90% interval of `row` widened (or narrowed) around its point to
// the level `alpha`: the bounds a look spending `alpha` compares. Each finite
// side is at least the mean half-width (a histogram percentile's point is its
// bucket's lower edge, so its lower side can be 0 however uncertain the value
// is); an unbounded side (an extreme percentile of few clients,
// binomial_interval.h) stays unbounded, so it never alerts.
std::pair<double, double> IntervalAtLevel(const StatisticsRow& row, double alpha) {
  const double scale = TwoSidedCriticalValue(alpha) / TwoSidedCriticalValue(1 - kStoredIntervalConfidence);
  const double below = *row.point - *row.lower, above = *row.upper - *row.point;
  const double half = std::isinf(below) ? above : std::isinf(above) ? below : (below + above) / 2;
  return {*row.point - std::max(below, half) * scale, *row.point + std::max(above, half) * scale};
}

// avg_diff in sequential mode: whether `difference`, of the means of the two
// halves of `windows` (points with intervals), is at least the critical value
// at `alpha` times its standard error.
bool MeansDifferBeyondNoise(std::span<const StatisticsRow* const> windows, double difference, double alpha) {
  double variance = 0;
  for (const StatisticsRow* r : windows) variance += std::pow(StandardErrorOfStoredInterval(*r->lower, *r->upper), 2);
  const double se = std::sqrt(variance) / (static_cast<double>(windows.size()) / 2);
  return std::abs(difference) >= TwoSidedCriticalValue(alpha) * se;
}

// ci_overlap in sequential mode: per series, the standardised daily
// differences to the reference branch summed over looks, against the
// normal-mixture boundary at the series' level.
std::vector<AlertRecord> SequentialCiOverlap(const config::ResolvedProject& project, const config::Alert& alert,
                                             std::span<const StatisticsRow> rows,
                                             std::span<const absl::CivilDay> dates, const SequentialLevel& level) {
  std::map<CellKey, const StatisticsRow*> reference;
  for (const StatisticsRow& r : rows) {
    if (r.branch == project.reference_branch && HasInterval(r) && HasMetric(alert, r.metric) &&
        HasStatistic(alert, r.statistic) && HasParameter(alert, r.parameter)) {
      reference.emplace(Cell(r), &r);
    }
  }
  std::map<SeriesKey, std::map<XKey, std::pair<const StatisticsRow*, const StatisticsRow*>>> series;
  for (const StatisticsRow& r : rows) {
    if (!HasInterval(r) || !Examines(project, alert, r)) continue;
    auto ref = reference.find(Cell(r));
    if (ref != reference.end()) series[Series(r)].emplace(X(r), std::pair(&r, ref->second));
  }
  std::vector<AlertRecord> out;
  for (const auto& [key, looks] : series) {
    double sum = 0;
    int k = 0;
    for (const auto& [x, pair] : looks) {
      const auto& [r, ref] = pair;
      const double se = std::hypot(StandardErrorOfStoredInterval(*r->lower, *r->upper),
                                   StandardErrorOfStoredInterval(*ref->lower, *ref->upper));
      // Two exact values give no sampling error to judge by; an unbounded
      // interval (binomial_interval.h) no difference to weigh.
      if (!(se > 0) || std::isinf(se)) continue;
      sum += (*r->point - *ref->point) / se;
      ++k;
      if (OnDates(*r, dates) && std::abs(sum) >= MixtureBoundary(k, level.per_series)) {
        out.push_back(MakeAlert(project, alert, *r, Described(kDifferenceBetweenBranches, level.method)));
      }
    }
  }
  return out;
}

}  // namespace

std::vector<AlertRecord> EvaluateThreshold(const config::ResolvedProject& project, const config::Alert& alert,
                                           std::span<const StatisticsRow> rows,
                                           std::span<const absl::CivilDay> dates) {
  struct Bound {
    std::optional<double> parameter;
    std::optional<double> min;
    std::optional<double> max;
  };
  std::vector<Bound> bounds;
  if (alert.parameters.empty()) {
    bounds.push_back({std::nullopt, At(alert.min, 0), At(alert.max, 0)});
  } else {
    for (std::size_t i = 0; i < alert.parameters.size(); ++i) {
      bounds.push_back({alert.parameters[i], At(alert.min, i), At(alert.max, i)});
    }
  }
  const std::optional<SequentialLevel> level = Sequential(project, rows);
  const std::map<const StatisticsRow*, int> looks =
      level ? LookNumbers(project, alert, rows) : std::map<const StatisticsRow*, int>();
  std::vector<AlertRecord> out;
  for (const StatisticsRow& row : rows) {
    if (!OnDates(row, dates) || !HasMetric(alert, row.metric) || !HasStatistic(alert, row.statistic)) continue;
    for (const Bound& b : bounds) {
      if (b.parameter && !ParameterEquals(row.parameter, *b.parameter)) continue;
      std::optional<double> low = row.lower ? row.lower : row.point;
      std::optional<double> high = row.upper ? row.upper : row.point;
      std::string method;
      if (auto look = looks.find(&row); look != looks.end()) {
        std::tie(low, high) = IntervalAtLevel(row, LookAlpha(look->second, level->per_series));
        method = level->method;
      } else {
        method = FixedHorizonMethod(project, row);
      }
      if (b.max && low && *low > *b.max) {
        out.push_back(MakeAlert(project, alert, row, Described(kValueAboveThreshold, method)));
      } else if (b.min && high && *high < *b.min) {
        out.push_back(MakeAlert(project, alert, row, Described(kValueBelowThreshold, method)));
      }
    }
  }
  return out;
}

std::vector<AlertRecord> EvaluateCiOverlap(const config::ResolvedProject& project, const config::Alert& alert,
                                           std::span<const StatisticsRow> rows,
                                           std::span<const absl::CivilDay> dates) {
  if (const std::optional<SequentialLevel> level = Sequential(project, rows)) {
    return SequentialCiOverlap(project, alert, rows, dates, *level);
  }
  auto selected = [&](const StatisticsRow& r) {
    return OnDates(r, dates) && HasMetric(alert, r.metric) && HasStatistic(alert, r.statistic) &&
           HasParameter(alert, r.parameter);
  };
  std::map<CellKey, const StatisticsRow*> reference;
  for (const StatisticsRow& r : rows) {
    if (r.branch == project.reference_branch && selected(r)) reference.emplace(Cell(r), &r);
  }
  std::vector<AlertRecord> out;
  for (const StatisticsRow& r : rows) {
    if (r.branch == project.reference_branch || !selected(r)) continue;
    auto ref = reference.find(Cell(r));
    if (ref == reference.end()) continue;
    const StatisticsRow& other = *ref->second;
    if (!r.lower || !r.upper || !other.lower || !other.upper) continue;
    if (*r.upper < *other.lower || *r.lower > *other.upper) {
      const std::string method = absl::StrCat(FixedHorizonMethod(project, r), "s");  // both intervals
      out.push_back(MakeAlert(project, alert, r, Described(kDifferenceBetweenBranches, method)));
    }
  }
  return out;
}

std::vector<AlertRecord> EvaluateAvgDiff(const config::ResolvedProject& project, const config::Alert& alert,
                                         std::span<const StatisticsRow> rows,
                                         std::span<const absl::CivilDay> dates) {
  if (!alert.window_size || *alert.window_size <= 0 || !alert.max_relative_change) return {};
  const std::size_t w = static_cast<std::size_t>(*alert.window_size);
  const bool by_build = project.xaxis == config::XAxis::kBuildId;
  const std::optional<SequentialLevel> level = Sequential(project, rows);
  const std::string fixed_method =
      absl::StrCat("means of ", w, " points, ", Percent(*alert.max_relative_change), " change");

  std::map<SeriesKey, std::vector<const StatisticsRow*>> series;
  for (const StatisticsRow& r : rows) {
    if (!r.point || !HasMetric(alert, r.metric) || !HasStatistic(alert, r.statistic) ||
        !HasParameter(alert, r.parameter)) {
      continue;
    }
    series[Series(r)].push_back(&r);
  }
  std::vector<AlertRecord> out;
  for (auto& [key, all] : series) {
    for (const absl::CivilDay& day : dates) {
      // The series as it stood on `day`: one point per x-axis value.
      std::map<std::string, const StatisticsRow*> by_build_id;
      std::vector<const StatisticsRow*> points;
      for (const StatisticsRow* r : all) {
        if (r->submission_date > day) continue;
        if (by_build) {
          const StatisticsRow*& slot = by_build_id[r->build_id];
          if (slot == nullptr || slot->submission_date < r->submission_date) slot = r;
        } else {
          points.push_back(r);
        }
      }
      if (by_build) {
        for (const auto& [build_id, r] : by_build_id) points.push_back(r);  // ordered by build id
      } else {
        std::stable_sort(points.begin(), points.end(), [](const StatisticsRow* a, const StatisticsRow* b) {
          return a->submission_date < b->submission_date;
        });
      }
      for (std::size_t i = 0; i < points.size(); ++i) {
        if (points[i]->submission_date != day) continue;
        if (i + 1 < 2 * w) continue;  // no full double window yet
        double last = 0, previous = 0;
        for (std::size_t k = i + 1 - w; k <= i; ++k) last += *points[k]->point;
        for (std::size_t k = i + 1 - 2 * w; k <= i - w; ++k) previous += *points[k]->point;
        last /= static_cast<double>(w);
        previous /= static_cast<double>(w);
        if (last == 0) continue;
        if (std::abs(last - previous) / std::abs(last) <= *alert.max_relative_change) continue;
        const std::span<const StatisticsRow* const> windows(points.data() + (i + 1 - 2 * w), 2 * w);
        std::string method = fixed_method;
        if (level && std::all_of(windows.begin(), windows.end(), [](auto* r) { return HasInterval(*r); })) {
          const int look = static_cast<int>(i + 2 - 2 * w);
          if (!MeansDifferBeyondNoise(windows, last - previous, LookAlpha(look, level->per_series))) continue;
          method = level->method;
        }
        out.push_back(MakeAlert(project, alert, *points[i], Described(kDifferenceToHistory, method)));
      }
    }
  }
  return out;
}

std::vector<AlertRecord> EvaluateAlerts(const config::ResolvedProject& project,
                                        std::span<const StatisticsRow> rows,
                                        std::span<const absl::CivilDay> dates) {
  std::vector<AlertRecord> out;
  absl::flat_hash_set<std::string> seen;
  for (const config::Alert& alert : project.alerts) {
    std::vector<AlertRecord> raised;
    switch (alert.type) {
      case config::AlertType::kThreshold:
        raised = EvaluateThreshold(project, alert, rows, dates);
        break;
      case config::AlertType::kCiOverlap:
        raised = EvaluateCiOverlap(project, alert, rows, dates);
        break;
      case config::AlertType::kAvgDiff:
        raised = EvaluateAvgDiff(project, alert, rows, dates);
        break;
      case config::AlertType::kSrm:
      case config::AlertType::kTooFewEnrollments:
      case config::AlertType::kCrashRate:
        break;  // live or crash monitoring's (live_health.h, crash_rate_alerts.h); a resolved project has none
    }
    for (AlertRecord& a : raised) {
      if (seen.insert(AlertKey(a)).second) out.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace opmon::statistics
