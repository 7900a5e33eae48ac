#include "clients/opmonctl/definitions_command.h"

#include <iostream>
#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/config_command.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "opmon/v1/config.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct DefinitionsOptions {
  std::string file;
  std::string platform;
  bool compat = false;
};

int RunApply(const GlobalOptions& g, const DefinitionsOptions& o) {
  absl::StatusOr<v1::SourceFile> file = ReadSourceFile(o.file);
  if (!file.ok()) {
    std::cerr << "opmonctl: " << file.status().message() << "\n";
    return 1;
  }
  v1::ApplyDefinitionsRequest request;
  request.set_platform(o.platform);
  *request.mutable_file() = *std::move(file);
  request.set_mode(ModeFlag(o.compat));
  absl::StatusOr<v1::ApplyDefinitionsResponse> applied = Call(g, &v1::ConfigService::Stub::ApplyDefinitions, request);
  if (!applied.ok()) return ReportRpcFailure(std::cerr, "definitions apply " + o.file, applied.status());
  const v1::ApplyDefinitionsResponse& response = *applied;
  if (g.json) {
    nlohmann::json out = ProtoToJson(response);
    out["file"] = o.file;
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const v1::Diagnostic& d : response.diagnostics()) std::cerr << FormatDiagnosticLine(d) << "\n";
  std::cout << o.file << ": version " << response.version() << (response.changed() ? "" : " (unchanged)") << "\n";
  for (const v1::ReResolvedProject& p : response.re_resolved()) {
    std::cout << "  re-resolved project " << p.slug() << ": version " << p.version() << "\n";
    for (const std::string& line : p.diff_summary()) std::cout << "    " << line << "\n";
  }
  return 0;
}

int RunGet(const GlobalOptions& g, const DefinitionsOptions& o) {
  v1::GetDefinitionsRequest request;
  request.set_platform(o.platform);
  absl::StatusOr<v1::GetDefinitionsResponse> response = Call(g, &v1::ConfigService::Stub::GetDefinitions, request);
  if (!response.ok()) return ReportRpcFailure(std::cerr, "definitions get", response.status());
  if (g.json) {
    std::cout << WithSourceText(ProtoToJson(*response), response->source()).dump(2) << "\n";
  } else {
    std::cout << response->source().content();
  }
  return 0;
}

}  // namespace

void AddDefinitionsCommand(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto o = std::make_shared<DefinitionsOptions>();
  CLI::App* definitions = app.add_subcommand("definitions", "platform definitions and defaults files");
  definitions->require_subcommand(1);

  CLI::App* apply = definitions->add_subcommand("apply", "store a definitions or defaults file");
  apply->add_option("file", o->file, "definitions file (YAML or TOML)")->required()->check(CLI::ExistingFile);
  apply->add_option("--platform", o->platform,
                    "name to store it under (default: its platform, + \"_defaults\" for a defaults file)");
  apply->add_flag("--compat", o->compat, "unknown keys are warnings");
  apply->callback([&global, &exit_code, o] { exit_code = RunApply(global, *o); });

  CLI::App* get = definitions->add_subcommand("get", "print a stored definitions file");
  get->add_option("platform", o->platform, "name it is stored under")->required();
  get->callback([&global, &exit_code, o] { exit_code = RunGet(global, *o); });
}

}  // namespace opmon::ctl
