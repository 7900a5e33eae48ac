#include "services/statistics/domain/live_series_queries.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "common/status/status_macros.h"
#include "services/statistics/domain/live_series_reader.h"
#include "services/statistics/domain/versioned_reads.h"

namespace opmon::statistics {
namespace {

std::string BoundKey(const std::optional<absl::Time>& t) {
  return t ? absl::StrCat(absl::ToUnixMicros(*t)) : std::string("-");
}

std::string CacheKey(const LiveSeriesRequest& r) {
  return absl::StrCat("live|", r.experiment.size(), ":", r.experiment, "|", std::string(LiveDatasetName(r.dataset)), "|",
                      BoundKey(r.range.from), "|", BoundKey(r.range.to), "|",
                      r.grouping == BranchGrouping::kByBranch ? "b" : "s");
}

}  // namespace

std::size_t ApproximateBytes(const LiveSeriesPage& page) {
  std::size_t bytes = sizeof(LiveSeriesPage);
  for (const LivePoint& p : page.points) {
    bytes += sizeof(LivePoint) + (p.branch ? p.branch->size() : 0) + p.event.size();
  }
  return bytes;
}

LiveSeriesQueries::LiveSeriesQueries(pg::Pool& pool, QueryCache& cache) : pool_(pool), cache_(cache) {}

absl::StatusOr<LiveSeriesResult> LiveSeriesQueries::Get(const LiveSeriesRequest& request) {
  if (request.experiment.empty()) return absl::InvalidArgumentError("experiment: required");
  OPMON_ASSIGN_OR_RETURN(
      VersionedAnswer<LiveSeriesPage> answer,
      AnswerThroughCache<LiveSeriesPage>(
          pool_, cache_, live::kDataVersionKey, CacheKey(request), "read live windows",
          [&request](pqxx::connection& conn) {
            const LiveInputs inputs = ReadLiveInputs(conn, request.experiment, SourceOf(request.dataset));
            LiveSeriesPage page;
            page.data_version = inputs.data_version;
            page.points = DeriveLiveSeries(request.dataset, inputs, request.grouping, request.range);
            return absl::StatusOr<LiveSeriesPage>(std::move(page));
          }));
  return LiveSeriesResult{.page = std::move(answer.value), .from_cache = answer.from_cache};
}

}  // namespace opmon::statistics
