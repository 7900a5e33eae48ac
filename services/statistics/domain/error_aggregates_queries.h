#pragma once
// QueryErrorAggregates: validate, read the error aggregates' data version,
// answer from the cache or from PostgreSQL, page.
//
// The cache holds every group of a query under (errors::kDataVersionKey, the
// query's canonical key) at the data version compute bumps with each pass
// that replaces windows: a cached answer costs one indexed read of
// opmon.data_versions (shared by concurrent calls, CoalescedReads, never
// older than the call) and a hash lookup, and is never served after a pass
// changed the aggregates. Pages are slices of that one cached answer; a page
// token pins its data version, so later pages come from the same pass or the
// call fails with Aborted.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/coalesced_reads.h"
#include "services/statistics/domain/error_aggregates_query.h"
#include "services/statistics/domain/error_aggregates_reader.h"
#include "services/statistics/domain/query_cache.h"

namespace opmon::statistics {

struct ErrorAggregatesResult {
  ErrorAggregatesQuery query;                          // validated: the dimensions and measures answered
  std::shared_ptr<const ErrorAggregates> aggregates;  // every group; shared with the cache
  std::size_t begin = 0;                              // this page: aggregates->rows[begin, end)
  std::size_t end = 0;
  std::string next_page_token;  // empty on the last page
  bool from_cache = false;
  std::shared_ptr<EncodedPageSlot> encoding;  // of this page: shared by the answers of the same cached page
};

class ErrorAggregatesQueries {
 public:
  // Both must outlive this object. Thread-safe.
  ErrorAggregatesQueries(pg::Pool& pool, QueryCache& cache);

  // InvalidArgument: see ValidateErrorAggregatesQuery, a bad page_token, or
  // too many groups (ReadErrorAggregates). Aborted: the aggregates changed
  // since the page token's first page (query again without a token).
  // Unavailable: database down.
  absl::StatusOr<ErrorAggregatesResult> Query(const ErrorAggregatesRequest& request);

 private:
  pg::Pool& pool_;
  QueryCache& cache_;
  CoalescedReads<std::int64_t> version_reads_;
};

}  // namespace opmon::statistics
