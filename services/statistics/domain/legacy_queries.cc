#include "services/statistics/domain/legacy_queries.h"

#include "common/legacy/legacy_aggregates.h"
#include "common/status/status_macros.h"
#include "services/statistics/domain/versioned_reads.h"

namespace opmon::statistics {

LegacyQueries::LegacyQueries(pg::Pool& pool, QueryCache& cache) : pool_(pool), cache_(cache) {}

absl::StatusOr<LegacyQueryResult> LegacyQueries::Query(const LegacyQueryRequest& request) {
  OPMON_ASSIGN_OR_RETURN(LegacyQuery query, ValidateLegacyQuery(request));
  OPMON_ASSIGN_OR_RETURN(VersionedAnswer<LegacyAggregates> answer,
                         AnswerThroughCache<LegacyAggregates>(
                             pool_, cache_, legacy::kDataVersionKey, query.CanonicalKey(), "read legacy aggregates",
                             [&query](pqxx::connection& conn) { return ReadLegacyAggregates(conn, query); }));
  return LegacyQueryResult{.aggregates = std::move(answer.value), .from_cache = answer.from_cache};
}

}  // namespace opmon::statistics
