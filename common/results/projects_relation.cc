#include "common/results/projects_relation.h"

#include <pqxx/pqxx>

#include <algorithm>

#include "absl/time/civil_time.h"
#include "common/results/branch_labels.h"
#include "common/results/text_array.h"
#include "nlohmann/json.hpp"

namespace opmon::results {
namespace {

constexpr std::string_view kUpsertSql = R"sql(
INSERT INTO opmon.monitoring_projects
  (slug, name, xaxis, branches, dimensions, summaries, start_date, end_date,
   group_by_dimension, alerting, compact_visualization, reference_branch,
   results_table, project_version, updated_at)
VALUES ($1, $2, $3, $4::text[], $5::text[], $6::jsonb, $7::date, $8::date,
        $9, $10::boolean, $11::boolean, $12, $13, $14::bigint, now())
ON CONFLICT (slug) DO UPDATE SET
  name = EXCLUDED.name, xaxis = EXCLUDED.xaxis, branches = EXCLUDED.branches,
  dimensions = EXCLUDED.dimensions, summaries = EXCLUDED.summaries,
  start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
  group_by_dimension = EXCLUDED.group_by_dimension, alerting = EXCLUDED.alerting,
  compact_visualization = EXCLUDED.compact_visualization,
  reference_branch = EXCLUDED.reference_branch, results_table = EXCLUDED.results_table,
  project_version = EXCLUDED.project_version, updated_at = now())sql";

std::optional<std::string> FormatDay(const std::optional<absl::CivilDay>& day) {
  if (!day) return std::nullopt;
  return absl::FormatCivilTime(*day);
}

}  // namespace

ProjectRow MakeProjectRow(const config::ResolvedProject& project, int64_t project_version) {
  ProjectRow row;
  row.slug = project.slug;
  row.name = project.name;
  row.xaxis = std::string(config::ToString(project.xaxis));
  row.branches = ProjectBranches(project);
  for (const config::Dimension& d : project.dimensions) row.dimensions.push_back(d.name);
  for (const config::Metric& m : project.metrics) {
    std::optional<std::string> group;
    for (const config::MetricGroup& g : project.metric_groups) {
      if (std::find(g.metrics.begin(), g.metrics.end(), m.name) != g.metrics.end()) {
        group = g.name;
        break;
      }
    }
    std::vector<std::string> seen;
    for (const config::Statistic& s : m.statistics) {
      std::string kind(ToString(s.kind));
      if (std::find(seen.begin(), seen.end(), kind) != seen.end()) continue;
      seen.push_back(kind);
      row.summaries.push_back({m.name, group, kind});
    }
  }
  row.start_date = FormatDay(project.start_date);
  row.end_date = FormatDay(project.end_date);
  row.group_by_dimension = project.population.group_by_dimension;
  row.alerting = !project.alerts.empty();
  row.compact_visualization = project.compact_visualization;
  row.reference_branch = project.reference_branch;
  row.results_table = project.table_name;
  row.project_version = project_version;
  return row;
}

std::string SummariesJson(const std::vector<Summary>& summaries) {
  nlohmann::json array = nlohmann::json::array();
  for (const Summary& s : summaries) {
    nlohmann::json item = {{"metric", s.metric}, {"statistic", s.statistic}};
    item["metric_group"] = s.metric_group ? nlohmann::json(*s.metric_group) : nlohmann::json(nullptr);
    array.push_back(std::move(item));
  }
  return array.dump();
}

void UpsertProjectRow(pqxx::transaction_base& tx, const ProjectRow& row) {
  const std::string* start = row.start_date ? &*row.start_date : nullptr;
  const std::string* end = row.end_date ? &*row.end_date : nullptr;
  const std::string* group = row.group_by_dimension ? &*row.group_by_dimension : nullptr;
  tx.exec_params(std::string(kUpsertSql), row.slug, row.name, row.xaxis, TextArrayLiteral(row.branches),
                 TextArrayLiteral(row.dimensions), SummariesJson(row.summaries), start, end, group,
                 row.alerting, row.compact_visualization, row.reference_branch, row.results_table,
                 row.project_version);
}

}  // namespace opmon::results
