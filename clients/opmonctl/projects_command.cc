#include "clients/opmonctl/projects_command.h"

#include <cstdint>
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
#include "clients/opmonctl/shared_options.h"
#include "clients/opmonctl/table.h"
#include "opmon/v1/config.grpc.pb.h"

namespace opmon::ctl {
namespace {

struct ProjectsOptions {
  bool all = false;
  std::string slug;
  int64_t version = 0;
  bool resolved = false;
  std::string message;
};

std::vector<std::string> ProjectRow(const v1::ProjectSummary& p) {
  return {p.slug(),     p.name(),       p.platform(), std::to_string(p.version()), p.start_date(),
          p.end_date(), p.updated_at(), p.deleted() ? "deleted" : "live"};
}

std::vector<std::string> VersionRow(const v1::ProjectVersion& v) {
  return {std::to_string(v.version()), v.created_at(), v.content_hash().substr(0, 12),
          v.deleted() ? "deleted" : "applied", v.message()};
}

int RunList(const GlobalOptions& g, const ProjectsOptions& o) {
  v1::ListProjectsRequest request;
  request.set_include_deleted(o.all);
  return PrintListing(g, "projects ls", Call(g, &v1::ConfigService::Stub::ListProjects, request),
                      &v1::ListProjectsResponse::projects,
                      {"SLUG", "NAME", "PLATFORM", "VERSION", "START", "END", "UPDATED", "STATE"}, ProjectRow);
}

int RunGet(const GlobalOptions& g, const ProjectsOptions& o) {
  v1::GetProjectRequest request;
  request.set_slug(o.slug);
  request.set_version(o.version);
  absl::StatusOr<v1::GetProjectResponse> response = Call(g, &v1::ConfigService::Stub::GetProject, request);
  if (!response.ok()) return ReportRpcFailure(std::cerr, "projects get", response.status());
  const v1::ProjectVersion& p = response->project();
  // Not re-appliable as printed: the stored file has the real values.
  if (p.redacted()) std::cerr << "projects get: credentials in URLs are shown as REDACTED\n";
  if (g.json) {
    nlohmann::json out = WithSourceText(ProtoToJson(p), p.source());
    out["resolved"] = nlohmann::json::parse(p.resolved_json(), nullptr, false);
    out.erase("resolved_json");
    PrintJson(out);
  } else if (o.resolved) {
    PrintJson(nlohmann::json::parse(p.resolved_json(), nullptr, false));
  } else {
    std::cout << p.source().content();
  }
  return 0;
}

int RunHistory(const GlobalOptions& g, const ProjectsOptions& o) {
  v1::GetProjectHistoryRequest request;
  request.set_slug(o.slug);
  return PrintListing(g, "projects history", Call(g, &v1::ConfigService::Stub::GetProjectHistory, request),
                      &v1::GetProjectHistoryResponse::versions, {"VERSION", "CREATED", "HASH", "STATE", "MESSAGE"}, VersionRow);
}

int RunDelete(const GlobalOptions& g, const ProjectsOptions& o) {
  v1::DeleteProjectRequest request;
  request.set_slug(o.slug);
  request.set_message(o.message);
  return PrintAnswer(
      g, "projects delete", Call(g, &v1::ConfigService::Stub::DeleteProject, request),
      [&o](const v1::DeleteProjectResponse& r) -> nlohmann::json {
        return {{"slug", o.slug}, {"version", r.version()}};
      },
      [&o](const v1::DeleteProjectResponse& r) {
        std::cout << o.slug << ": deleted (version " << r.version() << "; history kept)\n";
      });
}

}  // namespace

void AddProjectsCommand(const Commands& commands) {
  auto o = std::make_shared<ProjectsOptions>();
  const Commands projects = commands.Group("projects", "stored projects: list, show, history, delete");

  CLI::App* ls = projects.Add("ls", "list projects and their latest versions", o, RunList);
  ls->add_flag("--all", o->all, "include deleted projects");

  CLI::App* get = projects.Add("get", "print a project's source as applied (or --resolved)", o, RunGet);
  AddSlugArgument(*get, o->slug);
  get->add_option("--version", o->version, "version (default: the latest)")->check(CLI::NonNegativeNumber);
  get->add_flag("--resolved", o->resolved, "print the resolved project (canonical JSON, indented)");

  CLI::App* history = projects.Add("history", "list every version of a project, newest first", o, RunHistory);
  AddSlugArgument(*history, o->slug);

  CLI::App* del = projects.Add("delete", "delete a project (soft: its history is kept)", o, RunDelete);
  AddSlugArgument(*del, o->slug);
  del->add_option("--message,-m", o->message, "why");
}

}  // namespace opmon::ctl
