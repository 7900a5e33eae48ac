#pragma once
// The sample definitions and projects under deploy/examples/, read for the
// integration tests of every service.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/config/project.h"
#include "opmon/v1/common.pb.h"
#include "opmon/v1/config.grpc.pb.h"
#include "services/config/domain/definitions.h"
#include "services/config/domain/front_end.h"
#include "tests/testing/source_tree.h"

namespace opmon::testing {

// The text of deploy/examples/<relative>; fails the test if unreadable.
std::string ExampleText(const std::string& relative);

// As a domain SourceFile, with the path "deploy/examples/<relative>".
config::SourceFile ExampleSource(const std::string& relative);

// As an opmon.v1.SourceFile, same path.
v1::SourceFile ExampleProto(const std::string& relative);

// The four definitions files, in the order they are applied: functions,
// firefox_desktop, firefox_desktop_defaults, rollout. `extension` ".yaml" or ".toml".
std::vector<std::string> ExampleDefinitionFiles(const std::string& extension);

// Applies ExampleDefinitionFiles(extension) through `stub`, in order (30 s
// deadline each). The first failure, naming the file and gRPC's message.
absl::Status ApplyExampleDefinitions(v1::ConfigService::Stub& stub, const std::string& extension = ".yaml");

// The five sample project slugs.
std::vector<std::string> ExampleProjectSlugs();

// ExampleDefinitionFiles(".yaml") parsed in strict mode, once per process; a
// diagnostic fails the calling test.
const std::vector<config::PlatformDefinitions>& ExampleDefinitions();

// A project file's YAML text resolved over ExampleDefinitions() as `slug`
// (strict mode), as the config service would store it. InvalidArgument
// listing the diagnostics when it does not resolve; warnings are dropped.
absl::StatusOr<config::ResolvedProject> ResolveProjectYaml(const std::string& slug, const std::string& yaml);

// deploy/examples/projects/<example>.yaml resolved the same way, as `slug`
// (the example's own slug when empty).
absl::StatusOr<config::ResolvedProject> ResolveExample(const std::string& example, const std::string& slug = "");

// The same, failing the calling test on any diagnostic (then, if it does not
// resolve, an empty project).
config::ResolvedProject ResolvedExample(const std::string& example, const std::string& slug = "");

}  // namespace opmon::testing
