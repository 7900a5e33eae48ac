#pragma once
// Reads the groups of a QueryErrorAggregates query from opmon.error_aggregates
// with the error aggregates' data version (errors::kDataVersionKey), in one
// snapshot, so a cached answer never mixes two aggregation passes. Functions
// here may throw pqxx exceptions: call them inside pg::Pool::Run.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/encoded_page_slot.h"
#include "services/statistics/domain/error_aggregates_query.h"

namespace opmon::statistics {

// One group: its dimension values in the query's order (window_start as RFC
// 3339 UTC; nullopt for a stored NULL) and the measures' sums in the query's
// order.
struct ErrorAggregateRow {
  std::vector<std::optional<std::string>> dimensions;
  std::vector<double> sums;
};

// Every group of one query, as cached: immutable once stored (but for the
// encodings of its pages, which the edge makes once per page).
struct ErrorAggregates {
  std::int64_t data_version = 0;
  std::vector<ErrorAggregateRow> rows;
  std::shared_ptr<EncodedPageSlots> encodings;  // set by ErrorAggregatesQueries
};
// Counts the rows twice: once decoded, once in the edge's encodings.
std::size_t ApproximateBytes(const ErrorAggregates& aggregates);

// More groups than this is refused: the answer is cached whole and paged.
inline constexpr std::int64_t kMaxErrorGroups = 200000;

// The error aggregates' data version now (0 before any aggregation).
std::int64_t ReadErrorDataVersion(pqxx::connection_base& conn);

// InvalidArgument when the query has more than kMaxErrorGroups groups.
absl::StatusOr<ErrorAggregates> ReadErrorAggregates(pqxx::connection_base& conn, const ErrorAggregatesQuery& query);

}  // namespace opmon::statistics
