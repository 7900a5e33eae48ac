#pragma once
// ProjectSource over the projects the config service stored, read through
// common/projects (opmon.projects and opmon.project_versions). Cannot resolve
// files.

#include "common/pg/pg_fwd.h"
#include "services/compute/domain/project_source.h"

namespace opmon::compute {

class DbProjectSource final : public ProjectSource {
 public:
  explicit DbProjectSource(pg::Pool& pool) : pool_(pool) {}
  absl::StatusOr<VersionedProject> Get(const std::string& slug) override;
  absl::StatusOr<std::vector<std::string>> ListSlugs() override;
  absl::StatusOr<VersionedProject> Resolve(const SourceFileInput& file, const std::string& slug) override;

 private:
  pg::Pool& pool_;
};

}  // namespace opmon::compute
