#pragma once
// Which columns a results relation has: relations grow a column per new
// dimension or metric, so readers ask before selecting one (a dimension
// added after the last run has no column yet).

#include <set>
#include <string>

#include "common/pg/pg_fwd.h"
#include "common/results/results_tables.h"

namespace opmon::results {

// The column names of `table`; empty when it does not exist. Throws pqxx
// exceptions: call it inside pg::Pool::Run.
std::set<std::string> ReadRelationColumns(pqxx::transaction_base& tx, const TableName& table);

}  // namespace opmon::results
