#include "clients/opmonctl/lookml_command.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "clients/opmonctl/command_registration.h"
#include "clients/opmonctl/file_text.h"
#include "clients/opmonctl/global_options.h"
#include "clients/opmonctl/service_call.h"
#include "clients/opmonctl/shared_options.h"
#include "common/files/atomic_file.h"
#include "nlohmann/json.hpp"
#include "opmon/v1/lookml.grpc.pb.h"

namespace opmon::ctl {
namespace {

namespace fs = std::filesystem;

struct ExportOptions {
  std::string out;
  bool check = false;
  std::string connection;
};

struct PreviewOptions {
  std::string slug;
  std::string out;
};

bool IsGeneratedKind(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.ends_with(".lkml") || name.ends_with(".lookml");
}

// Creates the directories, then replaces the file whole (a reader never sees half of it).
bool WriteFile(const fs::path& path, const std::string& content, std::string& error) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (absl::Status written = files::WriteFileAtomically(path.string(), content); !written.ok()) {
    error = std::string(written.message());
    return false;
  }
  return true;
}

// The failed stream on stdout as JSON with --json, else on stderr; returns 1.
int StreamFailed(const std::string& rpc, const absl::Status& status, bool json) {
  if (json) {
    std::cout << nlohmann::json{{"ok", false}, {"rpc", rpc}, {"code", static_cast<int>(status.code())},
                                {"error", std::string(status.message())}}.dump()
              << "\n";
  } else {
    std::cerr << "opmonctl: " << rpc << " failed: " << status.message() << "\n";
  }
  return 1;
}

int RunExport(const GlobalOptions& g, const ExportOptions& o) {
  v1::GenerateAllRequest request;
  request.set_connection(o.connection);
  // The tree arrives over several messages; merged, it is one response.
  v1::GenerateAllResponse response;
  const absl::Status streamed = Stream(g, &v1::LookmlService::Stub::GenerateAll, request,
                                       [&response](const v1::GenerateAllResponse& part) { response.MergeFrom(part); });
  if (!streamed.ok()) return StreamFailed("LookmlService.GenerateAll", streamed, g.json);
  const fs::path root(o.out);
  std::map<std::string, const std::string*> generated;
  for (const v1::GeneratedFile& f : response.files()) generated[f.path()] = &f.content();
  std::vector<std::string> changed, missing, stale;
  for (const auto& [path, content] : generated) {
    std::optional<std::string> existing = ReadFileText((root / path).string());
    if (!existing) missing.push_back(path);
    else if (*existing != *content) changed.push_back(path);
  }
  std::error_code ec;
  if (fs::is_directory(root, ec)) {
    for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file() || !IsGeneratedKind(it->path())) continue;
      const std::string rel = fs::relative(it->path(), root).generic_string();
      if (generated.count(rel) == 0) stale.push_back(rel);
    }
  }
  std::sort(stale.begin(), stale.end());
  const std::vector<std::string> problems(response.problems().begin(), response.problems().end());

  std::string error;
  if (!o.check && problems.empty()) {
    for (const std::vector<std::string>* list : {&missing, &changed}) {
      for (const std::string& path : *list) {
        if (!WriteFile(root / path, *generated[path], error)) break;
      }
    }
    for (const std::string& path : stale) fs::remove(root / path, ec);
  }
  const bool differs = !changed.empty() || !missing.empty() || !stale.empty();
  const int code = !error.empty() || !problems.empty() || (o.check && differs) ? 1 : 0;
  if (g.json) {
    std::cout << nlohmann::json{{"ok", code == 0},          {"check", o.check},     {"files", generated.size()},
                                {"changed", changed},       {"missing", missing},   {"stale", stale},
                                {"problems", problems},     {"error", error}}.dump()
              << "\n";
    return code;
  }
  for (const std::string& p : problems) std::cerr << "problem: " << p << "\n";
  if (!error.empty()) std::cerr << "opmonctl: " << error << "\n";
  if (o.check) {
    for (const std::string& p : changed) std::cout << "differs: " << p << "\n";
    for (const std::string& p : missing) std::cout << "missing: " << p << "\n";
    for (const std::string& p : stale) std::cout << "stale:   " << p << "\n";
    std::cout << (differs ? "LookML in " + o.out + " is out of date ("
                                + std::to_string(changed.size() + missing.size() + stale.size()) + " files)"
                          : "LookML in " + o.out + " is up to date (" + std::to_string(generated.size()) + " files)")
              << "\n";
  } else if (problems.empty()) {
    std::cout << "wrote " << generated.size() << " files to " << o.out << " (" << missing.size() << " new, "
              << changed.size() << " changed, " << stale.size() << " removed)\n";
  } else {
    std::cout << "nothing written: the generated tree has " << problems.size() << " validation problem(s)\n";
  }
  return code;
}

int RunPreview(const GlobalOptions& g, const PreviewOptions& o) {
  v1::RenderPreviewRequest request;
  request.set_slug(o.slug);
  // The page arrives in pieces, in order.
  std::string html;
  const absl::Status streamed = Stream(g, &v1::LookmlService::Stub::RenderPreview, request,
                                       [&html](const v1::RenderPreviewResponse& part) { html += part.html(); });
  if (!streamed.ok()) return StreamFailed("LookmlService.RenderPreview", streamed, g.json);
  std::string error;
  const bool written = WriteFile(fs::path(o.out), html, error);
  if (g.json) {
    std::cout << nlohmann::json{{"ok", written}, {"slug", o.slug}, {"out", o.out}, {"bytes", html.size()},
                                {"error", error}}.dump()
              << "\n";
  } else if (written) {
    std::cout << "wrote the preview of " << o.slug << " to " << o.out << " (" << html.size() << " bytes)\n";
  } else {
    std::cerr << "opmonctl: " << error << "\n";
  }
  return written ? 0 : 1;
}

}  // namespace

void AddLookmlCommand(const Commands& commands) {
  const Commands lookml = commands.Group("lookml", "Looker views, explores and dashboards (lookml service)");

  auto export_options = std::make_shared<ExportOptions>();
  CLI::App* exp =
      lookml.Add("export", "write the complete Looker project into a directory", export_options, RunExport);
  exp->add_option("--out", export_options->out, "directory of the Looker project (e.g. looker-hub/operational_monitoring)")
      ->required();
  exp->add_flag("--check", export_options->check, "write nothing; exit 1 listing the files that differ");
  exp->add_option("--connection", export_options->connection,
                  "Looker connection for the model (default: the service's --looker-connection)");

  auto preview_options = std::make_shared<PreviewOptions>();
  CLI::App* preview =
      lookml.Add("preview", "write a project's self-contained HTML dashboard preview", preview_options, RunPreview);
  AddSlugArgument(*preview, preview_options->slug);
  preview->add_option("--out", preview_options->out, "HTML file to write")->required();
}

}  // namespace opmon::ctl
