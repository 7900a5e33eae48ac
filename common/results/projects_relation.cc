#include "common/results/projects_relation.h"

namespace opmon::results {

std::vector<std::string> ProjectBranches(const config::ResolvedProject& project) {
  const config::Population& p = project.population;
  if (!p.branches.empty()) return p.branches;
  if (p.boolean_pref) return {"enabled", "disabled"};
  if (p.monitor_entire_population) return {"active"};
  return {"enabled", "disabled"};
}

}  // namespace opmon::results
