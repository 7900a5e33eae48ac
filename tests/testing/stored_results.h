#pragma once
// Test fixtures for what the services store: a project version as
// opmon-config's ApplyProject writes it, and statistics rows written to
// opmon_results.<table>_statistics the way compute writes them
// (common/results/statistics_row.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/project.h"
#include "common/results/statistics_row.h"

namespace opmon::testing {

// Stores `project` as version `version` in opmon.project_versions and points
// opmon.projects at it.
void RegisterProject(const std::string& dsn, const config::ResolvedProject& project, int64_t version = 1);

// A statistics row from the text a test writes: `date` as YYYY-MM-DD,
// `statistic` and `parameter` as stored ("percentile", "50"). Throws
// std::invalid_argument for a date or statistic that does not parse.
results::StatisticsRow StatRow(std::string_view date, std::string build_id, const std::vector<std::string>& dimensions,
                               std::string branch, std::string metric, std::string_view statistic,
                               std::string parameter, std::optional<double> point,
                               std::optional<double> lower = std::nullopt,
                               std::optional<double> upper = std::nullopt);

// Creates the results tables if needed, then in one transaction deletes the
// rows of `dates`, copies `rows` in as compute does and bumps the data
// version. Returns the new version. Throws on database errors.
int64_t WriteStatistics(const std::string& dsn, const config::ResolvedProject& project,
                        const std::vector<std::string>& dates, const std::vector<results::StatisticsRow>& rows);

}  // namespace opmon::testing
