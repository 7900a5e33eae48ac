#include "tests/testing/sql_value.h"

#include <pqxx/pqxx>

namespace opmon::testing {

std::string QueryValue(const std::string& dsn, const std::string& sql) {
  pqxx::connection conn(dsn);
  pqxx::read_transaction tx(conn);
  const pqxx::result r = tx.exec(sql);
  return r.empty() || r[0][0].is_null() ? std::string() : r[0][0].as<std::string>();
}

}  // namespace opmon::testing
