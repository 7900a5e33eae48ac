#pragma once
// What the LookML generator needs to know about one project: the resolved
// project (from the config service) plus facts read from its stored results
// (which dimension values occur and how often, which branches have data).
// The generator itself reads nothing: everything arrives in these structs,
// so generation is pure and deterministic.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/config/project.h"
#include "common/results/value_count.h"

namespace opmon::lookml {

using ValueCount = results::ValueCount;
// Values of one project dimension in the stored statistics rows. Empty
// `values`: the dimension has no data.
using DimensionValues = results::DimensionValues;

struct ProjectLookmlInput {
  config::ResolvedProject project;
  // One entry per dimension that has data; dimensions missing here (or with
  // no values) get no view field and no dashboard filter.
  std::vector<DimensionValues> dimension_values;
  // Branches seen in the stored statistics, most frequent first; used when
  // the project does not name its branches (rollouts, whole population).
  std::vector<std::string> observed_branches;
  // Whether to generate the alerts view, explore and dashboard tile. Set it
  // from the project with HasAlerting() unless a caller knows better.
  bool alerting = false;
};

// True when the project configures at least one alert.
inline bool HasAlerting(const config::ResolvedProject& project) { return !project.alerts.empty(); }

struct GeneratedFile {
  std::string path;  // relative to the Looker project root, '/'-separated
  std::string content;
  bool operator==(const GeneratedFile&) const = default;
};

struct GenerationOptions {
  std::string connection = "opmon";  // Looker connection of the model
  // Projects whose end_date is before this day are left out of a tree (their
  // dashboards would only show stale data). nullopt: keep every project.
  std::optional<absl::CivilDay> today;
  // Options listed in a single-value dimension dropdown.
  int max_dimension_options = 10;
};

}  // namespace opmon::lookml
