#include "common/results/dimension_frequencies.h"

#include <set>

#include <pqxx/pqxx>

#include "absl/strings/str_replace.h"
#include "common/results/relation_columns.h"
#include "common/sql/quote.h"

namespace opmon::results {
std::vector<ValueCount> ReadValueFrequencies(pqxx::transaction_base& tx, const TableName& table,
                                             std::string_view column, int max_values) {
  // Identifiers are quoted; the limit is bound.
  constexpr char kSql[] =
      "SELECT COALESCE({column}, ''), count(*) FROM {table} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $1::bigint";
  const std::string sql =
      absl::StrReplaceAll(kSql, {{"{column}", sql::QuoteIdent(column)}, {"{table}", table.Qualified()}});
  std::vector<ValueCount> out;
  for (const pqxx::row& row : tx.exec_params(sql, max_values)) {
    out.push_back({row[0].as<std::string>(), row[1].as<std::int64_t>()});
  }
  return out;
}

std::vector<DimensionValues> ReadDimensionFrequencies(pqxx::transaction_base& tx,
                                                      const config::ResolvedProject& project, int max_values) {
  const TableName table = StatisticsTable(project);
  const std::set<std::string> columns = ReadRelationColumns(tx, table);
  std::vector<DimensionValues> out;
  if (columns.empty()) return out;
  for (const config::Dimension& d : project.dimensions) {
    DimensionValues values{d.name, {}};
    if (columns.count(d.name) > 0) values.values = ReadValueFrequencies(tx, table, d.name, max_values);
    out.push_back(std::move(values));
  }
  return out;
}

}  // namespace opmon::results
