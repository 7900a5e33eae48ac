#include "services/statistics/domain/live_series_queries.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "common/status/status_macros.h"
#include "services/statistics/domain/live_series_reader.h"

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
  const std::string key = CacheKey(request);
  OPMON_ASSIGN_OR_RETURN(const std::int64_t version,
                         pool_.RunFor<std::int64_t>("read live data version", [](pqxx::connection& conn) {
                           return absl::StatusOr<std::int64_t>(ReadLiveDataVersion(conn));
                         }));
  const std::string slug(live::kDataVersionKey);
  LiveSeriesResult result;
  result.page = cache_.LookupValue<LiveSeriesPage>(slug, key, {0, version});
  result.from_cache = result.page != nullptr;
  if (result.page) return result;
  OPMON_ASSIGN_OR_RETURN(LiveInputs inputs,
                         pool_.RunFor<LiveInputs>("read live windows", [&](pqxx::connection& conn) {
                           return absl::StatusOr<LiveInputs>(
                               ReadLiveInputs(conn, request.experiment, SourceOf(request.dataset)));
                         }));
  auto page = std::make_shared<LiveSeriesPage>();
  page->data_version = inputs.data_version;
  page->points = DeriveLiveSeries(request.dataset, inputs, request.grouping, request.range);
  std::shared_ptr<const LiveSeriesPage> shared = std::move(page);
  cache_.InsertValue<LiveSeriesPage>(slug, key, {0, shared->data_version}, shared, ApproximateBytes(*shared));
  result.page = std::move(shared);
  return result;
}

}  // namespace opmon::statistics
