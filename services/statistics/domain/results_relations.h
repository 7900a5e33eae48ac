#pragma once
// The quoted names of a project's results relations the statistics service
// reads and writes: opmon_results.<table>_statistics (written by compute,
// common/results) and opmon_results.<table>_alerts (written here).

#include <string>

#include "common/config/project.h"

namespace opmon::statistics {

std::string StatisticsRelation(const config::ResolvedProject& project);  // "opmon_results"."<table>_statistics"
std::string AlertsRelation(const config::ResolvedProject& project);      // "opmon_results"."<table>_alerts"

}  // namespace opmon::statistics
