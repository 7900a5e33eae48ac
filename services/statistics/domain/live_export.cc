#include "services/statistics/domain/live_export.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/status/status_macros.h"
#include "common/time/civil_day.h"
#include "nlohmann/json.hpp"
#include "common/files/atomic_file.h"

namespace opmon::statistics {
namespace {

constexpr absl::Duration kHalfHour = absl::Minutes(30);

constexpr std::string_view kActiveExperimentsSql =
    "SELECT slug, to_char(start_date, 'YYYY-MM-DD'), to_char(end_date, 'YYYY-MM-DD') FROM opmon.experiments "
    "WHERE end_date IS NULL OR end_date > ($1::date - 14) ORDER BY slug";

absl::Time DayStart(absl::CivilDay day) { return absl::FromCivil(day, absl::UTCTimeZone()); }

std::optional<absl::CivilDay> OptionalDay(const pqxx::field& f) {
  if (f.is_null()) return std::nullopt;
  absl::CivilDay day;
  if (!absl::ParseCivilTime(f.c_str(), &day)) return std::nullopt;
  return day;
}

// The next half hour at or after `t` (an exact half hour stays).
absl::Time RoundUpToHalfHour(absl::Time t) {
  const absl::Duration since_epoch = t - absl::UnixEpoch();
  const absl::Duration floor = absl::Floor(since_epoch, kHalfHour);
  return absl::UnixEpoch() + (floor == since_epoch ? floor : floor + kHalfHour);
}

}  // namespace

bool IsExportActive(const ExportedExperiment& e, absl::Time now) {
  if (!e.end_date) return true;
  return now - DayStart(*e.end_date + 1) < kExportEndedWithin;
}

std::vector<ExportedExperiment> ReadExportedExperiments(pqxx::connection_base& conn, absl::Time now) {
  pqxx::read_transaction tx(conn);
  const std::string today = time::FormatCivilDay(absl::ToCivilDay(now, absl::UTCTimeZone()));
  std::vector<ExportedExperiment> out;
  for (const pqxx::row& row : tx.exec_params(std::string(kActiveExperimentsSql), today)) {
    ExportedExperiment e{row[0].as<std::string>(), OptionalDay(row[1]), OptionalDay(row[2])};
    if (IsExportActive(e, now)) out.push_back(std::move(e));
  }
  return out;
}

std::vector<LivePoint> ExportPoints(const std::vector<LivePoint>& points, bool half_hour) {
  std::vector<LivePoint> out;
  if (half_hour) {
    // Points come oldest first: a later one of the same bucket replaces it.
    std::map<std::tuple<absl::Time, std::optional<std::string>, std::string>, LivePoint> latest;
    for (const LivePoint& p : points) {
      LivePoint rounded = p;
      rounded.time = RoundUpToHalfHour(p.time);
      latest[{rounded.time, rounded.branch, rounded.event}] = std::move(rounded);
    }
    out.reserve(latest.size());
    for (auto& [key, p] : latest) out.push_back(std::move(p));
  } else {
    out = points;
  }
  // Newest first; points of one time keep their branch and event order.
  std::stable_sort(out.begin(), out.end(), [](const LivePoint& a, const LivePoint& b) { return a.time > b.time; });
  return out;
}

std::string ExportJson(const std::vector<LivePoint>& points, BranchGrouping grouping) {
  nlohmann::json array = nlohmann::json::array();
  for (const LivePoint& p : points) {
    nlohmann::json point = {{"time", absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", p.time, absl::UTCTimeZone())}};
    if (grouping == BranchGrouping::kByBranch) point["branch"] = p.branch ? nlohmann::json(*p.branch) : nullptr;
    if (!p.event.empty()) point["event"] = p.event;
    point["value"] = p.value ? nlohmann::json(*p.value) : nullptr;
    array.push_back(std::move(point));
  }
  return array.dump();
}

std::string ExportFileName(const std::string& slug, LiveDataset dataset, BranchGrouping grouping) {
  return absl::StrCat(slug, "_", std::string(LiveDatasetName(dataset)), grouping == BranchGrouping::kByBranch ? "_by_branch" : "",
                      ".json");
}

absl::Status ExportExperiment(LiveSeriesQueries& queries, const ExportedExperiment& e, const std::string& dir,
                              absl::Time now) {
  for (const auto& [dataset, name] : kLiveDatasetNames) {
    for (BranchGrouping grouping : {BranchGrouping::kByBranch, BranchGrouping::kSummed}) {
      LiveSeriesRequest request;
      request.experiment = e.slug;
      request.dataset = dataset;
      request.grouping = grouping;
      if (e.start_date) request.range.from = DayStart(*e.start_date);
      OPMON_ASSIGN_OR_RETURN(LiveSeriesResult series, queries.Get(request));
      const std::vector<LivePoint>& points = series.page->points;
      // Running since the start date, else since the first data.
      std::optional<absl::Time> started = request.range.from;
      if (!started && !points.empty()) started = points.front().time;
      const bool half_hour = started && now - *started > kExportHalfHourAfter;
      const std::string path = (std::filesystem::path(dir) / ExportFileName(e.slug, dataset, grouping)).string();
      OPMON_RETURN_IF_ERROR(files::WriteFileAtomically(path, ExportJson(ExportPoints(points, half_hour), grouping)));
    }
  }
  return absl::OkStatus();
}

}  // namespace opmon::statistics
