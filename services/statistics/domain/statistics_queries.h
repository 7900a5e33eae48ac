#pragma once
// QueryStatistics: validate, check versions, answer from the cache or from
// PostgreSQL, page.
//
// Cost of a cached answer: one round trip (the versions read of
// StoredProjects) and a hash lookup. A miss reads the page and its data
// version in one statement and caches it under that version, so a reader
// never sees a page mixing two publishes, and a publish between two identical
// queries makes the second one miss and read the new data.

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
  // All three must outlive this object.
  StatisticsQueries(pg::Pool& pool, StoredProjects& projects, QueryCache& cache);

  // NotFound: unknown project. InvalidArgument: see ValidateQuery, or a bad
  // page_token. Aborted: the results changed since the page token's first
  // page (start again without a token). Unavailable: database down.
  absl::StatusOr<QueryResult> Query(const QueryRequest& request);

 private:
  pg::Pool& pool_;
  StoredProjects& projects_;
  QueryCache& cache_;
};

}  // namespace opmon::statistics
