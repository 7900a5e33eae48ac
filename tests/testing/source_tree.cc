#include "tests/testing/source_tree.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace opmon::testing {
namespace {

std::string EnvOr(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

}  // namespace

std::string SourceDir() { return EnvOr("OPMON_SOURCE_DIR", OPMON_DEFAULT_SOURCE_DIR); }

std::string SourcePath(const std::string& relative) { return SourceDir() + "/" + relative; }

std::string BuiltBinary(const std::string& relative) {
  return EnvOr("OPMON_BUILD_DIR", OPMON_DEFAULT_BUILD_DIR) + "/" + relative;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ReadSourceFile(const std::string& relative) { return ReadFile(SourcePath(relative)); }

}  // namespace opmon::testing
