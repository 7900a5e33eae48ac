#include "services/statistics/domain/legacy_queries.h"

#include <cstdint>
#include <string>
#include <string_view>

#include <pqxx/pqxx>

#include "common/legacy/legacy_aggregates.h"
#include "common/pg/pool.h"
#include "common/results/data_version.h"
#include "common/status/status_macros.h"

namespace opmon::statistics {
namespace {

// Legacy aggregates have no project, hence no project version.
CacheVersions Versions(std::int64_t data_version) { return {.project_version = 0, .data_version = data_version}; }

}  // namespace

LegacyQueries::LegacyQueries(pg::Pool& pool, QueryCache& cache) : pool_(pool), cache_(cache) {}

absl::StatusOr<LegacyQueryResult> LegacyQueries::Query(const LegacyQueryRequest& request) {
  OPMON_ASSIGN_OR_RETURN(LegacyQuery query, ValidateLegacyQuery(request));
  const std::string key = query.CanonicalKey();
  OPMON_ASSIGN_OR_RETURN(std::int64_t data_version,
                         pool_.RunFor<std::int64_t>("read legacy data version", [](pqxx::connection& conn) {
                           pqxx::nontransaction tx(conn);
                           return absl::StatusOr<std::int64_t>(
                               results::ReadDataVersion(tx, std::string(legacy::kDataVersionKey)));
                         }));
  LegacyQueryResult result;
  result.aggregates = cache_.LookupValue<LegacyAggregates>(legacy::kDataVersionKey, key, Versions(data_version));
  result.from_cache = result.aggregates != nullptr;
  if (!result.aggregates) {
    OPMON_ASSIGN_OR_RETURN(LegacyAggregates read,
                           pool_.RunFor<LegacyAggregates>("read legacy aggregates", [&](pqxx::connection& conn) {
                             return ReadLegacyAggregates(conn, query);
                           }));
    auto shared = std::make_shared<const LegacyAggregates>(std::move(read));
    // Under the version read with the rows: an import in between stores it
    // as newer, never as the version looked up above.
    cache_.InsertValue<LegacyAggregates>(legacy::kDataVersionKey, key, Versions(shared->data_version), shared,
                                         ApproximateBytes(*shared));
    result.aggregates = std::move(shared);
  }
  return result;
}

}  // namespace opmon::statistics
