#include "clients/opmonctl/definitions_command.h"

#include <iostream>
#include <memory>
#include <string>

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

struct DefinitionsOptions {
  std::string file;
  std::string platform;
  bool compat = false;
};

int RunApply(const GlobalOptions& g, const DefinitionsOptions& o) {
  absl::StatusOr<v1::SourceFile> file = ReadSourceFile(o.file);
  if (!file.ok()) return ReadFailed(file.status());
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
    return PrintJson(out);
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
  return PrintAnswer(
      g, "definitions get", Call(g, &v1::ConfigService::Stub::GetDefinitions, request),
      [](const v1::GetDefinitionsResponse& r) { return WithSourceText(ProtoToJson(r), r.source()); },
      [](const v1::GetDefinitionsResponse& r) { std::cout << r.source().content(); });
}

}  // namespace

void AddDefinitionsCommand(const Commands& commands) {
  auto o = std::make_shared<DefinitionsOptions>();
  const Commands definitions = commands.Group("definitions", "platform definitions and defaults files");

  CLI::App* apply = definitions.Add("apply", "store a definitions or defaults file", o, RunApply);
  apply->add_option("file", o->file, "definitions file (YAML or TOML)")->required()->check(CLI::ExistingFile);
  apply->add_option("--platform", o->platform,
                    "name to store it under (default: its platform, + \"_defaults\" for a defaults file)");
  apply->add_flag("--compat", o->compat, "unknown keys are warnings");

  CLI::App* get = definitions.Add("get", "print a stored definitions file", o, RunGet);
  get->add_option("platform", o->platform, "name it is stored under")->required();
}

}  // namespace opmon::ctl
