#pragma once
// Checks a generated Looker project tree before anyone sees it: every LookML
// file parses (lookml_syntax.h), every dashboard is valid YAML, includes
// resolve, explores name included views and datagroups, field names are
// unique per view, element and filter names are unique per dashboard, every
// `listen` names an existing filter, and every field a dashboard or explore
// references exists in its view.

#include <string>
#include <vector>

#include "services/lookml/domain/lookml_input.h"

namespace opmon::lookml {

// One line per problem, "path: what is wrong"; empty when the tree is sound.
// Deterministic order (files in the given order).
std::vector<std::string> ValidateTree(const std::vector<GeneratedFile>& files);

}  // namespace opmon::lookml
