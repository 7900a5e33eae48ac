#include "tests/testing/stored_results.h"

#include <pqxx/pqxx>

#include "common/config/canonical_json.h"

namespace opmon::testing {

void RegisterProject(const std::string& dsn, const config::ResolvedProject& project, int64_t version) {
  pqxx::connection conn(dsn);
  pqxx::work tx(conn);
  tx.exec_params(
      "INSERT INTO opmon.project_versions (slug, version, content_hash, resolved) VALUES ($1, $2, 'test', $3::jsonb)",
      project.slug, version, config::ToCanonicalJson(project));
  tx.exec_params(
      "INSERT INTO opmon.projects (slug, latest_version) VALUES ($1, $2) "
      "ON CONFLICT (slug) DO UPDATE SET latest_version = EXCLUDED.latest_version",
      project.slug, version);
  tx.commit();
}

}  // namespace opmon::testing
