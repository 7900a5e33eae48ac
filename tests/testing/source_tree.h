#pragma once
// Where tests find the repository and the build: OPMON_SOURCE_DIR and
// OPMON_BUILD_DIR when set, else the directories this build was configured
// from (ctest runs tests inside the build tree; golden and example files
// live in the source tree). No dependencies, so unit tests can use it.

#include <string>

namespace opmon::testing {

// The repository root, without a trailing slash.
std::string SourceDir();
// <source dir>/<relative>.
std::string SourcePath(const std::string& relative);
// <build dir>/<relative>, e.g. "services/config/opmon-config".
std::string BuiltBinary(const std::string& relative);
// The contents of the file at `path`; empty when it cannot be read.
std::string ReadFile(const std::string& path);
// The contents of SourcePath(relative); empty when it cannot be read.
std::string ReadSourceFile(const std::string& relative);

}  // namespace opmon::testing
