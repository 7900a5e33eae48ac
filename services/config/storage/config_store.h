#pragma once
// The config service's operations over PostgreSQL, in domain types: resolve
// project files against the stored platform definitions, experiments
// registry and project slugs, then store versions (ProjectStore,
// DefinitionsStore, ExperimentStore). The gRPC service only converts to and
// from this.
//
// Thread-safe; calls block on PostgreSQL.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/pg/pg_fwd.h"
#include "services/config/domain/definitions.h"
#include "services/config/domain/diagnostic.h"
#include "services/config/domain/file_validation.h"
#include "services/config/domain/front_end.h"
#include "services/config/domain/schema_validator.h"
#include "services/config/storage/definitions_store.h"
#include "services/config/storage/experiment_store.h"
#include "services/config/storage/project_store.h"

namespace opmon::config {

struct ProjectApplyInput {
  SourceFile file;
  std::string slug;  // empty: the file name without extension
  std::string message;
  ValidationMode mode = ValidationMode::kStrict;
};

struct ProjectApplyResult {
  std::string slug;
  ProjectApplyOutcome outcome;
  std::vector<Diagnostic> diagnostics;  // warnings only
};

// A stored project that a definitions apply stored a new version of.
struct ReResolvedVersion {
  std::string slug;
  int64_t version = 0;
  std::vector<std::string> diff_summary;  // against the version before
};

struct DefinitionsApplyResult {
  std::string name;
  DefinitionsApplyOutcome outcome;
  std::vector<Diagnostic> diagnostics;  // warnings only
  std::vector<ReResolvedVersion> re_resolved;  // by slug
};

// The name a definitions file is stored under when the request names none:
// its platform, with "_defaults" appended for a defaults file
// (firefox_desktop.yaml → "firefox_desktop", firefox_desktop_defaults.yaml
// → "firefox_desktop_defaults", rollout.yaml → "rollout_defaults").
std::string DefaultDefinitionsName(const PlatformDefinitions& definitions);

// InvalidArgument naming `field` unless `name` is 1-100 characters of
// [A-Za-z0-9_.-].
absl::Status CheckStorageName(std::string_view field, std::string_view name);

class ConfigStore {
 public:
  explicit ConfigStore(pg::Pool& pool);

  // Resolves every file on its own (slug: its file name) without storing.
  absl::StatusOr<std::vector<FileValidationResult>> Validate(std::span<const SourceFile> files,
                                                             ValidationMode mode);

  // Resolves and stores, in one transaction that no definitions apply
  // overlaps (see store_transactions.h). InvalidArgument listing the
  // diagnostics (one `file:line:col: error: ...` line each) when the file
  // has errors.
  absl::StatusOr<ProjectApplyResult> ApplyProject(const ProjectApplyInput& input);

  // Parses a definitions or defaults file and stores it under `name`
  // (DefaultDefinitionsName when empty). When it changed, every live project
  // it affects (re_resolution.h) is re-resolved from its stored source and
  // stored as a new version ("re-resolved after definitions \"name\" vN")
  // in the same transaction, each a change WatchProjects streams.
  // InvalidArgument listing the diagnostics when the file has errors;
  // FailedPrecondition listing the projects it would break (and nothing
  // stored) when a project that resolved no longer does.
  absl::StatusOr<DefinitionsApplyResult> ApplyDefinitions(std::string_view name, const SourceFile& file,
                                                          ValidationMode mode);

  ProjectStore& projects() { return projects_; }
  DefinitionsStore& definitions() { return definitions_; }
  ExperimentStore& experiments() { return experiments_; }

 private:
  struct Context {
    std::vector<PlatformDefinitions> definitions;
    std::vector<Experiment> experiments;
    std::vector<std::string> project_slugs;  // live ones
  };
  absl::StatusOr<Context> LoadContext(pqxx::transaction_base& tx);
  // What LoadDefinitions does with a stored file that no longer parses.
  enum class Unparseable { kFail, kSkip };
  absl::StatusOr<std::vector<PlatformDefinitions>> LoadDefinitions(pqxx::transaction_base& tx,
                                                                   Unparseable unparseable);
  // Parses a stored file, reusing the last parse of the same content.
  absl::StatusOr<PlatformDefinitions> ParseStored(const StoredDefinitions& stored);

  pg::Pool& pool_;
  ProjectStore projects_;
  DefinitionsStore definitions_;
  ExperimentStore experiments_;
  struct CachedParse {
    std::string key;  // content hash + path
    PlatformDefinitions definitions;
  };
  absl::Mutex mu_;
  std::map<std::string, CachedParse> parsed_ ABSL_GUARDED_BY(mu_);
};

}  // namespace opmon::config
