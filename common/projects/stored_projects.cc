#include "common/projects/stored_projects.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/config/canonical_json.h"
#include "common/config/table_name.h"

namespace opmon::projects {

absl::StatusOr<config::ResolvedProject> ParseStoredProject(const std::string& slug, int64_t version,
                                                           std::string_view json) {
  absl::StatusOr<config::ResolvedProject> project = config::ParseCanonicalJson(json);
  if (!project.ok()) {
    return absl::InternalError(absl::StrCat("project \"", slug, "\": stored version ", version,
                                            " does not parse: ", project.status().message()));
  }
  if (project->table_name.empty()) project->table_name = config::ResultsTableName(slug);
  return project;
}

absl::StatusOr<StoredProject> ReadLatestProject(pqxx::transaction_base& tx, const std::string& slug) {
  constexpr std::string_view kSql =
      "SELECT v.version, v.resolved::text FROM opmon.projects p "
      "JOIN opmon.project_versions v ON v.slug = p.slug AND v.version = p.latest_version "
      "WHERE p.slug = $1 AND NOT p.deleted AND v.resolved IS NOT NULL";
  const pqxx::result rows = tx.exec_params(std::string(kSql), slug);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat("slug: no project \"", slug, "\""));
  StoredProject out;
  out.version = rows[0][0].as<int64_t>();
  absl::StatusOr<config::ResolvedProject> project = ParseStoredProject(slug, out.version, rows[0][1].c_str());
  if (!project.ok()) return project.status();
  out.project = *std::move(project);
  return out;
}

absl::StatusOr<config::ResolvedProject> ReadProjectVersion(pqxx::transaction_base& tx, const std::string& slug,
                                                           int64_t version) {
  constexpr std::string_view kSql =
      "SELECT resolved::text FROM opmon.project_versions "
      "WHERE slug = $1 AND version = $2 AND resolved IS NOT NULL";
  const pqxx::result rows = tx.exec_params(std::string(kSql), slug, version);
  if (rows.empty()) {
    return absl::NotFoundError(absl::StrCat("slug: project \"", slug, "\" has no resolved version ", version));
  }
  return ParseStoredProject(slug, version, rows[0][0].c_str());
}

LiveProjects ReadLiveProjects(pqxx::transaction_base& tx) {
  constexpr std::string_view kSql =
      "SELECT p.slug, v.version, v.resolved::text FROM opmon.projects p "
      "JOIN opmon.project_versions v ON v.slug = p.slug AND v.version = p.latest_version "
      "WHERE NOT p.deleted AND v.resolved IS NOT NULL ORDER BY p.slug";
  LiveProjects out;
  for (const pqxx::row& row : tx.exec(std::string(kSql))) {
    const std::string slug = row[0].as<std::string>();
    const int64_t version = row[1].as<int64_t>();
    absl::StatusOr<config::ResolvedProject> project = ParseStoredProject(slug, version, row[2].c_str());
    if (!project.ok()) {
      out.problems.emplace_back(project.status().message());
      continue;
    }
    out.projects.push_back({*std::move(project), version});
  }
  return out;
}

}  // namespace opmon::projects
