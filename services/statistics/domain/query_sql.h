#pragma once
// The SQL of one page of a statistics query. Pure text building (golden-SQL
// tests in tests/unit/services/statistics/domain/query_sql_test.cc): every
// value is a bound parameter ($n, passed as text and cast in SQL), every
// identifier goes through QuoteIdent.
//
// The statement reads the project's data version and the page in one
// statement, so both come from one snapshot: a page is never paired with the
// version of a different publish (the cache relies on it). Result columns:
// data_version, then — unless the page is empty, when a single row has NULL
// in every other column — submission_date, build_id, one column per project
// dimension, branch, metric, statistic, parameter, point, lower, upper.

#include <cstdint>
#include <string>
#include <vector>

#include "common/config/project.h"
#include "services/statistics/domain/statistics_query.h"

namespace opmon::statistics {

struct SqlStatement {
  std::string text;
  std::vector<std::string> params;  // $1, $2, ... in order
};

// One page: `limit` rows from `offset` in the stable order (x-axis, dimensions,
// branch, metric, statistic, parameter, then the values).
SqlStatement BuildStatisticsPageSql(const config::ResolvedProject& project, const StatisticsQuery& query,
                                    std::int64_t offset, std::int64_t limit);

}  // namespace opmon::statistics
