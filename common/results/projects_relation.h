#pragma once
// The branch labels a project's results carry, decided from its population.
// (The opmon.monitoring_projects relation this file once wrote had no reader
// and was dropped in migration 0005; readers take the resolved project from
// common/projects.)

#include <string>
#include <vector>

#include "common/config/project.h"

namespace opmon::results {

// The branch labels a project's population produces, as the reference:
// population.branches when set; "enabled"/"disabled" for a boolean pref;
// "active" for the whole population; otherwise "enabled"/"disabled"
// (enrolled in the experiment or not).
std::vector<std::string> ProjectBranches(const config::ResolvedProject& project);

}  // namespace opmon::results
