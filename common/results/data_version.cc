#include "common/results/data_version.h"

#include <pqxx/pqxx>

namespace opmon::results {
namespace {

// One statement: the bump and its notification cannot be separated. Keys of
// system relations ('@...') are not announced (see the header).
constexpr std::string_view kBumpSql = R"sql(
WITH bumped AS (
  INSERT INTO opmon.data_versions (slug, version, updated_at) VALUES ($1, 1, now())
  ON CONFLICT (slug) DO UPDATE SET version = opmon.data_versions.version + 1, updated_at = now()
  RETURNING version)
SELECT version, (SELECT count(*) FROM (SELECT pg_notify($2, $1) WHERE left($1, 1) <> '@') AS notified)
FROM bumped)sql";

constexpr std::string_view kReadSql = "SELECT COALESCE((SELECT version FROM opmon.data_versions WHERE slug = $1), 0)";

}  // namespace

int64_t BumpDataVersion(pqxx::transaction_base& tx, const std::string& slug) {
  return tx.exec_params1(std::string(kBumpSql), slug, std::string(kDataVersionsChannel))[0].as<int64_t>();
}

int64_t ReadDataVersion(pqxx::transaction_base& tx, const std::string& slug) {
  return tx.exec_params1(std::string(kReadSql), slug)[0].as<int64_t>();
}

}  // namespace opmon::results
