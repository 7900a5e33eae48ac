#include "common/results/data_version.h"

#include <pqxx/pqxx>

namespace opmon::results {
namespace {

constexpr std::string_view kBumpSql = R"sql(
INSERT INTO opmon.data_versions (slug, version, updated_at) VALUES ($1, 1, now())
ON CONFLICT (slug) DO UPDATE SET version = opmon.data_versions.version + 1, updated_at = now()
RETURNING version)sql";

}  // namespace

int64_t BumpDataVersion(pqxx::transaction_base& tx, const std::string& slug) {
  return tx.exec_params1(std::string(kBumpSql), slug)[0].as<int64_t>();
}

}  // namespace opmon::results
