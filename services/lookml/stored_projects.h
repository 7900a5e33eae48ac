#pragma once
// The projects LookML is generated for: the latest non-deleted version of
// each project as the config service stored it (canonical JSON in
// opmon.project_versions.resolved).
//
// Read from the config service's tables rather than through
// common/config_client on purpose: a tree is generated from one database
// snapshot holding both the project versions and the facts of their results,
// so it is consistent while projects are applied and results written. The
// config service's WatchProjects stream only says when to look again
// (regenerator.h).
//
// These functions throw pqxx exceptions: call them inside pg::Pool::Run.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config/project.h"

namespace pqxx {
class transaction_base;
}

namespace opmon::lookml {

struct StoredProjects {
  std::vector<config::ResolvedProject> projects;  // by slug
  std::vector<std::string> problems;  // "project <slug>: ..." for versions that do not parse
};

StoredProjects ReadStoredProjects(pqxx::transaction_base& tx);

// NotFound naming the slug when it does not exist or is deleted; Internal
// when its stored JSON does not parse.
absl::StatusOr<config::ResolvedProject> ReadStoredProject(pqxx::transaction_base& tx, const std::string& slug);

// Changes whenever a project is applied or deleted or its results change:
// "slug:version:deleted:data_version" joined, by slug.
std::string ReadChangeFingerprint(pqxx::transaction_base& tx);

}  // namespace opmon::lookml
