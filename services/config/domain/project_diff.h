#pragma once
// What changed between two versions of a resolved project, in one line per
// changed item, for ApplyProject's diff summary:
//
//   project.start_date: 2024-01-08 -> 2024-01-15
//   metrics.gc_ms: added
//   metrics.memory_total: statistics changed
//   alerts.branch_divergence: metrics, statistics changed
//
// Pure; the lines come in a stable order (project fields, population, then
// metrics, data sources, dimensions, alerts, metric groups, each by name).

#include <optional>
#include <string>
#include <vector>

#include "common/config/project.h"

namespace opmon::config {

// `before` absent: the project is new ({"project: created"}). Equal projects
// give an empty list.
std::vector<std::string> DiffProjects(const std::optional<ResolvedProject>& before,
                                      const ResolvedProject& after);

}  // namespace opmon::config
