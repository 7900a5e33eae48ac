#pragma once
// Reads one page of statistics from PostgreSQL (the statement of
// query_sql.h): rows and the data version they belong to, from one snapshot.

#include <cstdint>

#include "absl/status/statusor.h"
#include "common/config/project.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/query_cache.h"
#include "services/statistics/domain/statistics_query.h"

namespace opmon::statistics {

// True when opmon_results.<table>_statistics exists.
bool StatisticsTableExists(pqxx::connection_base& conn, const config::ResolvedProject& project);

// One page from `offset`; next_offset is set when more rows follow. A project
// without a statistics table yet has no rows (and its current data version).
// May throw pqxx exceptions: call inside pg::Pool::Run.
QueryPage ReadStatisticsPage(pqxx::connection_base& conn, const config::ResolvedProject& project,
                             const StatisticsQuery& query, std::int64_t offset);

}  // namespace opmon::statistics
