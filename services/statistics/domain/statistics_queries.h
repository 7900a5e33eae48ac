#pragma once
// QueryStatistics: validate, check versions, answer from the cache or from
// PostgreSQL, page.
//
// Cost of a cached answer: one round trip (the versions read of
// StoredProjects) and a hash lookup. A miss reads the page and its data
// version in one statement and caches it under that version, so a reader
// never sees a page mixing two publishes, and a publish between two identical
// queries makes the second one miss and read the new data.
//
// With a read pool (a streaming replica, --db-read-url), pages are read there.
// A replica that has not yet replayed the data version the query's snapshot
// saw on the primary (or cannot be reached) would answer older results, so
// the page is then read from the primary: never older than a publish any
// replica of this service has seen.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/config/project.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/query_cache.h"
#include "services/statistics/domain/statistics_query.h"
#include "services/statistics/domain/stored_projects.h"

namespace opmon::statistics {

struct QueryResult {
  std::shared_ptr<const config::ResolvedProject> project;
  std::shared_ptr<const QueryPage> page;
  std::string next_page_token;  // empty on the last page
  bool from_cache = false;
};

class StatisticsQueries {
 public:
  // All must outlive this object; `read_pool` may be null (read the primary).
  StatisticsQueries(pg::Pool& pool, StoredProjects& projects, QueryCache& cache, pg::Pool* read_pool = nullptr);

  // NotFound: unknown project. InvalidArgument: see ValidateQuery, or a bad
  // page_token. Aborted: the results changed since the page token's first
  // page (start again without a token). Unavailable: database down.
  absl::StatusOr<QueryResult> Query(const QueryRequest& request);

 private:
  absl::StatusOr<QueryPage> ReadPage(const ProjectSnapshot& snapshot, const StatisticsQuery& query,
                                     std::int64_t offset);

  pg::Pool& pool_;
  pg::Pool* read_pool_;
  StoredProjects& projects_;
  QueryCache& cache_;
};

}  // namespace opmon::statistics
