#pragma once
// GetCrashSummary: validate, read the error aggregates' data version, answer
// from the cache or compute from PostgreSQL (crash_windows.h,
// crash_summary.h). Cached under (errors::kDataVersionKey, the query's
// canonical key) at the version every aggregation transaction bumps, so a
// summary is never served after the aggregates it was computed from changed.

#include <memory>

#include "absl/status/statusor.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/crash_summary.h"
#include "services/statistics/domain/query_cache.h"

namespace opmon::statistics {

struct CrashSummaryResult {
  std::shared_ptr<const CrashSummary> summary;  // shared with the cache
  bool from_cache = false;
};

class CrashSummaries {
 public:
  // Both must outlive this object. Thread-safe.
  CrashSummaries(pg::Pool& pool, QueryCache& cache);

  // InvalidArgument: see ValidateCrashSummary. Unavailable: database down.
  absl::StatusOr<CrashSummaryResult> Summarize(const CrashSummaryRequest& request);

 private:
  pg::Pool& pool_;
  QueryCache& cache_;
};

}  // namespace opmon::statistics
