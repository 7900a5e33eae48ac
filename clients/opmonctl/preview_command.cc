#include "clients/opmonctl/preview_command.h"

#include <cmath>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/job_format.h"
#include "clients/opmonctl/rpc_context.h"
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
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "opmonctl: --file " << path << ": cannot read\n";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  out.set_path(path);
  out.set_content(text.str());
  return true;
}

std::string Number(bool has, double value) {
  if (!has) return "";
  std::ostringstream out;
  out.precision(6);
  out << value;
  return out.str();
}

nlohmann::json JsonNumber(bool has, double value) {
  return has && std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

int RunPreview(const GlobalOptions& global, const PreviewOptions& o) {
  v1::PreviewRequest request;
  request.set_slug(o.slug);
  request.set_date(o.date);
  request.set_sample_percent(o.sample_percent);
  if (!o.file.empty() && !LoadFile(o.file, *request.mutable_file())) return 2;
  v1::PreviewResponse response;
  auto ctx = MakeContext(global.timeout_seconds);
  grpc::Status status =
      v1::ComputeService::NewStub(MakeChannel(global.compute_addr))->Preview(ctx.get(), request, &response);
  if (!status.ok()) return RpcFailed(status);
  if (global.json) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : response.rows()) {
      nlohmann::json dims = nlohmann::json::object();
      for (const auto& d : r.dimensions()) dims[d.name()] = d.value();
      rows.push_back({{"submission_date", r.submission_date()}, {"build_id", r.build_id()}, {"dimensions", dims},
                      {"branch", r.branch()}, {"metric", r.metric()}, {"statistic", r.statistic()},
                      {"parameter", r.parameter()}, {"point", JsonNumber(r.has_point(), r.point())},
                      {"lower", JsonNumber(r.has_lower(), r.lower())}, {"upper", JsonNumber(r.has_upper(), r.upper())}});
    }
    std::cout << nlohmann::json{{"clients", response.clients()}, {"rows_read", response.rows_read()}, {"rows", rows}}
                     .dump(2)
              << "\n";
    return 0;
  }
  Table table({"SUBMISSION_DATE", "BUILD_ID", "DIMENSIONS", "BRANCH", "METRIC", "STATISTIC", "PARAMETER", "POINT",
               "LOWER", "UPPER"});
  for (const auto& r : response.rows()) {
    std::string dims;
    for (const auto& d : r.dimensions()) dims += (dims.empty() ? "" : ",") + d.name() + "=" + d.value();
    table.AddRow({r.submission_date(), r.build_id(), dims, r.branch(), r.metric(), r.statistic(), r.parameter(),
                  Number(r.has_point(), r.point()), Number(r.has_lower(), r.lower()), Number(r.has_upper(), r.upper())});
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
  v1::DryRunResponse response;
  auto ctx = MakeContext(global.timeout_seconds);
  grpc::Status status =
      v1::ComputeService::NewStub(MakeChannel(global.compute_addr))->DryRun(ctx.get(), request, &response);
  if (!status.ok()) return RpcFailed(status);
  if (global.json) {
    nlohmann::json statements = nlohmann::json::array();
    for (const auto& s : response.statements()) {
      statements.push_back({{"purpose", s.purpose()}, {"sql", s.sql()}, {"explain_error", s.explain_error()},
                            {"config_path", s.config_path()}});
    }
    std::cout << nlohmann::json{{"ok", response.ok()}, {"statements", statements}}.dump(2) << "\n";
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

void AddPreviewCommands(CLI::App& app, const GlobalOptions& global, int& exit_code) {
  auto preview = std::make_shared<PreviewOptions>();
  CLI::App* cmd = app.add_subcommand("preview", "statistics of a sample of clients, computed but not stored");
  cmd->add_option("slug", preview->slug, "project slug")->required();
  cmd->add_option("--date", preview->date, "submission date, YYYY-MM-DD")->required();
  cmd->add_option("--sample-percent", preview->sample_percent, "clients with sample_id below this (0 < P <= 100; default 1)");
  cmd->add_option("--file", preview->file, "a project file to preview instead of the stored project (needs the "
                                           "compute service to reach the config service)");
  cmd->callback([&global, &exit_code, preview] { exit_code = RunPreview(global, *preview); });

  auto dry = std::make_shared<PreviewOptions>();
  CLI::App* dr = app.add_subcommand("dry-run", "the SQL a run would execute, checked with EXPLAIN");
  dr->add_option("slug", dry->slug, "project slug")->required();
  dr->add_option("--date", dry->date, "submission date, YYYY-MM-DD")->required();
  dr->add_option("--file", dry->file, "a project file instead of the stored project");
  dr->add_flag("--sql", dry->sql, "print every statement, not only the run's");
  dr->callback([&global, &exit_code, dry] { exit_code = RunDryRun(global, *dry); });
}

}  // namespace opmon::ctl
