#include "services/statistics/domain/statistics_page_reader.h"

#include <string>

#include <pqxx/pqxx>

#include "common/results/relation_name.h"
#include "common/results/statistics_row.h"
#include "services/statistics/domain/query_sql.h"

namespace opmon::statistics {
namespace {

constexpr std::string_view kTableAndVersionSql =
    "SELECT to_regclass($1) IS NOT NULL, "
    "COALESCE((SELECT version FROM opmon.data_versions WHERE slug = $2), 0)";

}  // namespace

bool StatisticsTableExists(pqxx::connection_base& conn, const config::ResolvedProject& project) {
  pqxx::nontransaction tx(conn);
  return tx.exec_params(std::string(kTableAndVersionSql), results::StatisticsTable(project).Qualified(),
                        project.slug)[0][0]
      .as<bool>();
}

QueryPage ReadStatisticsPage(pqxx::connection_base& conn, const config::ResolvedProject& project,
                             const StatisticsQuery& query, std::int64_t offset) {
  QueryPage page;
  pqxx::nontransaction tx(conn);
  pqxx::result check = tx.exec_params(std::string(kTableAndVersionSql),
                                      results::StatisticsTable(project).Qualified(), query.slug);
  if (!check[0][0].as<bool>()) {
    page.data_version = check[0][1].as<std::int64_t>();
    return page;
  }
  // One row more than the page tells whether another page follows.
  const SqlStatement sql = BuildStatisticsPageSql(project, query, offset, query.page_size + 1);
  pqxx::result result = tx.exec_params(sql.text, pqxx::prepare::make_dynamic_params(sql.params));
  const std::size_t dims = project.dimensions.size();
  for (const pqxx::row& row : result) {
    page.data_version = row[0].as<std::int64_t>();
    if (row[1].is_null()) break;  // empty page: the version row only
    if (static_cast<int>(page.rows.size()) == query.page_size) {
      page.next_offset = offset + query.page_size;
      break;
    }
    page.rows.push_back(results::DecodeStatisticsRow(row, 1, dims));
  }
  return page;
}

}  // namespace opmon::statistics
