#include "services/compute/domain/db_project_source.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "common/projects/project_versions.h"
#include "common/projects/stored_projects.h"

namespace opmon::compute {

absl::StatusOr<VersionedProject> DbProjectSource::Get(const std::string& slug) {
  return pool_.RunFor<VersionedProject>("load project", [&](pqxx::connection& c) -> absl::StatusOr<VersionedProject> {
    pqxx::read_transaction tx(c);
    absl::StatusOr<projects::StoredProject> stored = projects::ReadLatestProject(tx, slug);
    if (!stored.ok()) return stored.status();
    return VersionedProject{std::move(stored->project), stored->version};
  });
}

absl::StatusOr<std::vector<std::string>> DbProjectSource::ListSlugs() {
  return pool_.RunFor<std::vector<std::string>>(
      "list projects", [&](pqxx::connection& c) -> absl::StatusOr<std::vector<std::string>> {
        pqxx::read_transaction tx(c);
        return projects::ReadLiveSlugs(tx);
      });
}

absl::StatusOr<VersionedProject> DbProjectSource::Resolve(const SourceFileInput& file, const std::string&) {
  return absl::FailedPreconditionError(absl::StrCat(
      "file: resolving \"", file.path, "\" needs the config service; start opmon-compute with --config-addr"));
}

}  // namespace opmon::compute
