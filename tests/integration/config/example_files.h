#pragma once
// The sample definitions and projects under deploy/examples/, read for the
// config service's integration tests.

#include <string>
#include <vector>

#include "opmon/v1/common.pb.h"
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

// The five sample project slugs.
std::vector<std::string> ExampleProjectSlugs();

}  // namespace opmon::testing
