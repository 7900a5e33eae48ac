#pragma once
// Test fixtures for what the services store: a project version as
// opmon-config's ApplyProject writes it, and a statistics row in the shape of
// opmon_results.<table>_statistics.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/config/project.h"

namespace opmon::testing {

// Stores `project` as version `version` in opmon.project_versions and points
// opmon.projects at it.
void RegisterProject(const std::string& dsn, const config::ResolvedProject& project, int64_t version = 1);

struct StatRow {
  std::string date;
  std::string build_id;
  std::vector<std::string> dimensions;  // project dimension order
  std::string branch;
  std::string metric;
  std::string statistic;
  std::string parameter;
  std::optional<double> point;
  std::optional<double> lower;
  std::optional<double> upper;
};

}  // namespace opmon::testing
