#pragma once
// What the config service keeps in PostgreSQL (tables opmon.project_versions,
// opmon.projects, opmon.definitions, opmon.experiments,
// opmon.project_changes), as plain structs. Timestamps are RFC 3339 UTC
// strings ("2026-11-22T10:00:00.123456Z"), as the API shows them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/projects/project_versions.h"
#include "services/config/domain/front_end.h"

namespace opmon::config {

// One row of opmon.project_versions: an applied (or deletion) version.
struct StoredProjectVersion {
  std::string slug;
  int64_t version = 0;
  std::string content_hash;  // sha256 hex of resolved_json
  std::string created_at;
  std::string message;
  SourceFile source;           // as applied; empty in history listings
  std::string resolved_json;   // canonical JSON; empty in history listings
  bool deleted = false;        // a deletion marker (it repeats the content it deleted)
};

// A project as ListProjects shows it: its latest version.
using StoredProjectSummary = projects::LatestVersionSummary;

// The latest stored version of one definitions or defaults file. `name` is
// the key it is stored under (ApplyDefinitions' `platform`); the platform it
// layers under is decided by its content, as when it was applied.
struct StoredDefinitions {
  std::string name;
  int64_t version = 0;
  std::string content_hash;  // sha256 hex of the source text
  SourceFile source;
  std::string created_at;
};

enum class ChangeKind { kApplied, kDeleted, kDefinitionsApplied };

// "applied" | "deleted" | "definitions_applied" (the opmon.project_changes.kind values).
std::string_view ToString(ChangeKind kind);

// One row of opmon.project_changes: the feed WatchProjects streams.
struct ProjectChangeRecord {
  int64_t change_id = 0;
  ChangeKind kind = ChangeKind::kApplied;
  std::string slug;  // project slug, or definitions name
  int64_t version = 0;
  std::string changed_at;
  bool operator==(const ProjectChangeRecord&) const = default;
};

// "yaml" | "toml" | "" (auto), as stored in source_format.
std::string_view FormatName(SourceFormat format);
SourceFormat FormatFromName(std::string_view name);

}  // namespace opmon::config
