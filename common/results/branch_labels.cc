#include "common/results/branch_labels.h"

namespace opmon::results {

BranchSource BranchSourceOf(const config::Population& population) {
  if (!population.branches.empty()) return BranchSource::kExperimentBranches;
  if (population.boolean_pref) return BranchSource::kBooleanPref;
  if (population.monitor_entire_population) return BranchSource::kEntirePopulation;
  return BranchSource::kEnrolment;
}

std::vector<std::string> ProjectBranches(const config::ResolvedProject& project) {
  switch (BranchSourceOf(project.population)) {
    case BranchSource::kExperimentBranches:
      return project.population.branches;
    case BranchSource::kEntirePopulation:
      return {std::string(kActiveBranch)};
    case BranchSource::kBooleanPref:
    case BranchSource::kEnrolment:
      break;
  }
  return {std::string(kEnabledBranch), std::string(kDisabledBranch)};
}

}  // namespace opmon::results
