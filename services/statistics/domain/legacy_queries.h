#pragma once
// QueryLegacyAggregates: validate, read the legacy aggregates' data version,
// answer from the cache or from PostgreSQL.
//
// The cache holds answers under (kDataVersionKey, the query's canonical key)
// at the data version every import bumps, so an answer is never served after
// an import changed it: a cached answer costs one indexed read of
// opmon.data_versions and a hash lookup; a miss reads the rows and their
// version in one statement and caches them under that version.

#include <memory>

#include "absl/status/statusor.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/legacy_aggregates_reader.h"
#include "services/statistics/domain/legacy_query.h"
#include "services/statistics/domain/query_cache.h"

namespace opmon::statistics {

struct LegacyQueryResult {
  std::shared_ptr<const LegacyAggregates> aggregates;  // shared with the cache
  bool from_cache = false;
};

class LegacyQueries {
 public:
  // Both must outlive this object. Thread-safe.
  LegacyQueries(pg::Pool& pool, QueryCache& cache);

  // InvalidArgument: see ValidateLegacyQuery. FailedPrecondition or
  // OutOfRange: stored rows that cannot be merged (ReadLegacyAggregates).
  // Unavailable: database down.
  absl::StatusOr<LegacyQueryResult> Query(const LegacyQueryRequest& request);

 private:
  pg::Pool& pool_;
  QueryCache& cache_;
};

}  // namespace opmon::statistics
