#include "services/config/storage/config_store.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/config/canonical_json.h"
#include "common/status/status_macros.h"
#include "services/config/domain/validate_and_resolve.h"

namespace opmon::config {
namespace {

// Enough lines for a person to fix a file; the rest is counted.
constexpr size_t kMaxDiagnosticsInStatus = 50;

absl::Status DiagnosticsError(absl::string_view what, const std::vector<Diagnostic>& diagnostics) {
  size_t errors = 0;
  for (const Diagnostic& d : diagnostics) errors += d.severity == Severity::kError ? 1 : 0;
  std::string message = absl::StrCat(what, " has ", errors, errors == 1 ? " error" : " errors");
  size_t shown = 0;
  for (const Diagnostic& d : diagnostics) {
    if (shown == kMaxDiagnosticsInStatus) {
      absl::StrAppend(&message, "\n... ", diagnostics.size() - shown, " more");
      break;
    }
    absl::StrAppend(&message, "\n", FormatDiagnostic(d));
    ++shown;
  }
  return absl::InvalidArgumentError(message);
}

// The format is fixed when a file is stored, so it reads back the same way.
SourceFile WithFormat(SourceFile file) {
  if (file.format == SourceFormat::kAuto) file.format = DetectFormat(file.path);
  return file;
}

std::vector<Diagnostic> Warnings(std::vector<Diagnostic> diagnostics) {
  std::erase_if(diagnostics, [](const Diagnostic& d) { return d.severity == Severity::kError; });
  return diagnostics;
}

}  // namespace

std::string DefaultDefinitionsName(const PlatformDefinitions& definitions) {
  return definitions.is_defaults ? absl::StrCat(definitions.platform, "_defaults") : definitions.platform;
}

absl::Status CheckStorageName(std::string_view field_view, std::string_view name_view) {
  const absl::string_view field(field_view.data(), field_view.size());
  const absl::string_view name(name_view.data(), name_view.size());
  if (name.empty() || name.size() > 100) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": \"", name, "\" must be 1 to 100 characters long"));
  }
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": \"", name, "\" has the character '", std::string(1, c),
          "'; use letters, digits, '_', '-' and '.'"));
    }
  }
  return absl::OkStatus();
}

ConfigStore::ConfigStore(pg::Pool& pool) : projects_(pool), definitions_(pool), experiments_(pool) {}

absl::StatusOr<PlatformDefinitions> ConfigStore::ParseStored(const StoredDefinitions& stored) {
  const std::string key = absl::StrCat(stored.content_hash, "\n", stored.source.path);
  {
    absl::MutexLock lock(&mu_);
    auto it = parsed_.find(stored.name);
    if (it != parsed_.end() && it->second.key == key) return it->second.definitions;
  }
  // Compat: a file stored with warnings (stray keys) must keep loading.
  ParseDefinitionsResult parsed = ParseDefinitions(stored.source, ValidationMode::kCompat);
  if (!parsed.definitions) {
    std::string first = parsed.diagnostics.empty() ? "" : FormatDiagnostic(parsed.diagnostics.front());
    return absl::FailedPreconditionError(absl::StrCat(
        "stored definitions \"", stored.name, "\" version ", stored.version,
        " no longer parse (", first, "); apply a fixed file with ApplyDefinitions"));
  }
  absl::MutexLock lock(&mu_);
  parsed_[stored.name] = CachedParse{key, *parsed.definitions};
  return *std::move(parsed.definitions);
}

absl::StatusOr<ConfigStore::Context> ConfigStore::LoadContext() {
  Context context;
  OPMON_ASSIGN_OR_RETURN(std::vector<StoredDefinitions> stored, definitions_.LatestAll());
  for (const StoredDefinitions& s : stored) {
    OPMON_ASSIGN_OR_RETURN(PlatformDefinitions parsed, ParseStored(s));
    context.definitions.push_back(std::move(parsed));
  }
  OPMON_ASSIGN_OR_RETURN(std::vector<RegisteredExperiment> entries, experiments_.List(""));
  for (RegisteredExperiment& e : entries) context.experiments.push_back(std::move(e.experiment));
  OPMON_ASSIGN_OR_RETURN(context.project_slugs, projects_.LiveSlugs());
  return context;
}

absl::StatusOr<std::vector<FileValidationResult>> ConfigStore::Validate(std::span<const SourceFile> files,
                                                                        ValidationMode mode) {
  OPMON_ASSIGN_OR_RETURN(Context context, LoadContext());
  std::vector<FileValidationResult> out;
  for (const SourceFile& file : files) {
    ResolveOptions options{.mode = mode, .slug = "", .other_project_slugs = context.project_slugs};
    ResolveResult r = ValidateAndResolve(file, context.definitions, context.experiments, options);
    FileValidationResult result{.path = file.path, .slug = FileStem(file.path),
                                .diagnostics = std::move(r.diagnostics), .resolved_json = ""};
    if (r.project) result.resolved_json = ToCanonicalJson(*r.project);
    out.push_back(std::move(result));
  }
  return out;
}

absl::StatusOr<ProjectApplyResult> ConfigStore::ApplyProject(const ProjectApplyInput& input) {
  ProjectApplyResult result;
  result.slug = input.slug.empty() ? FileStem(input.file.path) : input.slug;
  OPMON_ASSIGN_OR_RETURN(Context context, LoadContext());
  ResolveOptions options{.mode = input.mode, .slug = result.slug,
                         .other_project_slugs = context.project_slugs};
  ResolveResult r = ValidateAndResolve(input.file, context.definitions, context.experiments, options);
  if (!r.project) {
    return DiagnosticsError(absl::StrCat("project \"", result.slug, "\" (", input.file.path, ")"),
                            r.diagnostics);
  }
  OPMON_ASSIGN_OR_RETURN(result.outcome, projects_.Apply(WithFormat(input.file), *r.project, input.message));
  result.diagnostics = Warnings(std::move(r.diagnostics));
  return result;
}

absl::StatusOr<DefinitionsApplyResult> ConfigStore::ApplyDefinitions(std::string_view name,
                                                                     const SourceFile& file,
                                                                     ValidationMode mode) {
  ParseDefinitionsResult parsed = ParseDefinitions(file, mode);
  if (!parsed.definitions) {
    return DiagnosticsError(absl::StrCat("definitions file ", file.path), parsed.diagnostics);
  }
  DefinitionsApplyResult result;
  result.name = name.empty() ? DefaultDefinitionsName(*parsed.definitions) : std::string(name);
  OPMON_RETURN_IF_ERROR(CheckStorageName("platform", result.name));
  OPMON_ASSIGN_OR_RETURN(result.outcome,
                         definitions_.Apply(result.name, WithFormat(file), *parsed.definitions));
  result.diagnostics = Warnings(std::move(parsed.diagnostics));
  return result;
}

}  // namespace opmon::config
