#pragma once
// Where compute gets resolved projects: the config service over gRPC (when
// --config-addr is set) or, by default, the versions the config service
// stored in opmon.project_versions. Implementations are thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/project.h"

namespace opmon::compute {

struct VersionedProject {
  config::ResolvedProject project;
  int64_t version = 0;  // 0: not a stored version (a previewed file)
};

struct SourceFileInput {
  std::string path;
  std::string content;
  bool compat_mode = false;  // unknown keys are warnings, not errors
};

class ProjectSource {
 public:
  virtual ~ProjectSource() = default;
  // The latest version of `slug`. NotFound naming the slug when there is no
  // such (live) project.
  virtual absl::StatusOr<VersionedProject> Get(const std::string& slug) = 0;
  // Slugs of every live project.
  virtual absl::StatusOr<std::vector<std::string>> ListSlugs() = 0;
  // Resolves a project file without storing it (Preview/DryRun of a file).
  // InvalidArgument listing the diagnostics when it does not resolve;
  // FailedPrecondition when this source cannot resolve files.
  virtual absl::StatusOr<VersionedProject> Resolve(const SourceFileInput& file, const std::string& slug) = 0;
};

}  // namespace opmon::compute
