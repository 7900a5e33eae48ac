#pragma once
// Versioned projects in PostgreSQL (opmon.projects, opmon.project_versions).
//
// Apply locks the project's opmon.projects row (creating it if needed), so
// concurrent Applies of one slug run one after the other: each sees the
// version the previous one wrote, and none is lost. A version is written only
// when the content hash (sha256 of the canonical JSON) differs from the
// latest version's, or the project was deleted. Delete writes a deletion
// marker version; history is never rewritten. Every change is appended to
// the change log (change_log.h) in the same transaction.
//
// Thread-safe (all state is in PostgreSQL); every call may block on the pool.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/project.h"
#include "common/pg/pg_fwd.h"
#include "services/config/domain/front_end.h"
#include "services/config/storage/stored_types.h"

namespace opmon::config {

struct ProjectApplyOutcome {
  int64_t version = 0;      // the new version, or the unchanged latest one
  bool changed = false;
  std::vector<std::string> diff_summary;  // DiffProjects against the latest live version
  int64_t change_id = 0;    // 0 when unchanged
};

struct ProjectDeleteOutcome {
  int64_t version = 0;  // the deletion marker's version
  int64_t change_id = 0;
};

class ProjectStore {
 public:
  explicit ProjectStore(pg::Pool& pool) : pool_(pool) {}

  // Stores `project` (resolved from `source`) as the next version of
  // project.slug unless its content equals the latest live version.
  // AlreadyExists if another live project maps to the same results table
  // (a race the resolver's own check cannot see).
  absl::StatusOr<ProjectApplyOutcome> Apply(const SourceFile& source, const ResolvedProject& project,
                                            std::string_view message);

  // `version` 0: the latest live version. NotFound for an unknown slug or
  // version, or (version 0) a deleted project. DataLoss if the stored
  // content no longer matches its hash.
  absl::StatusOr<StoredProjectVersion> Get(std::string_view slug, int64_t version);

  // Latest version of every project, by slug; deleted ones only when asked.
  absl::StatusOr<std::vector<StoredProjectSummary>> List(bool include_deleted);

  // Every version, newest first, without source and resolved content.
  // NotFound when the slug was never applied.
  absl::StatusOr<std::vector<StoredProjectVersion>> History(std::string_view slug);

  // Soft delete. NotFound for an unknown or already deleted project.
  absl::StatusOr<ProjectDeleteOutcome> Delete(std::string_view slug, std::string_view message);

  // Slugs of the projects that are not deleted.
  absl::StatusOr<std::vector<std::string>> LiveSlugs();

 private:
  pg::Pool& pool_;
};

}  // namespace opmon::config
