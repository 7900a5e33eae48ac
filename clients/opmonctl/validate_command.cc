#include "clients/opmonctl/validate_command.h"

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

struct ValidateOptions {
  std::vector<std::string> files;
  bool compat = false;
  bool dry_run = false;
  std::string date;  // dry-run day; empty: the service's default
};

int RunValidate(const GlobalOptions& g, const ValidateOptions& o) {
  v1::ValidateProjectRequest request;
  request.set_mode(ModeFlag(o.compat));
  request.set_dry_run(o.dry_run);
  request.set_dry_run_date(o.date);
  absl::StatusOr<std::vector<v1::SourceFile>> files = ReadSourceFiles(o.files);
  if (!files.ok()) return ReadFailed(files.status());
  for (v1::SourceFile& file : *files) *request.add_files() = std::move(file);
  absl::StatusOr<v1::ValidateProjectResponse> validated = Call(g, &v1::ConfigService::Stub::ValidateProject, request);
  if (!validated.ok()) return ReportRpcFailure(std::cerr, "validate", validated.status());
  const v1::ValidateProjectResponse& response = *validated;

  int errors = 0;
  int warnings = 0;
  for (const v1::FileValidation& f : response.files()) {
    for (const v1::Diagnostic& d : f.diagnostics()) {
      (d.severity() == v1::Diagnostic::SEVERITY_WARNING ? warnings : errors) += 1;
      if (!g.json) std::cerr << FormatDiagnosticLine(d) << "\n";
    }
  }
  if (g.json) {
    nlohmann::json out = ProtoToJson(response);
    for (auto& f : out["files"]) f.erase("resolved_json");  // large; `projects get --resolved` shows it
    PrintJson(out);
  } else {
    std::cout << response.files_size() << (response.files_size() == 1 ? " file" : " files") << ": " << errors
              << (errors == 1 ? " error" : " errors") << ", " << warnings << (warnings == 1 ? " warning" : " warnings")
              << "\n";
  }
  return response.ok() ? 0 : 1;
}

}  // namespace

void AddValidateCommand(const Commands& commands) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* cmd =
      commands.Add("validate", "validate project files (YAML or TOML) without storing them", options, RunValidate);
  cmd->add_option("files", options->files, "project files")->required()->check(CLI::ExistingFile);
  cmd->add_flag("--compat", options->compat, "unknown keys are warnings (metric-hub files with stray keys)");
  cmd->add_flag("--dry-run", options->dry_run,
                "also EXPLAIN the SQL a run would execute against the warehouse (needs opmon-config --compute-addr)");
  cmd->add_option("--date", options->date,
                  "with --dry-run: the day to plan for (YYYY-MM-DD; default: the project's start_date, "
                  "at most today, else yesterday)")
      ->needs("--dry-run");
}

}  // namespace opmon::ctl
