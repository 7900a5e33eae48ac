#include "tests/testing/stored_results.h"

#include <stdexcept>

#include <pqxx/pqxx>

#include "common/config/canonical_json.h"
#include "common/results/data_version.h"
#include "common/results/results_schema.h"
#include "common/results/results_tables.h"
#include "common/time/civil_day.h"

namespace opmon::testing {

void RegisterProject(const std::string& dsn, const config::ResolvedProject& project, int64_t version) {
  pqxx::connection conn(dsn);
  pqxx::work tx(conn);
  tx.exec_params(
      "INSERT INTO opmon.project_versions (slug, version, content_hash, resolved) VALUES ($1, $2, 'test', $3::jsonb)",
      project.slug, version, config::ToCanonicalJson(project));
  tx.exec_params(
      "INSERT INTO opmon.projects (slug, latest_version) VALUES ($1, $2) "
      "ON CONFLICT (slug) DO UPDATE SET latest_version = EXCLUDED.latest_version",
      project.slug, version);
  tx.commit();
}

results::StatisticsRow StatRow(std::string_view date, std::string build_id, const std::vector<std::string>& dimensions,
                               std::string branch, std::string metric, std::string_view statistic,
                               std::string parameter, std::optional<double> point, std::optional<double> lower,
                               std::optional<double> upper) {
  results::StatisticsRow row;
  absl::StatusOr<absl::CivilDay> day = time::ParseCivilDay(date);
  if (!day.ok()) throw std::invalid_argument(std::string(day.status().message()));
  row.submission_date = *day;
  row.build_id = std::move(build_id);
  row.dimensions.assign(dimensions.begin(), dimensions.end());
  row.branch = std::move(branch);
  row.metric = std::move(metric);
  std::optional<StatisticKind> kind = ParseStatisticKind(statistic);
  if (!kind) throw std::invalid_argument(std::string(statistic) + " is not a statistic");
  row.statistic = *kind;
  row.parameter = StatisticParameter::FromText(std::move(parameter));
  row.point = point;
  row.lower = lower;
  row.upper = upper;
  return row;
}

int64_t WriteStatistics(const std::string& dsn, const config::ResolvedProject& project,
                        const std::vector<std::string>& dates, const std::vector<results::StatisticsRow>& rows) {
  pqxx::connection conn(dsn);
  absl::Status ensured = results::EnsureResultsTables(conn, project);
  if (!ensured.ok()) throw std::runtime_error(ensured.ToString());
  absl::StatusOr<results::RelationSchema> statistics = results::StatisticsSchema(project);
  if (!statistics.ok()) throw std::runtime_error(statistics.status().ToString());
  pqxx::work tx(conn);
  for (const std::string& date : dates) tx.exec_params(results::DeleteDaySql(statistics->table), date);
  results::CopyStatisticsRows(tx, *statistics, rows);
  const int64_t version = results::BumpDataVersion(tx, project.slug);
  tx.commit();
  return version;
}

}  // namespace opmon::testing
