#include "clients/opmonctl/preview_command.h"

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/file_text.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/json_output.h"
#include "clients/opmonctl/rpc_failure.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/shared_options.h"
#include "clients/opmonctl/statistic_format.h"
#include "clients/opmonctl/table.h"
#include "opmon/v1/compute.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct PreviewOptions {
  std::string slug;
  std::string date;
  double sample_percent = 0;
  std::string file;
  bool sql = false;
};

bool LoadFile(const std::string& path, v1::SourceFile& out) {
  std::optional<std::string> content = ReadFileText(path);
  if (!content) {
    std::cerr << "opmonctl: --file " << path << ": cannot read\n";
    return false;
  }
  out.set_path(path);
  out.set_content(*std::move(content));
  return true;
}

int RunPreview(const GlobalOptions& global, const PreviewOptions& o) {
  v1::PreviewRequest request;
  request.set_slug(o.slug);
  request.set_date(o.date);
  request.set_sample_percent(o.sample_percent);
  if (!o.file.empty() && !LoadFile(o.file, *request.mutable_file())) return 2;
  absl::StatusOr<v1::PreviewResponse> previewed = Call(global, &v1::ComputeService::Stub::Preview, request);
  if (!previewed.ok()) return RpcFailed(previewed.status());
  const v1::PreviewResponse& response = *previewed;
  if (global.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : response.rows()) rows.push_back(StatisticJson(r));
    return PrintJson({{"clients", response.clients()}, {"rows_read", response.rows_read()}, {"rows", rows}});
  }
  Table table({"SUBMISSION_DATE", "BUILD_ID", "DIMENSIONS", "BRANCH", "METRIC", "STATISTIC", "PARAMETER", "POINT",
               "LOWER", "UPPER"});
  for (const auto& r : response.rows()) {
    const auto [point, lower, upper] = PointLowerUpperCells(r, TableNumber);
    table.AddRow({r.submission_date(), r.build_id(), DimensionsCell(r.dimensions()), r.branch(), r.metric(),
                  r.statistic(), r.parameter(), point, lower, upper});
  }
  table.Print(std::cout);
  std::cout << response.rows_size() << " statistics from " << response.clients() << " clients (not stored)\n";
  return 0;
}

int RunDryRun(const GlobalOptions& global, const PreviewOptions& o) {
  v1::DryRunRequest request;
  request.set_slug(o.slug);
  request.set_date(o.date);
  if (!o.file.empty() && !LoadFile(o.file, *request.mutable_file())) return 2;
  absl::StatusOr<v1::DryRunResponse> dry_run = Call(global, &v1::ComputeService::Stub::DryRun, request);
  if (!dry_run.ok()) return RpcFailed(dry_run.status());
  const v1::DryRunResponse& response = *dry_run;
  if (global.json) {
    nlohmann::json statements = nlohmann::json::array();
    for (const auto& s : response.statements()) {
      statements.push_back({{"purpose", s.purpose()}, {"sql", s.sql()}, {"explain_error", s.explain_error()},
                            {"config_path", s.config_path()}});
    }
    PrintJson({{"ok", response.ok()}, {"statements", statements}});
    return response.ok() ? 0 : 1;
  }
  for (const auto& s : response.statements()) {
    std::cout << "-- " << s.purpose() << ": " << (s.explain_error().empty() ? "ok" : "ERROR") << "\n";
    if (!s.explain_error().empty()) {
      std::cout << "--   " << s.config_path() << ": " << s.explain_error() << "\n";
    }
    if (o.sql || s.purpose() == "run") std::cout << s.sql() << ";\n\n";
  }
  std::cout << (response.ok() ? "dry run ok\n" : "dry run found errors\n");
  return response.ok() ? 0 : 1;
}

}  // namespace

void AddPreviewCommands(const Commands& commands) {
  auto o = std::make_shared<PreviewOptions>();
  CLI::App* preview =
      commands.Add("preview", "statistics of a sample of clients, computed but not stored", o, RunPreview);
  AddSlugArgument(*preview, o->slug);
  AddDateOption(*preview, o->date);
  preview->add_option("--sample-percent", o->sample_percent,
                      "clients with sample_id below this (0 < P <= 100; default 1)");
  preview->add_option("--file", o->file, "a project file to preview instead of the stored project (needs the "
                                         "compute service to reach the config service)");

  CLI::App* dry_run = commands.Add("dry-run", "the SQL a run would execute, checked with EXPLAIN", o, RunDryRun);
  AddSlugArgument(*dry_run, o->slug);
  AddDateOption(*dry_run, o->date);
  dry_run->add_option("--file", o->file, "a project file instead of the stored project");
  dry_run->add_flag("--sql", o->sql, "print every statement, not only the run's");
}

}  // namespace opmon::ctl
