#include "tests/testing/example_files.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "grpcpp/client_context.h"
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

absl::Status ApplyExampleDefinitions(v1::ConfigService::Stub& stub, const std::string& extension) {
  for (const std::string& file : ExampleDefinitionFiles(extension)) {
    v1::ApplyDefinitionsRequest request;
    *request.mutable_file() = ExampleProto(file);
    v1::ApplyDefinitionsResponse response;
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    const grpc::Status status = stub.ApplyDefinitions(&ctx, request, &response);
    if (!status.ok()) {
      return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                          absl::StrCat(file, ": ", status.error_message()));
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> ExampleProjectSlugs() {
  return {"fission-experiment", "fission-rollout", "desktop-health", "nightly-build-over-build",
          "engagement-statistics"};
}

}  // namespace opmon::testing
