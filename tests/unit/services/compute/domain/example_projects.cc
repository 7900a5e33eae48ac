#include "tests/unit/services/compute/domain/example_projects.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/config/domain/definitions.h"
#include "services/config/domain/validate_and_resolve.h"

namespace opmon::compute::testing {
namespace {

std::vector<config::PlatformDefinitions> ExampleDefinitions() {
  std::vector<config::PlatformDefinitions> out;
  for (const char* name : {"functions", "firefox_desktop", "firefox_desktop_defaults", "rollout"}) {
    std::string path = absl::StrCat("deploy/examples/definitions/", name, ".yaml");
    config::ParseDefinitionsResult r =
        config::ParseDefinitions({path, ReadSourceFile(path)}, config::ValidationMode::kStrict);
    if (r.definitions) out.push_back(*r.definitions);
  }
  return out;
}

}  // namespace

absl::StatusOr<config::ResolvedProject> ResolveProjectYaml(const std::string& slug, const std::string& yaml) {
  static const std::vector<config::PlatformDefinitions>* definitions =
      new std::vector<config::PlatformDefinitions>(ExampleDefinitions());
  config::ResolveOptions options;
  options.slug = slug;
  config::ResolveResult r = config::ValidateAndResolve({slug + ".yaml", yaml}, *definitions, {}, options);
  if (!r.project) {
    std::string message;
    for (const auto& d : r.diagnostics) absl::StrAppend(&message, config::FormatDiagnostic(d), "\n");
    return absl::InvalidArgumentError(message);
  }
  return *r.project;
}

absl::StatusOr<config::ResolvedProject> ExampleProject(const std::string& slug) {
  return ResolveProjectYaml(slug, ReadSourceFile(absl::StrCat("deploy/examples/projects/", slug, ".yaml")));
}

}  // namespace opmon::compute::testing
