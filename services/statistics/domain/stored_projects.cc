#include "services/statistics/domain/stored_projects.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "common/projects/stored_projects.h"

namespace opmon::statistics {
namespace {

// Both versions in one statement: one snapshot, one round trip.
constexpr std::string_view kVersionsStatement = "opmon_statistics_versions";
constexpr std::string_view kVersionsSql =
    "SELECT p.latest_version, p.deleted, COALESCE(d.version, 0) "
    "FROM opmon.projects p LEFT JOIN opmon.data_versions d ON d.slug = p.slug WHERE p.slug = $1";

}  // namespace

StoredProjects::StoredProjects(pg::Pool& pool, ProjectFetcher fetcher) : pool_(pool), fetcher_(std::move(fetcher)) {}

absl::StatusOr<ProjectSnapshot> StoredProjects::Lookup(std::string_view slug) {
  return reads_.Read(slug, [&] {
    return pool_.RunFor<ProjectSnapshot>("read project versions",
                                         [&](pqxx::connection_base& conn) { return LookupOn(conn, slug); });
  });
}

absl::StatusOr<ProjectSnapshot> StoredProjects::LookupOn(pqxx::connection_base& conn, std::string_view slug) {
  const std::string slug_text(slug);
  // prepare() with an unchanged definition is a no-op after the first call.
  conn.prepare(std::string(kVersionsStatement), std::string(kVersionsSql));
  pqxx::nontransaction tx(conn);
  pqxx::result versions = tx.exec_prepared(std::string(kVersionsStatement), slug_text);
  if (versions.empty() || versions[0][1].as<bool>()) {
    return absl::NotFoundError(absl::StrCat("slug: project \"", slug_text, "\" does not exist"));
  }
  ProjectSnapshot out;
  out.versions.project_version = versions[0][0].as<std::int64_t>();
  out.versions.data_version = versions[0][2].as<std::int64_t>();
  {
    absl::MutexLock lock(&mu_);
    auto it = parsed_.find(slug_text);
    if (it != parsed_.end() && it->second.first == out.versions.project_version) {
      out.project = it->second.second;
      return out;
    }
  }
  if (fetcher_) {
    absl::StatusOr<std::shared_ptr<const config::ResolvedProject>> fetched =
        fetcher_(slug_text, out.versions.project_version);
    if (!fetched.ok()) return fetched.status();
    out.project = std::move(*fetched);
  } else {
    absl::StatusOr<config::ResolvedProject> project =
        projects::ReadProjectVersion(tx, slug_text, out.versions.project_version);
    if (!project.ok()) return project.status();
    out.project = std::make_shared<const config::ResolvedProject>(*std::move(project));
  }
  absl::MutexLock lock(&mu_);
  parsed_[slug_text] = {out.versions.project_version, out.project};
  return out;
}

}  // namespace opmon::statistics
