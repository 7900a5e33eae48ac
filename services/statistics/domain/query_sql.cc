#include "services/statistics/domain/query_sql.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sql/quote.h"
#include "common/results/relation_name.h"
#include "services/statistics/domain/sql_param_list.h"

namespace opmon::statistics {

SqlStatement BuildStatisticsPageSql(const config::ResolvedProject& project, const StatisticsQuery& query,
                                    std::int64_t offset, std::int64_t limit) {
  ParamList params;
  const std::string slug_param = params.Add(query.slug);

  std::vector<std::string> columns = {"submission_date", "COALESCE(build_id, '') AS build_id"};
  std::vector<std::string> order = {"submission_date", "build_id"};
  for (std::size_t i = 0; i < project.dimensions.size(); ++i) {
    columns.push_back(absl::StrCat("COALESCE(", sql::QuoteIdent(project.dimensions[i].name), ", '') AS d", i));
    order.push_back(absl::StrCat("d", i));
  }
  for (const char* name : {"branch", "metric", "statistic", "parameter"}) {
    columns.push_back(absl::StrCat("COALESCE(", name, ", '') AS ", name));
    order.push_back(name);
  }
  for (const char* name : {"point", "lower", "upper"}) {
    columns.push_back(name);
    order.push_back(name);
  }

  std::vector<std::string> where;
  if (!query.metrics.empty()) where.push_back("metric " + params.In(query.metrics));
  if (!query.statistics.empty()) where.push_back("statistic " + params.In(query.StatisticNames()));
  if (!query.parameters.empty()) where.push_back("parameter " + params.In(query.ParameterTexts()));
  if (!query.branches.empty()) where.push_back("branch " + params.In(query.branches));
  for (const DimensionFilter& f : query.dimension_filters) {
    where.push_back(sql::QuoteIdent(f.name) + " " + params.In(f.values));
  }
  if (query.by_build_id) {
    if (!query.from.empty()) where.push_back("build_id >= " + params.Add(query.from) + "::text");
    if (!query.to.empty()) {
      const std::string to = params.Add(query.to);
      where.push_back(absl::StrCat("left(build_id, length(", to, "::text)) <= ", to, "::text"));
    }
  } else {
    if (!query.from.empty()) where.push_back("submission_date >= " + params.Add(query.from) + "::date");
    if (!query.to.empty()) where.push_back("submission_date <= " + params.Add(query.to) + "::date");
  }
  const std::string limit_param = params.Add(absl::StrCat(limit));
  const std::string offset_param = params.Add(absl::StrCat(offset));

  std::vector<std::string> outer_columns = {"version.data_version", "page.submission_date::text"};
  std::vector<std::string> outer_order;
  for (std::size_t i = 1; i < order.size(); ++i) outer_columns.push_back("page." + order[i]);
  for (const std::string& o : order) outer_order.push_back("page." + o);

  SqlStatement out;
  out.text = absl::StrCat(
      "WITH version AS (SELECT COALESCE((SELECT version FROM opmon.data_versions WHERE slug = ", slug_param,
      "), 0) AS data_version) ",
      "SELECT ", absl::StrJoin(outer_columns, ", "), " FROM version LEFT JOIN LATERAL (",
      "SELECT ", absl::StrJoin(columns, ", "), " FROM ", results::StatisticsTable(project).Qualified(),
      where.empty() ? "" : " WHERE " + absl::StrJoin(where, " AND "),
      " ORDER BY ", absl::StrJoin(order, ", "), " LIMIT ", limit_param, "::bigint OFFSET ", offset_param,
      "::bigint) AS page ON TRUE ORDER BY ", absl::StrJoin(outer_order, ", "));
  out.params = params.Take();
  return out;
}

}  // namespace opmon::statistics
