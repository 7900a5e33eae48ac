#pragma once
// How often each dimension value occurs in a project's stored statistics
// (opmon_results."<table>_statistics"): the one query behind statistics'
// GetProjectOverview and the LookML generator's dashboard filter defaults.
//
// These functions throw pqxx exceptions: call them inside pg::Pool::Run or
// RunFor (common/pg/pool.h), which converts them.

#include <string>
#include <string_view>
#include <vector>

#include "common/config/project.h"
#include "common/pg/pg_fwd.h"
#include "common/results/results_tables.h"
#include "common/results/value_count.h"

namespace opmon::results {

// Values of `column` in `table`, most frequent first (ties by value), at most
// `max_values`; NULL counts as "". The column must exist.
std::vector<ValueCount> ReadValueFrequencies(pqxx::transaction_base& tx, const TableName& table,
                                             std::string_view column, int max_values);

// One entry per project dimension, in project order, with ReadValueFrequencies
// of its column in the statistics relation. A dimension without a column (added
// after the last run) has no values; a project without a statistics relation
// (never computed) reads as no entries at all.
std::vector<DimensionValues> ReadDimensionFrequencies(pqxx::transaction_base& tx,
                                                      const config::ResolvedProject& project, int max_values);

}  // namespace opmon::results
