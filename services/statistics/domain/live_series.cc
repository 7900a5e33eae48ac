#include "services/statistics/domain/live_series.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace opmon::statistics {
namespace {

using Branch = std::optional<std::string>;

constexpr absl::Duration kWindow = absl::Seconds(live::kWindowSeconds);

// What a per-window dataset counts; each (window, branch) yields one point
// per listed kind.
std::vector<live::EventKind> CountedKinds(LiveDataset dataset) {
  switch (dataset) {
    case LiveDataset::kEnrollmentOverall:
      return {live::EventKind::kEnroll};
    case LiveDataset::kUnenrollmentOverall:
      return {live::EventKind::kUnenroll};
    default:
      break;
  }
  std::vector<live::EventKind> other;
  for (const auto& [kind, name] : live::kEventKindNames) {
    if (kind != live::EventKind::kEnroll && kind != live::EventKind::kUnenroll) other.push_back(kind);
  }
  return other;
}

// The branch a row is grouped under: itself, or one group for all.
Branch GroupOf(const Branch& branch, BranchGrouping grouping) {
  return grouping == BranchGrouping::kByBranch ? branch : std::nullopt;
}

std::vector<LivePoint> WindowCounts(LiveDataset dataset, const LiveInputs& inputs, BranchGrouping grouping,
                                    const TimeRange& range) {
  std::map<std::pair<absl::Time, Branch>, std::array<std::int64_t, 10>> sums;
  for (const EnrollmentWindowSum& w : inputs.enrollment) {
    if (!range.Contains(w.window_start)) continue;
    auto& counts = sums[{w.window_start, GroupOf(w.branch, grouping)}];
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += w.counts[i];
  }
  const bool named = dataset == LiveDataset::kOtherEventsOverall;
  std::vector<LivePoint> points;
  for (const auto& [key, counts] : sums) {
    for (live::EventKind kind : CountedKinds(dataset)) {
      const std::int64_t n = counts[static_cast<std::size_t>(kind)];
      if (n == 0) continue;
      points.push_back({key.first, key.second, named ? std::string(live::EventKindName(kind)) : "", n});
    }
  }
  return points;
}

std::vector<LivePoint> DailyActive(const LiveInputs& inputs, BranchGrouping grouping, const TimeRange& range) {
  const bool by_branch = grouping == BranchGrouping::kByBranch;
  std::vector<LivePoint> points;
  for (const DailyClientCount& d : inputs.daily_clients) {
    if (d.all_branches == by_branch || !range.Contains(d.day_start)) continue;
    points.push_back({d.day_start, by_branch ? d.branch : std::nullopt, "", d.clients});
  }
  return points;
}

// Per (window, branch) increments of a cumulative dataset, rows of one
// window summed.
std::map<Branch, std::map<absl::Time, std::int64_t>> Increments(LiveDataset dataset, const LiveInputs& inputs,
                                                                BranchGrouping grouping) {
  std::map<Branch, std::map<absl::Time, std::int64_t>> out;
  if (dataset == LiveDataset::kCumulativePopulationEstimate) {
    for (const EnrollmentWindowSum& w : inputs.enrollment) {
      out[GroupOf(w.branch, grouping)][w.window_start] += w.count(live::EventKind::kEnroll) -
                                                         w.count(live::EventKind::kUnenroll) -
                                                         w.count(live::EventKind::kGraduate);
    }
    return out;
  }
  for (const SearchWindowSum& w : inputs.search) {
    const std::int64_t n = dataset == LiveDataset::kCumulativeSearchCount         ? w.search_count
                           : dataset == LiveDataset::kCumulativeSearchWithAdsCount ? w.search_with_ads_count
                                                                                   : w.ad_clicks_count;
    out[GroupOf(w.branch, grouping)][w.window_start] += n;
  }
  return out;
}

std::vector<LivePoint> Cumulative(LiveDataset dataset, const LiveInputs& inputs, BranchGrouping grouping,
                                  const TimeRange& range) {
  const auto increments = Increments(dataset, inputs, grouping);
  std::optional<absl::Time> first;
  std::optional<absl::Time> last;
  for (const auto& [branch, windows] : increments) {
    if (windows.empty()) continue;
    if (!first || windows.begin()->first < *first) first = windows.begin()->first;
    if (!last || windows.rbegin()->first > *last) last = windows.rbegin()->first;
  }
  std::vector<LivePoint> points;
  if (!first) return points;
  for (const auto& [branch, windows] : increments) {
    const absl::Time branch_first = windows.begin()->first;
    std::int64_t running = 0;
    auto next = windows.begin();
    for (absl::Time t = *first; t <= *last; t += kWindow) {
      std::optional<std::int64_t> value;
      if (t >= branch_first) {
        while (next != windows.end() && next->first <= t) running += (next++)->second;
        value = running;
      }
      if (range.Contains(t)) points.push_back({t, branch, "", value});
    }
  }
  return points;
}

}  // namespace

absl::StatusOr<LiveDataset> ParseLiveDataset(std::string_view text, std::string_view field) {
  if (std::optional<LiveDataset> d = ValueIn(kLiveDatasetNames, text)) return *d;
  std::vector<std::string> names;
  for (const auto& [value, name] : kLiveDatasetNames) names.emplace_back(name);
  return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": \"", std::string(text),
                                                 "\" is not one of ", absl::StrJoin(names, "|")));
}

LiveSource SourceOf(LiveDataset dataset) {
  switch (dataset) {
    case LiveDataset::kEnrollmentOverall:
    case LiveDataset::kUnenrollmentOverall:
    case LiveDataset::kOtherEventsOverall:
    case LiveDataset::kCumulativePopulationEstimate:
      return LiveSource::kEnrollmentWindows;
    case LiveDataset::kDailyActivePopulation:
      return LiveSource::kDailyClients;
    case LiveDataset::kCumulativeSearchCount:
    case LiveDataset::kCumulativeSearchWithAdsCount:
    case LiveDataset::kCumulativeAdClicks:
      return LiveSource::kSearchWindows;
  }
  return LiveSource::kEnrollmentWindows;
}

std::vector<LivePoint> DeriveLiveSeries(LiveDataset dataset, const LiveInputs& inputs, BranchGrouping grouping,
                                        const TimeRange& range) {
  std::vector<LivePoint> points;
  switch (dataset) {
    case LiveDataset::kEnrollmentOverall:
    case LiveDataset::kUnenrollmentOverall:
    case LiveDataset::kOtherEventsOverall:
      points = WindowCounts(dataset, inputs, grouping, range);
      break;
    case LiveDataset::kDailyActivePopulation:
      points = DailyActive(inputs, grouping, range);
      break;
    case LiveDataset::kCumulativePopulationEstimate:
    case LiveDataset::kCumulativeSearchCount:
    case LiveDataset::kCumulativeSearchWithAdsCount:
    case LiveDataset::kCumulativeAdClicks:
      points = Cumulative(dataset, inputs, grouping, range);
      break;
  }
  std::sort(points.begin(), points.end(), [](const LivePoint& a, const LivePoint& b) {
    return std::tie(a.time, a.branch, a.event) < std::tie(b.time, b.branch, b.event);
  });
  return points;
}

}  // namespace opmon::statistics
