#include "services/lookml/change_fingerprint.h"

#include <pqxx/pqxx>

namespace opmon::lookml {

std::string ReadChangeFingerprint(pqxx::transaction_base& tx) {
  constexpr char kSql[] =
      "SELECT COALESCE(string_agg(p.slug || ':' || p.latest_version || ':' || p.deleted || ':' || "
      "COALESCE(d.version, 0), ',' ORDER BY p.slug), '') "
      "FROM opmon.projects p LEFT JOIN opmon.data_versions d ON d.slug = p.slug";
  return tx.exec(kSql)[0][0].as<std::string>();
}

}  // namespace opmon::lookml
