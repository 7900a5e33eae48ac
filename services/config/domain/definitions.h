#pragma once
// Platform definitions: the metrics, data sources, dimensions, alerts,
// parameters and functions a platform offers to every project, and its
// defaults. Two kinds of file, as in metric-hub:
//   - a definitions file (metric-hub definitions/<platform>.toml and
//     opmon/definitions/<platform>.toml): always layered under projects of the
//     platform;
//   - a defaults file, recognised by its `project` section (metric-hub
//     opmon/defaults/<platform>.toml): default metrics, population data source,
//     ...; layered only when the project does not set skip_default_metrics.
//     Platform `rollout` holds defaults for rollouts (of its
//     project.platform, or of any platform when unset).
// Functions are shared: those of every file apply to every project.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/config/domain/diagnostic.h"
#include "services/config/domain/front_end.h"
#include "services/config/domain/schema_validator.h"
#include "services/config/domain/spec.h"

namespace opmon::config {

inline constexpr std::string_view kRolloutPlatform = "rollout";

struct PlatformDefinitions {
  // The file's top-level `platform`, else its file name without extension.
  std::string platform;
  bool is_defaults = false;  // the file has a `project` section
  std::string path;
  Layer layer;
};

struct ParseDefinitionsResult {
  std::vector<Diagnostic> diagnostics;  // sorted
  // Set unless there were errors.
  std::optional<PlatformDefinitions> definitions;
};

// Parses and schema-checks one definitions or defaults file. References
// inside it are checked only when a project uses them (a platform may define
// more than any one project resolves).
ParseDefinitionsResult ParseDefinitions(const SourceFile& file, ValidationMode mode);

// "dir/firefox_desktop.toml" → "firefox_desktop".
std::string FileStem(std::string_view path);

}  // namespace opmon::config
