#include "services/config/storage/config_store.h"

#include <string>
#include <utility>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/config/canonical_json.h"
#include "common/pg/pool.h"
#include "common/projects/project_versions.h"
#include "common/status/status_macros.h"
#include "services/config/domain/re_resolution.h"
#include "services/config/domain/validate_and_resolve.h"
#include "services/config/storage/store_transactions.h"

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

ConfigStore::ConfigStore(pg::Pool& pool)
    : pool_(pool), projects_(pool), definitions_(pool), experiments_(pool) {}

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

absl::StatusOr<std::vector<PlatformDefinitions>> ConfigStore::LoadDefinitions(pqxx::transaction_base& tx,
                                                                              Unparseable unparseable) {
  std::vector<PlatformDefinitions> out;
  for (const StoredDefinitions& s : ReadLatestDefinitions(tx)) {
    absl::StatusOr<PlatformDefinitions> parsed = ParseStored(s);
    if (!parsed.ok() && unparseable == Unparseable::kSkip) continue;
    if (!parsed.ok()) return parsed.status();
    out.push_back(*std::move(parsed));
  }
  return out;
}

absl::StatusOr<ConfigStore::Context> ConfigStore::LoadContext(pqxx::transaction_base& tx) {
  Context context;
  OPMON_ASSIGN_OR_RETURN(context.definitions, LoadDefinitions(tx, Unparseable::kFail));
  OPMON_ASSIGN_OR_RETURN(std::vector<RegisteredExperiment> entries, ReadExperiments(tx, ""));
  for (RegisteredExperiment& e : entries) context.experiments.push_back(std::move(e.experiment));
  context.project_slugs = projects::ReadLiveSlugs(tx);
  return context;
}

absl::StatusOr<std::vector<FileValidationResult>> ConfigStore::Validate(std::span<const SourceFile> files,
                                                                        ValidationMode mode) {
  OPMON_ASSIGN_OR_RETURN(Context context,
                         pool_.RunFor<Context>("load definitions", [&](pqxx::connection& conn) {
                           pqxx::read_transaction tx(conn);
                           return LoadContext(tx);
                         }));
  std::vector<FileValidationResult> out;
  for (const SourceFile& file : files) {
    ResolveOptions options{.mode = mode, .slug = "", .other_project_slugs = context.project_slugs};
    ResolveResult r = ValidateAndResolve(file, context.definitions, context.experiments, options);
    FileValidationResult result{.path = file.path, .slug = FileStem(file.path),
                                .diagnostics = std::move(r.diagnostics), .resolved_json = "",
                                .start_date = std::nullopt};
    if (r.project) {
      result.resolved_json = ToCanonicalJson(*r.project);
      result.start_date = r.project->start_date;
    }
    out.push_back(std::move(result));
  }
  return out;
}

absl::StatusOr<ProjectApplyResult> ConfigStore::ApplyProject(const ProjectApplyInput& input) {
  const std::string slug = input.slug.empty() ? FileStem(input.file.path) : input.slug;
  const SourceFile stored_file = WithFormat(input.file);
  return pool_.RunFor<ProjectApplyResult>(
      "apply project", [&](pqxx::connection& conn) -> absl::StatusOr<ProjectApplyResult> {
        pqxx::work tx(conn);
        // Held until commit: the definitions read here stay the latest.
        LockDefinitionsShared(tx);
        OPMON_ASSIGN_OR_RETURN(Context context, LoadContext(tx));
        ResolveOptions options{.mode = input.mode, .slug = slug, .other_project_slugs = context.project_slugs};
        ResolveResult r = ValidateAndResolve(input.file, context.definitions, context.experiments, options);
        if (!r.project) {
          return DiagnosticsError(absl::StrCat("project \"", slug, "\" (", input.file.path, ")"), r.diagnostics);
        }
        ProjectApplyResult result;
        result.slug = slug;
        OPMON_ASSIGN_OR_RETURN(result.outcome, WriteProjectVersion(tx, stored_file, *r.project, input.message));
        if (result.outcome.changed) tx.commit();
        result.diagnostics = Warnings(std::move(r.diagnostics));
        return result;
      });
}

absl::StatusOr<DefinitionsApplyResult> ConfigStore::ApplyDefinitions(std::string_view name, const SourceFile& file,
                                                                     ValidationMode mode) {
  ParseDefinitionsResult parsed = ParseDefinitions(file, mode);
  if (!parsed.definitions) {
    return DiagnosticsError(absl::StrCat("definitions file ", file.path), parsed.diagnostics);
  }
  const std::string stored_name = name.empty() ? DefaultDefinitionsName(*parsed.definitions) : std::string(name);
  OPMON_RETURN_IF_ERROR(CheckStorageName("platform", stored_name));
  const SourceFile stored_file = WithFormat(file);
  return pool_.RunFor<DefinitionsApplyResult>(
      "apply definitions", [&](pqxx::connection& conn) -> absl::StatusOr<DefinitionsApplyResult> {
        DefinitionsApplyResult result;
        result.name = stored_name;
        result.diagnostics = Warnings(parsed.diagnostics);
        pqxx::work tx(conn);
        // No project apply runs until this commits (store_transactions.h).
        // Project rows are locked before the change log is written, the
        // order DeleteProject takes them in.
        LockDefinitionsExclusive(tx);
        std::vector<StoredProjectFile> projects;
        for (LiveProjectSource& p : LockLiveProjectSources(tx)) {
          projects.push_back({std::move(p.slug), std::move(p.source)});
        }
        // A stored file that no longer parses (its fix is being applied,
        // perhaps) is left out of both sides alike.
        OPMON_ASSIGN_OR_RETURN(std::vector<PlatformDefinitions> before, LoadDefinitions(tx, Unparseable::kSkip));
        result.outcome = WriteDefinitionsVersion(tx, stored_name, stored_file, *parsed.definitions);
        if (!result.outcome.changed) return result;
        OPMON_ASSIGN_OR_RETURN(std::vector<PlatformDefinitions> after, LoadDefinitions(tx, Unparseable::kSkip));
        OPMON_ASSIGN_OR_RETURN(std::vector<RegisteredExperiment> entries, ReadExperiments(tx, ""));
        std::vector<Experiment> experiments;
        for (RegisteredExperiment& e : entries) experiments.push_back(std::move(e.experiment));
        ReResolution re = ReResolveProjects(projects, before, after, experiments);
        if (!re.broken.empty()) {
          return absl::FailedPreconditionError(BrokenProjectsMessage(
              absl::StrCat("definitions \"", stored_name, "\" version ", result.outcome.version, " (", file.path, ")"),
              re.broken));
        }
        const std::string message =
            absl::StrCat("re-resolved after definitions \"", stored_name, "\" v", result.outcome.version);
        for (const ReResolvedProject& p : re.changed) {
          const StoredProjectFile* stored = nullptr;
          for (const StoredProjectFile& candidate : projects) {
            if (candidate.slug == p.slug) stored = &candidate;
          }
          OPMON_ASSIGN_OR_RETURN(ProjectApplyOutcome outcome,
                                 WriteProjectVersion(tx, stored->source, p.project, message));
          if (outcome.changed) result.re_resolved.push_back({p.slug, outcome.version, outcome.diff_summary});
        }
        tx.commit();
        return result;
      });
}

}  // namespace opmon::config
