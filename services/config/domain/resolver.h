#pragma once
// Resolution: from the merged layers of one project to a ResolvedProject.
// Checks every reference (metrics, data sources, dimensions, alerts, metric
// groups, total_ratio denominators, group_by_dimension), required keys, which
// statistic applies to which metric type, alert parameters, slugs, and fills
// in experiment metadata and defaults. Reports every problem found.

#include <optional>
#include <string>
#include <vector>

#include "common/config/experiment.h"
#include "common/config/project.h"
#include "services/config/domain/diagnostic.h"
#include "services/config/domain/spec.h"

namespace opmon::config {

struct ResolveInput {
  const Layer* merged = nullptr;  // definitions, defaults and project merged
  std::string slug;
  std::string project_file;  // for diagnostics not tied to a key
  std::string platform;      // already chosen by the caller
  const Experiment* experiment = nullptr;  // registry entry, may be null
  std::vector<std::string> other_project_slugs;
};

// nullopt when an error was reported.
std::optional<ResolvedProject> ResolveProject(const ResolveInput& input, DiagnosticSink& sink);

}  // namespace opmon::config
