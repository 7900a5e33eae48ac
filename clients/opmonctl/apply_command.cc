#include "clients/opmonctl/apply_command.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/config_command.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "opmon/v1/config.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct ApplyOptions {
  std::vector<std::string> files;
  std::string message;
  std::string slug;
  bool compat = false;
};

int RunApply(const GlobalOptions& g, const ApplyOptions& o) {
  if (!o.slug.empty() && o.files.size() != 1) {
    std::cerr << "opmonctl: --slug needs exactly one file\n";
    return 2;
  }
  // Every file is read (and checked for UTF-8) before the first is applied.
  absl::StatusOr<std::vector<v1::SourceFile>> files = ReadSourceFiles(o.files);
  if (!files.ok()) return ReadFailed(files.status());
  int exit_code = 0;
  nlohmann::json results = nlohmann::json::array();
  for (v1::SourceFile& file : *files) {
    const std::string path = file.path();
    v1::ApplyProjectRequest request;
    *request.mutable_file() = std::move(file);
    request.set_slug(o.slug);
    request.set_message(o.message);
    request.set_mode(ModeFlag(o.compat));
    absl::StatusOr<v1::ApplyProjectResponse> applied = Call(g, &v1::ConfigService::Stub::ApplyProject, request);
    if (!applied.ok()) {
      // INVALID_ARGUMENT carries the diagnostics, one compiler-style line each.
      exit_code = ReportRpcFailure(std::cerr, "apply " + path, applied.status());
      results.push_back({{"file", path}, {"ok", false}, {"error", std::string(applied.status().message())}});
      continue;
    }
    const v1::ApplyProjectResponse& response = *applied;
    for (const v1::Diagnostic& d : response.diagnostics()) {
      if (!g.json) std::cerr << FormatDiagnosticLine(d) << "\n";
    }
    if (g.json) {
      nlohmann::json r = ProtoToJson(response);
      r["file"] = path;
      r["ok"] = true;
      results.push_back(std::move(r));
      continue;
    }
    std::cout << response.slug() << ": version " << response.version()
              << (response.changed() ? "" : " (unchanged)") << "\n";
    for (const std::string& line : response.diff_summary()) std::cout << "  " << line << "\n";
  }
  if (g.json) PrintJson(results);
  return exit_code;
}

}  // namespace

void AddApplyCommand(const Commands& commands) {
  auto options = std::make_shared<ApplyOptions>();
  CLI::App* cmd = commands.Add("apply", "store project files as new versions when they changed", options, RunApply);
  cmd->add_option("files", options->files, "project files (YAML or TOML)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--message,-m", options->message, "change message kept with the version");
  cmd->add_option("--slug", options->slug, "project slug (default: the file name without extension)");
  cmd->add_flag("--compat", options->compat, "unknown keys are warnings (metric-hub files with stray keys)");
}

}  // namespace opmon::ctl
