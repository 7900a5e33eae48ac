#include "services/lookml/stored_projects.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/config/canonical_json.h"

namespace opmon::lookml {

StoredProjects ReadStoredProjects(pqxx::transaction_base& tx) {
  constexpr char kSql[] =
      "SELECT p.slug, v.resolved::text FROM opmon.projects p "
      "JOIN opmon.project_versions v ON v.slug = p.slug AND v.version = p.latest_version "
      "WHERE NOT p.deleted AND v.resolved IS NOT NULL ORDER BY p.slug";
  StoredProjects out;
  for (const pqxx::row& row : tx.exec(kSql)) {
    const std::string slug = row[0].as<std::string>();
    absl::StatusOr<config::ResolvedProject> project = config::ParseCanonicalJson(row[1].as<std::string>());
    if (!project.ok()) {
      out.problems.push_back(absl::StrCat("project ", slug, ": stored version does not parse: ",
                                          project.status().message()));
      continue;
    }
    out.projects.push_back(*std::move(project));
  }
  return out;
}

absl::StatusOr<config::ResolvedProject> ReadStoredProject(pqxx::transaction_base& tx, const std::string& slug) {
  constexpr char kSql[] =
      "SELECT v.resolved::text FROM opmon.projects p "
      "JOIN opmon.project_versions v ON v.slug = p.slug AND v.version = p.latest_version "
      "WHERE p.slug = $1 AND NOT p.deleted AND v.resolved IS NOT NULL";
  const pqxx::result result = tx.exec_params(kSql, slug);
  if (result.empty()) return absl::NotFoundError(absl::StrCat("slug: no project \"", slug, "\""));
  absl::StatusOr<config::ResolvedProject> project = config::ParseCanonicalJson(result[0][0].as<std::string>());
  if (!project.ok()) {
    return absl::InternalError(
        absl::StrCat("project ", slug, ": stored version does not parse: ", project.status().message()));
  }
  return project;
}

std::string ReadChangeFingerprint(pqxx::transaction_base& tx) {
  constexpr char kSql[] =
      "SELECT COALESCE(string_agg(p.slug || ':' || p.latest_version || ':' || p.deleted || ':' || "
      "COALESCE(d.version, 0), ',' ORDER BY p.slug), '') "
      "FROM opmon.projects p LEFT JOIN opmon.data_versions d ON d.slug = p.slug";
  return tx.exec(kSql)[0][0].as<std::string>();
}

}  // namespace opmon::lookml
