#pragma once
// Resolved projects as the config service stored them (canonical JSON in
// opmon.project_versions.resolved), parsed: what compute, statistics and
// lookml read when they do not ask the config service over gRPC. The rows
// themselves are in project_versions.h.
//
// These functions throw pqxx exceptions: call them inside pg::Pool::Run or
// RunFor (common/pg/pool.h), which converts them.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/project.h"
#include "common/pg/pg_fwd.h"

namespace opmon::projects {

struct StoredProject {
  config::ResolvedProject project;
  int64_t version = 0;
};

// Parses the stored canonical JSON of version `version` of `slug`, filling
// table_name (config::ResultsTableName) when the content has none. Internal
// "project "<slug>": stored version <n> does not parse: ..." when it does not.
absl::StatusOr<config::ResolvedProject> ParseStoredProject(const std::string& slug, int64_t version,
                                                           std::string_view json);

// The latest version of `slug`. NotFound "slug: no project ..." when it was
// never applied, is deleted or has no resolved content; Internal when it does
// not parse.
absl::StatusOr<StoredProject> ReadLatestProject(pqxx::transaction_base& tx, const std::string& slug);

// Version `version` of `slug`, whether or not it is the latest. NotFound
// naming the slug and version when there is no such version with resolved
// content; Internal when it does not parse.
absl::StatusOr<config::ResolvedProject> ReadProjectVersion(pqxx::transaction_base& tx, const std::string& slug,
                                                           int64_t version);

struct LiveProjects {
  std::vector<StoredProject> projects;  // by slug
  std::vector<std::string> problems;    // ParseStoredProject's message for each one that does not parse
};

// The latest version of every project that is not deleted.
LiveProjects ReadLiveProjects(pqxx::transaction_base& tx);

}  // namespace opmon::projects
