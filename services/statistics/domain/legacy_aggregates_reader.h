#pragma once
// Reading QueryLegacyAggregates' answer from opmon.legacy_aggregates: the
// rows a LegacyQuery selects, merged per (date, label)
// (legacy_histogram_merge.h), and the data version of the legacy aggregates
// (common/legacy/legacy_aggregates.h kDataVersionKey) read by the same
// statement, i.e. from one snapshot: an answer is never paired with the
// version of another import (the cache relies on it).

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/legacy_histogram_merge.h"
#include "services/statistics/domain/legacy_query.h"
#include "services/statistics/domain/query_sql.h"

namespace opmon::statistics {

struct LegacyAggregates {
  std::int64_t data_version = 0;
  std::vector<LegacyHistogram> histograms;  // by date, then label
};

// What a cached answer costs in memory, roughly.
std::size_t ApproximateBytes(const LegacyAggregates& aggregates);

// The statement (golden-SQL tests): values are bound parameters, filters on
// optional dimensions compare COALESCE(column, '') so "" selects NULLs.
// Result columns: data_version, then ds_nodash, label ("" for NULL) and the
// aggregate as array text, all three NULL in the single row of an empty
// answer.
SqlStatement BuildLegacyAggregatesSql(const LegacyQuery& query);

// Runs it on `conn` and merges. FailedPrecondition naming the date and label
// when a stored aggregate cannot be merged (see LegacyHistogramMerger::Add,
// or a NULL element); OutOfRange on overflow. Throws pqxx exceptions (call it
// through pg::Pool, which converts them).
absl::StatusOr<LegacyAggregates> ReadLegacyAggregates(pqxx::connection_base& conn, const LegacyQuery& query);

}  // namespace opmon::statistics
