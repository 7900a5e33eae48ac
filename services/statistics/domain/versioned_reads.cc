#include "services/statistics/domain/versioned_reads.h"

#include <pqxx/pqxx>

#include "common/results/data_version.h"

namespace opmon::statistics {

absl::StatusOr<std::int64_t> ReadSystemDataVersion(pg::Pool& pool, std::string_view key) {
  return pool.RunFor<std::int64_t>("read data version", [key](pqxx::connection& conn) {
    pqxx::nontransaction tx(conn);
    return absl::StatusOr<std::int64_t>(results::ReadDataVersion(tx, std::string(key)));
  });
}

}  // namespace opmon::statistics
