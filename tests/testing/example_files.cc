#include "tests/testing/example_files.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "services/config/domain/validate_and_resolve.h"
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

const std::vector<config::PlatformDefinitions>& ExampleDefinitions() {
  static const std::vector<config::PlatformDefinitions>* definitions = [] {
    auto* out = new std::vector<config::PlatformDefinitions>();
    for (const std::string& file : ExampleDefinitionFiles(".yaml")) {
      config::ParseDefinitionsResult r = config::ParseDefinitions(ExampleSource(file), config::ValidationMode::kStrict);
      for (const config::Diagnostic& d : r.diagnostics) ADD_FAILURE() << config::FormatDiagnostic(d);
      if (r.definitions) out->push_back(*r.definitions);
    }
    return out;
  }();
  return *definitions;
}

namespace {

config::ResolveResult Resolve(const std::string& slug, const std::string& path, const std::string& yaml) {
  config::ResolveOptions options;
  options.slug = slug;
  return config::ValidateAndResolve({path, yaml}, ExampleDefinitions(), {}, options);
}

absl::StatusOr<config::ResolvedProject> ProjectOrDiagnostics(config::ResolveResult r) {
  if (r.project) return *std::move(r.project);
  std::string message;
  for (const config::Diagnostic& d : r.diagnostics) absl::StrAppend(&message, config::FormatDiagnostic(d), "\n");
  return absl::InvalidArgumentError(message);
}

std::string ExampleProjectPath(const std::string& example) { return "projects/" + example + ".yaml"; }

}  // namespace

absl::StatusOr<config::ResolvedProject> ResolveProjectYaml(const std::string& slug, const std::string& yaml) {
  return ProjectOrDiagnostics(Resolve(slug, slug + ".yaml", yaml));
}

absl::StatusOr<config::ResolvedProject> ResolveExample(const std::string& example, const std::string& slug) {
  const std::string relative = ExampleProjectPath(example);
  return ProjectOrDiagnostics(
      Resolve(slug.empty() ? example : slug, "deploy/examples/" + relative, ExampleText(relative)));
}

config::ResolvedProject ResolvedExample(const std::string& example, const std::string& slug) {
  const std::string relative = ExampleProjectPath(example);
  config::ResolveResult r = Resolve(slug.empty() ? example : slug, "deploy/examples/" + relative, ExampleText(relative));
  for (const config::Diagnostic& d : r.diagnostics) ADD_FAILURE() << config::FormatDiagnostic(d);
  if (!r.project) {
    ADD_FAILURE() << "deploy/examples/" << relative << " does not resolve";
    return {};
  }
  return *std::move(r.project);
}

}  // namespace opmon::testing
