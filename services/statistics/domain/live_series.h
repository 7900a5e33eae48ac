#pragma once
// The derived live series of an experiment (issue 14, docs/live.md "Series"),
// computed from the 5-minute window sums and the daily distinct clients that
// compute writes (common/live/live_relations.h). Pure functions: the reader
// (live_series_reader.h) brings the sums, these derive the points.
//
// Rules: rows of one window (one per channel) are summed first; the NULL
// branch (a rollout without branches) is a group of its own, reported as an
// unset branch; cumulative series run over every window from the
// experiment's first data in the dataset's table to its last, gaps filled
// with the running value, and a branch has no value (unset) before its own
// first data.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/enums/enum_names.h"
#include "common/live/live_relations.h"

namespace opmon::statistics {

enum class LiveDataset {
  kEnrollmentOverall,
  kUnenrollmentOverall,
  kOtherEventsOverall,
  kDailyActivePopulation,
  kCumulativePopulationEstimate,
  kCumulativeSearchCount,
  kCumulativeSearchWithAdsCount,
  kCumulativeAdClicks,
};

inline constexpr EnumNames<LiveDataset, 8> kLiveDatasetNames{{
    {LiveDataset::kEnrollmentOverall, "enrollment_overall"},
    {LiveDataset::kUnenrollmentOverall, "unenrollment_overall"},
    {LiveDataset::kOtherEventsOverall, "other_events_overall"},
    {LiveDataset::kDailyActivePopulation, "daily_active_population"},
    {LiveDataset::kCumulativePopulationEstimate, "cumulative_population_estimate"},
    {LiveDataset::kCumulativeSearchCount, "cumulative_search_count"},
    {LiveDataset::kCumulativeSearchWithAdsCount, "cumulative_search_with_ads_count"},
    {LiveDataset::kCumulativeAdClicks, "cumulative_ad_clicks"},
}};

constexpr std::string_view LiveDatasetName(LiveDataset d) { return NameIn(kLiveDatasetNames, d); }
// InvalidArgument naming `field` and the accepted names for any other text.
absl::StatusOr<LiveDataset> ParseLiveDataset(std::string_view text, std::string_view field = "dataset");

// Which relation a dataset is derived from.
enum class LiveSource { kEnrollmentWindows, kSearchWindows, kDailyClients };
LiveSource SourceOf(LiveDataset dataset);

// One (window, branch) of opmon.live_enrollment_windows, summed over channels;
// counts indexed by live::EventKind.
struct EnrollmentWindowSum {
  absl::Time window_start;
  std::optional<std::string> branch;
  std::array<std::int64_t, 10> counts{};
  std::int64_t count(live::EventKind kind) const { return counts[static_cast<std::size_t>(kind)]; }
};

// One (window, branch) of opmon.live_search_windows.
struct SearchWindowSum {
  absl::Time window_start;
  std::optional<std::string> branch;
  std::int64_t search_count = 0;
  std::int64_t search_with_ads_count = 0;
  std::int64_t ad_clicks_count = 0;
};

// Distinct clients of one UTC day, per branch or (`all_branches`) over the
// whole experiment; day_start is the day's midnight UTC.
struct DailyClientCount {
  absl::Time day_start;
  std::optional<std::string> branch;
  bool all_branches = false;
  std::int64_t clients = 0;
};

// Everything read for one experiment in one snapshot; only the relation of
// the requested dataset is filled.
struct LiveInputs {
  std::int64_t data_version = 0;
  std::vector<EnrollmentWindowSum> enrollment;
  std::vector<SearchWindowSum> search;
  std::vector<DailyClientCount> daily_clients;
};

struct LivePoint {
  absl::Time time;
  std::optional<std::string> branch;  // by branch only; unset: the NULL branch
  std::string event;                  // other_events_overall only
  std::optional<std::int64_t> value;  // unset: no data yet for this branch
  bool operator==(const LivePoint&) const = default;
};

// [from, to) on the point's time; unset bounds are open.
struct TimeRange {
  std::optional<absl::Time> from;
  std::optional<absl::Time> to;
  bool Contains(absl::Time t) const { return (!from || t >= *from) && (!to || t < *to); }
};

enum class BranchGrouping { kSummed, kByBranch };

// The points of `dataset` within `range`, oldest first, then by branch (NULL
// first), then by event. Per-window series have a point only where the count
// is non-zero; cumulative series have one for every window of the grid.
std::vector<LivePoint> DeriveLiveSeries(LiveDataset dataset, const LiveInputs& inputs, BranchGrouping grouping,
                                        const TimeRange& range);

}  // namespace opmon::statistics
