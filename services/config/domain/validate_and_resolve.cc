#include "services/config/domain/validate_and_resolve.h"

#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/config/domain/document.h"
#include "services/config/domain/layering.h"
#include "services/config/domain/resolver.h"
#include "services/config/domain/schema.h"
#include "services/config/domain/spec_reader.h"
#include "services/config/domain/suggest.h"

namespace opmon::config {
namespace {

constexpr char kDefaultPlatform[] = "firefox_desktop";

bool DefinesSomething(const PlatformDefinitions& d) {
  return d.is_defaults || !d.layer.metrics.empty() || !d.layer.data_sources.empty() ||
         !d.layer.dimensions.empty();
}

// Reports a platform no definitions file is for, when there are any.
void CheckPlatform(const std::string& platform, const Layer& project,
                   std::span<const PlatformDefinitions> definitions, const std::string& file,
                   DiagnosticSink& sink) {
  std::set<std::string> known;
  for (const PlatformDefinitions& d : definitions) {
    if (d.platform != kRolloutPlatform && DefinesSomething(d)) known.insert(d.platform);
  }
  if (known.empty() || known.count(platform) > 0) return;
  SourceLocation loc{file, 0, 0, "project.platform"};
  if (project.project && project.project->platform) loc = project.project->platform->location;
  const std::vector<std::string> names(known.begin(), known.end());
  sink.Error(loc, absl::StrCat("no definitions for platform \"", platform, "\"",
                               DidYouMean(platform, names)));
}

// A bool key set to true.
bool IsTrue(const std::optional<Located<bool>>& key) { return key && key->value; }

Layer MergeLayers(const Layer& project, const std::string& platform, bool is_rollout,
                  std::span<const PlatformDefinitions> definitions) {
  Layer merged;
  for (const PlatformDefinitions& d : definitions) {
    Layer functions_only;
    functions_only.functions = d.layer.functions;
    MergeLayer(merged, functions_only);
  }
  for (const PlatformDefinitions& d : definitions) {
    if (!d.is_defaults && d.platform == platform) MergeLayer(merged, d.layer);
  }
  const bool skip_defaults =
      project.project &&
      IsTrue(Copied<&ResolvedProject::skip_default_metrics>(*project.project));
  if (!skip_defaults) {
    for (const PlatformDefinitions& d : definitions) {
      if (d.is_defaults && d.platform == platform) MergeLayer(merged, d.layer);
    }
    if (is_rollout) {
      for (const PlatformDefinitions& d : definitions) {
        if (!d.is_defaults || d.platform != kRolloutPlatform) continue;
        const auto& for_platform = d.layer.project->platform;
        if (!for_platform || for_platform->value == platform) MergeLayer(merged, d.layer);
      }
    }
  }
  MergeLayer(merged, project);
  return merged;
}

}  // namespace

ResolveResult ValidateAndResolve(const SourceFile& project_file,
                                 std::span<const PlatformDefinitions> definitions,
                                 std::span<const Experiment> experiments,
                                 const ResolveOptions& options) {
  DiagnosticSink sink;
  ResolveResult result;
  Document document;
  if (ParseSource(project_file, document, sink)) {
    const Node cleaned =
        ValidateAgainstSchema(document, kProjectFileSection, options.mode, sink);
    const Layer project = ReadLayer(project_file.path, cleaned);

    ResolveInput input;
    input.slug = options.slug.empty() ? FileStem(project_file.path) : options.slug;
    input.project_file = project_file.path;
    input.other_project_slugs = options.other_project_slugs;
    for (const Experiment& e : experiments) {
      if (e.slug == input.slug) input.experiment = &e;
    }
    const ProjectSpec* spec = project.project ? &*project.project : nullptr;
    if (spec != nullptr && spec->platform) {
      input.platform = spec->platform->value;
    } else if (input.experiment != nullptr && !input.experiment->app_name.empty()) {
      input.platform = input.experiment->app_name;
    } else {
      input.platform = kDefaultPlatform;
    }
    CheckPlatform(input.platform, project, definitions, project_file.path, sink);
    // The project file's is_rollout, else the registry's.
    bool is_rollout = input.experiment != nullptr && input.experiment->is_rollout;
    if (spec != nullptr) {
      if (const auto& key = Copied<&ResolvedProject::is_rollout>(*spec)) is_rollout = key->value;
    }
    const Layer merged = MergeLayers(project, input.platform, is_rollout, definitions);
    input.merged = &merged;
    std::optional<ResolvedProject> resolved = ResolveProject(input, sink);
    if (!sink.has_errors()) result.project = std::move(resolved);
  }
  result.diagnostics = sink.Take();
  SortDiagnostics(result.diagnostics);
  return result;
}

}  // namespace opmon::config
