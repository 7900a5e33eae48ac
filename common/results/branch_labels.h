#pragma once
// The `branch` column of the results relations: where a client's branch
// label comes from, and the labels opmon gives when a project names none.
// Compute's client query writes them, the projects relation lists them and
// the LookML dashboards order them; all three decide here.

#include <string>
#include <string_view>
#include <vector>

#include "common/config/project.h"

namespace opmon::results {

inline constexpr std::string_view kEnabledBranch = "enabled";
inline constexpr std::string_view kDisabledBranch = "disabled";
inline constexpr std::string_view kActiveBranch = "active";

enum class BranchSource {
  kExperimentBranches,  // population.branches: the client's experiment branch, when listed
  kBooleanPref,         // kEnabledBranch / kDisabledBranch from the pref (clients without it left out)
  kEntirePopulation,    // every client is kActiveBranch
  kEnrolment,           // kEnabledBranch when enrolled in the experiment, else kDisabledBranch
};

// As the reference decides: population.branches when set, else the boolean
// pref, else monitor_entire_population, else enrolment.
BranchSource BranchSourceOf(const config::Population& population);

// The branch labels a project's population produces: population.branches
// when set; "enabled"/"disabled" for a boolean pref or enrolment; "active"
// for the whole population.
std::vector<std::string> ProjectBranches(const config::ResolvedProject& project);

}  // namespace opmon::results
