#pragma once
// The SQL of a QueryErrorAggregates query over opmon.error_aggregates. Pure
// text building (golden-SQL tests in
// tests/unit/services/statistics/domain/error_aggregates_sql_test.cc): every
// value is a bound parameter, every identifier a name from
// common/errors/error_aggregates.h through QuoteIdent.
//
// Result columns: one text column per dimension of the query, in its order
// (window_start as RFC 3339 UTC, NULL where the stored value is NULL), then
// one double precision sum per measure; one row per group, ordered by the
// dimensions (NULLs first, so the population row precedes the experiments).

#include <cstdint>

#include "services/statistics/domain/error_aggregates_query.h"
#include "services/statistics/domain/query_sql.h"

namespace opmon::statistics {

// At most `limit` groups.
SqlStatement BuildErrorAggregatesSql(const ErrorAggregatesQuery& query, std::int64_t limit);

}  // namespace opmon::statistics
