#pragma once
// GetLiveSeries: validate, then answer from the query cache or from
// PostgreSQL. Entries are keyed by the request under the live data version
// (live::kDataVersionKey), which compute bumps in every transaction that
// replaces windows: new windows make the next request miss, never see a
// stale series.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/live_series.h"
#include "services/statistics/domain/query_cache.h"

namespace opmon::statistics {

struct LiveSeriesRequest {
  std::string experiment;
  LiveDataset dataset = LiveDataset::kEnrollmentOverall;
  TimeRange range;
  BranchGrouping grouping = BranchGrouping::kSummed;
};

// A derived series as cached: immutable once stored.
struct LiveSeriesPage {
  std::int64_t data_version = 0;
  std::vector<LivePoint> points;
};
std::size_t ApproximateBytes(const LiveSeriesPage& page);

struct LiveSeriesResult {
  std::shared_ptr<const LiveSeriesPage> page;
  bool from_cache = false;
};

class LiveSeriesQueries {
 public:
  // Both must outlive this object.
  LiveSeriesQueries(pg::Pool& pool, QueryCache& cache);

  // InvalidArgument: empty experiment. Unavailable: database down. An
  // experiment without data has no points.
  absl::StatusOr<LiveSeriesResult> Get(const LiveSeriesRequest& request);

 private:
  pg::Pool& pool_;
  QueryCache& cache_;
};

}  // namespace opmon::statistics
