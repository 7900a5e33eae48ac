#pragma once
// The live series export (issue 14, docs/live.md "Export"): for each active
// experiment (no end date, or ended less than 14 days ago), every dataset as
//   <slug>_<dataset>_by_branch.json   [{"time", "branch", "value"}, ...]
//   <slug>_<dataset>.json             [{"time", "value"}, ...]  (summed)
// newest first, times ISO 8601 UTC, values JSON numbers (null before a
// branch's first data), other_events_overall points with their "event".
// Data from the experiment's start date; an experiment running more than 14
// days gets 30-minute points: each time rounded up to the next half hour,
// keeping the latest value per bucket and branch. Files are replaced
// atomically (common/files/atomic_file.h).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/live_series.h"
#include "services/statistics/domain/live_series_queries.h"

namespace opmon::statistics {

inline constexpr absl::Duration kExportHalfHourAfter = absl::Hours(14 * 24);
inline constexpr absl::Duration kExportEndedWithin = absl::Hours(14 * 24);

struct ExportedExperiment {
  std::string slug;
  std::optional<absl::CivilDay> start_date;
  std::optional<absl::CivilDay> end_date;
  bool operator==(const ExportedExperiment&) const = default;
};

// True when `e` is exported at `now`: no end date, or its end date (the
// whole UTC day) less than 14 days before `now`.
bool IsExportActive(const ExportedExperiment& e, absl::Time now);

// Registered experiments active at `now`, by slug. Throws pqxx exceptions:
// call inside pg::Pool::Run.
std::vector<ExportedExperiment> ReadExportedExperiments(pqxx::connection_base& conn, absl::Time now);

// `points` (oldest first, as GetLiveSeries) as exported: newest first, then
// by branch and event; with `half_hour`, times rounded up to the next half
// hour and only the latest point per (bucket, branch, event) kept.
std::vector<LivePoint> ExportPoints(const std::vector<LivePoint>& points, bool half_hour);

// The JSON array of one file.
std::string ExportJson(const std::vector<LivePoint>& points, BranchGrouping grouping);

// The file name of a dataset: "<slug>_<dataset>[_by_branch].json".
std::string ExportFileName(const std::string& slug, LiveDataset dataset, BranchGrouping grouping);

// Writes every file of `e` into `dir`, reading series through `queries`
// (hence the cache). Stops at the first failure and returns it; files
// already written stay.
absl::Status ExportExperiment(LiveSeriesQueries& queries, const ExportedExperiment& e, const std::string& dir,
                              absl::Time now);

}  // namespace opmon::statistics
