#include "services/config/domain/re_resolution.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/config/canonical_json.h"
#include "services/config/domain/validate_and_resolve.h"

namespace opmon::config {
namespace {

// Enough for a person to see why; the rest is counted.
constexpr size_t kErrorsPerProject = 3;

ResolveResult ResolveStored(const StoredProjectFile& project, std::span<const PlatformDefinitions> definitions,
                            std::span<const Experiment> experiments, const std::vector<std::string>& slugs) {
  ResolveOptions options{.mode = ValidationMode::kCompat, .slug = project.slug, .other_project_slugs = slugs};
  return ValidateAndResolve(project.source, definitions, experiments, options);
}

std::vector<Diagnostic> Errors(std::vector<Diagnostic> diagnostics) {
  std::erase_if(diagnostics, [](const Diagnostic& d) { return d.severity != Severity::kError; });
  return diagnostics;
}

}  // namespace

ReResolution ReResolveProjects(std::span<const StoredProjectFile> projects,
                               std::span<const PlatformDefinitions> before,
                               std::span<const PlatformDefinitions> after,
                               std::span<const Experiment> experiments) {
  std::vector<std::string> slugs;
  for (const StoredProjectFile& p : projects) slugs.push_back(p.slug);
  ReResolution out;
  for (const StoredProjectFile& p : projects) {
    ResolveResult now = ResolveStored(p, after, experiments, slugs);
    ResolveResult was = ResolveStored(p, before, experiments, slugs);
    if (!now.project) {
      if (was.project) out.broken.push_back({p.slug, Errors(std::move(now.diagnostics))});
      continue;
    }
    if (!was.project || ToCanonicalJson(*was.project) != ToCanonicalJson(*now.project)) {
      out.changed.push_back({p.slug, *std::move(now.project)});
    }
  }
  return out;
}

std::string BrokenProjectsMessage(std::string_view what_view, std::span<const BrokenProject> broken) {
  const std::string what(what_view);
  const bool one = broken.size() == 1;
  std::string message = absl::StrCat(what, " would break ", broken.size(), one ? " stored project" : " stored projects",
                                     " (nothing was stored); fix ", one ? "the project or keep what it uses" :
                                     "the projects or keep what they use", " in the definitions:");
  for (const BrokenProject& p : broken) {
    size_t shown = 0;
    for (const Diagnostic& d : p.errors) {
      if (shown == kErrorsPerProject) {
        absl::StrAppend(&message, "\nproject \"", p.slug, "\": ... ", p.errors.size() - shown, " more");
        break;
      }
      absl::StrAppend(&message, "\nproject \"", p.slug, "\": ", FormatDiagnostic(d));
      ++shown;
    }
  }
  return message;
}

}  // namespace opmon::config
