#include "services/statistics/domain/alert_rules.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "absl/container/flat_hash_set.h"

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

bool HasParameter(const config::Alert& alert, const StatisticParameter& parameter) {
  if (alert.parameters.empty()) return true;
  return std::any_of(alert.parameters.begin(), alert.parameters.end(),
                     [&](double p) { return ParameterEquals(parameter, p); });
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
  std::vector<AlertRecord> out;
  for (const StatisticsRow& row : rows) {
    if (!OnDates(row, dates) || !HasMetric(alert, row.metric) || !HasStatistic(alert, row.statistic)) continue;
    for (const Bound& b : bounds) {
      if (b.parameter && !ParameterEquals(row.parameter, *b.parameter)) continue;
      const std::optional<double> low = row.lower ? row.lower : row.point;
      const std::optional<double> high = row.upper ? row.upper : row.point;
      if (b.max && low && *low > *b.max) {
        out.push_back(MakeAlert(project, alert, row, kValueAboveThreshold));
      } else if (b.min && high && *high < *b.min) {
        out.push_back(MakeAlert(project, alert, row, kValueBelowThreshold));
      }
    }
  }
  return out;
}

std::vector<AlertRecord> EvaluateCiOverlap(const config::ResolvedProject& project, const config::Alert& alert,
                                           std::span<const StatisticsRow> rows,
                                           std::span<const absl::CivilDay> dates) {
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
      out.push_back(MakeAlert(project, alert, r, kDifferenceBetweenBranches));
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
        if (std::abs(last - previous) / std::abs(last) > *alert.max_relative_change) {
          out.push_back(MakeAlert(project, alert, *points[i], kDifferenceToHistory));
        }
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
