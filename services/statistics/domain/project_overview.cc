#include "services/statistics/domain/project_overview.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/results/dimension_frequencies.h"
#include "common/time/civil_day.h"
#include "common/results/relation_name.h"

namespace opmon::statistics {
namespace {

constexpr std::string_view kSummarySql =
    "SELECT COALESCE((SELECT version FROM opmon.data_versions WHERE slug = $1), 0), "
    "(SELECT count(*) FROM opmon.alerts WHERE slug = $1), "
    "COALESCE((SELECT to_char(max(finished_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
    "FROM opmon.jobs WHERE slug = $1 AND state = 'succeeded'), ''), "
    "to_regclass($2) IS NOT NULL";

}  // namespace

ProjectOverview ReadProjectOverview(pqxx::connection_base& conn, const config::ResolvedProject& project) {
  ProjectOverview out;
  out.slug = project.slug;
  out.name = project.name;
  pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(conn);
  const std::string table = results::StatisticsTable(project).Qualified();
  pqxx::row summary = tx.exec_params1(std::string(kSummarySql), project.slug, table);
  out.data_version = summary[0].as<std::int64_t>();
  out.alert_count = summary[1].as<std::int64_t>();
  out.last_job_finished_at = summary[2].c_str();
  if (!summary[3].as<bool>()) {
    tx.commit();
    return out;
  }
  for (const pqxx::row& row :
       tx.exec(absl::StrCat("SELECT COALESCE(metric, ''), COALESCE(statistic, '') FROM ", table,
                            " GROUP BY 1, 2 ORDER BY 1, 2"))) {
    const std::string metric = row[0].c_str();
    if (out.metrics.empty() || out.metrics.back().first != metric) out.metrics.push_back({metric, {}});
    out.metrics.back().second.emplace_back(row[1].c_str());
  }
  for (const pqxx::row& row : tx.exec(absl::StrCat("SELECT DISTINCT COALESCE(branch, '') FROM ", table, " ORDER BY 1"))) {
    out.branches.emplace_back(row[0].c_str());
  }
  for (results::DimensionValues& d : results::ReadDimensionFrequencies(tx, project, kMaxDimensionValues)) {
    out.dimensions.push_back({std::move(d.dimension), std::move(d.values)});
  }
  pqxx::row dates = tx.exec1(absl::StrCat("SELECT min(submission_date)::text, max(submission_date)::text FROM ", table));
  if (!dates[0].is_null()) {
    out.first_date = time::ParseCivilDay(dates[0].c_str()).value_or(absl::CivilDay());
    out.last_date = time::ParseCivilDay(dates[1].c_str()).value_or(absl::CivilDay());
  }
  tx.commit();
  return out;
}

}  // namespace opmon::statistics
