#pragma once
// Test support: resolved projects from deploy/examples/ (YAML definitions
// and projects) or from project text written in a test, resolved with the
// config service's domain code, as the config service would store them.

#include <string>

#include "absl/status/statusor.h"
#include "common/config/project.h"
#include "tests/testing/source_tree.h"  // ReadSourceFile, SourcePath

namespace opmon::compute::testing {

using opmon::testing::ReadSourceFile;
using opmon::testing::SourcePath;

// deploy/examples/projects/<slug>.yaml over the example definitions.
absl::StatusOr<config::ResolvedProject> ExampleProject(const std::string& slug);

// A project file's YAML text over the example definitions; diagnostics
// become an InvalidArgument status.
absl::StatusOr<config::ResolvedProject> ResolveProjectYaml(const std::string& slug, const std::string& yaml);

}  // namespace opmon::compute::testing
