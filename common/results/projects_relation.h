#pragma once
// opmon.monitoring_projects: one row per computed project, what the LookML
// generator (and anyone building dashboards) needs without resolving configs:
// slug, name, xaxis, branches, dimensions, summaries (metric × statistic,
// with the metric's group), start/end date, group_by_dimension, alerting,
// compact_visualization. Compute upserts the row in the transaction that
// writes a day's results, so it is current whenever results are.
// (The reference OpMon keeps the same relation as `projects_v1`.)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/config/project.h"

namespace pqxx {
class transaction_base;
}

namespace opmon::results {

inline constexpr char kProjectsRelation[] = "opmon.monitoring_projects";

struct Summary {
  std::string metric;
  std::optional<std::string> metric_group;  // the first group listing the metric
  std::string statistic;                    // "percentile", "mean", ...
  bool operator==(const Summary&) const = default;
};

struct ProjectRow {
  std::string slug;
  std::string name;
  std::string xaxis;  // "submission_date" | "build_id"
  std::vector<std::string> branches;  // ProjectBranches (branch_labels.h)
  std::vector<std::string> dimensions;
  std::vector<Summary> summaries;
  std::optional<std::string> start_date;  // YYYY-MM-DD
  std::optional<std::string> end_date;
  std::optional<std::string> group_by_dimension;
  bool alerting = false;
  bool compact_visualization = false;
  std::string reference_branch;
  std::string results_table;  // config::ResultsTableName(slug)
  int64_t project_version = 0;
};

ProjectRow MakeProjectRow(const config::ResolvedProject& project, int64_t project_version);

// summaries as stored: [{"metric":..,"metric_group":..|null,"statistic":..}].
std::string SummariesJson(const std::vector<Summary>& summaries);

// Inserts or replaces the row of row.slug. Throws pqxx exceptions (call it
// inside the caller's adapter).
void UpsertProjectRow(pqxx::transaction_base& tx, const ProjectRow& row);

}  // namespace opmon::results
