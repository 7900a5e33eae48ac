#include "tests/integration/config/example_files.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace opmon::testing {

std::string ExampleText(const std::string& relative) {
  std::ifstream in(SourcePath("deploy/examples/" + relative), std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read deploy/examples/" << relative;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

config::SourceFile ExampleSource(const std::string& relative) {
  return config::SourceFile{"deploy/examples/" + relative, ExampleText(relative)};
}

v1::SourceFile ExampleProto(const std::string& relative) {
  v1::SourceFile file;
  file.set_path("deploy/examples/" + relative);
  file.set_content(ExampleText(relative));
  return file;
}

std::vector<std::string> ExampleDefinitionFiles(const std::string& extension) {
  std::vector<std::string> out;
  for (const char* name : {"functions", "firefox_desktop", "firefox_desktop_defaults", "rollout"}) {
    out.push_back(std::string("definitions/") + name + extension);
  }
  return out;
}

std::vector<std::string> ExampleProjectSlugs() {
  return {"fission-experiment", "fission-rollout", "desktop-health", "nightly-build-over-build",
          "engagement-statistics"};
}

}  // namespace opmon::testing
