#include "services/compute/domain/db_project_source.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/config/canonical_json.h"
#include "common/pg/pool.h"

namespace opmon::compute {
namespace {

constexpr std::string_view kLatestSql = R"sql(
SELECT v.version, v.resolved::text
  FROM opmon.projects p
  JOIN opmon.project_versions v ON v.slug = p.slug AND v.version = p.latest_version
 WHERE p.slug = $1 AND NOT p.deleted AND v.resolved IS NOT NULL)sql";

constexpr std::string_view kSlugsSql = "SELECT slug FROM opmon.projects WHERE NOT deleted ORDER BY slug";

}  // namespace

absl::StatusOr<VersionedProject> DbProjectSource::Get(const std::string& slug) {
  return pool_.RunFor<VersionedProject>("load project", [&](pqxx::connection& c) -> absl::StatusOr<VersionedProject> {
    pqxx::read_transaction tx(c);
    pqxx::result r = tx.exec_params(std::string(kLatestSql), slug);
    if (r.empty()) return absl::NotFoundError(absl::StrCat("slug: project \"", slug, "\" does not exist"));
    auto project = config::ParseCanonicalJson(r[0][1].as<std::string>());
    if (!project.ok()) {
      return absl::InternalError(absl::StrCat("stored project ", slug, " does not parse: ", project.status().message()));
    }
    return VersionedProject{std::move(*project), r[0][0].as<int64_t>()};
  });
}

absl::StatusOr<std::vector<std::string>> DbProjectSource::ListSlugs() {
  return pool_.RunFor<std::vector<std::string>>(
      "list projects", [&](pqxx::connection& c) -> absl::StatusOr<std::vector<std::string>> {
        pqxx::read_transaction tx(c);
        std::vector<std::string> slugs;
        for (const auto& row : tx.exec(std::string(kSlugsSql))) slugs.push_back(row[0].as<std::string>());
        return slugs;
      });
}

absl::StatusOr<VersionedProject> DbProjectSource::Resolve(const SourceFileInput& file, const std::string&) {
  return absl::FailedPreconditionError(absl::StrCat(
      "file: resolving \"", file.path, "\" needs the config service; start opmon-compute with --config-addr"));
}

}  // namespace opmon::compute
