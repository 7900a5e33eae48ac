#pragma once
// Re-resolving stored projects when platform definitions change: which
// projects a definitions change affects, and which it would break.
//
// A project is affected when it resolves differently under the new
// definitions than under the old ones; that covers its own platform's
// definitions and defaults, the shared functions of every file and the
// rollout defaults, without a rule per kind of file. Projects are resolved
// from the source they were applied with, in compat mode (a project applied
// with stray keys must keep loading).
//
// Pure: no I/O, no clock.

#include <span>
#include <string>
#include <vector>

#include "common/config/experiment.h"
#include "common/config/project.h"
#include "services/config/domain/definitions.h"
#include "services/config/domain/diagnostic.h"
#include "services/config/domain/front_end.h"

namespace opmon::config {

// A stored project's latest version, as applied.
struct StoredProjectFile {
  std::string slug;
  SourceFile source;
};

struct ReResolvedProject {
  std::string slug;
  ResolvedProject project;  // under the new definitions
};

struct BrokenProject {
  std::string slug;
  std::vector<Diagnostic> errors;  // under the new definitions, sorted
};

struct ReResolution {
  // Resolves under both, differently (or only under the new ones), by slug.
  std::vector<ReResolvedProject> changed;
  // Resolved under the old definitions, no longer under the new ones.
  std::vector<BrokenProject> broken;
};

// `projects`: every live project (their slugs are also the "other projects"
// the results-table check compares with). A project that resolves under
// neither is left alone: the change did not break it.
ReResolution ReResolveProjects(std::span<const StoredProjectFile> projects,
                               std::span<const PlatformDefinitions> before,
                               std::span<const PlatformDefinitions> after,
                               std::span<const Experiment> experiments);

// The FailedPrecondition message for `broken` (non-empty): one line per
// project naming it and its first errors. `what` names the definitions,
// e.g. `definitions "firefox_desktop" (firefox_desktop.yaml)`.
std::string BrokenProjectsMessage(std::string_view what, std::span<const BrokenProject> broken);

}  // namespace opmon::config
