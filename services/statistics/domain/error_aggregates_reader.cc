#include "services/statistics/domain/error_aggregates_reader.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/errors/error_aggregates.h"
#include "common/results/data_version.h"
#include "services/statistics/domain/error_aggregates_sql.h"

namespace opmon::statistics {

std::size_t ApproximateBytes(const ErrorAggregates& aggregates) {
  std::size_t row_bytes = 0;
  for (const ErrorAggregateRow& row : aggregates.rows) {
    row_bytes += sizeof(ErrorAggregateRow) + row.sums.size() * sizeof(double);
    for (const std::optional<std::string>& d : row.dimensions) row_bytes += sizeof(d) + (d ? d->size() : 0);
  }
  return sizeof(ErrorAggregates) + sizeof(EncodedPageSlots) + 2 * row_bytes;
}

std::int64_t ReadErrorDataVersion(pqxx::connection_base& conn) {
  pqxx::nontransaction tx(conn);
  return results::ReadDataVersion(tx, std::string(errors::kDataVersionKey));
}

absl::StatusOr<ErrorAggregates> ReadErrorAggregates(pqxx::connection_base& conn, const ErrorAggregatesQuery& query) {
  pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(conn);
  ErrorAggregates out;
  out.data_version = results::ReadDataVersion(tx, std::string(errors::kDataVersionKey));
  // One group more than allowed tells the query is too wide.
  const SqlStatement sql = BuildErrorAggregatesSql(query, kMaxErrorGroups + 1);
  const pqxx::result result = tx.exec_params(sql.text, pqxx::prepare::make_dynamic_params(sql.params));
  tx.commit();
  if (static_cast<std::int64_t>(result.size()) > kMaxErrorGroups) {
    return absl::InvalidArgumentError(absl::StrCat("dimensions: the query has more than ", kMaxErrorGroups,
                                                   " groups; ask fewer dimensions, filter, or narrow from/to"));
  }
  const int dims = static_cast<int>(query.dimensions.size());
  const int sums = static_cast<int>(query.measures.size());
  out.rows.reserve(result.size());
  for (const pqxx::row& row : result) {
    ErrorAggregateRow& r = out.rows.emplace_back();
    r.dimensions.reserve(dims);
    for (int i = 0; i < dims; ++i) {
      r.dimensions.push_back(row[i].is_null() ? std::nullopt : std::optional<std::string>(row[i].c_str()));
    }
    r.sums.reserve(sums);
    for (int i = 0; i < sums; ++i) r.sums.push_back(row[dims + i].as<double>());
  }
  return out;
}

}  // namespace opmon::statistics
