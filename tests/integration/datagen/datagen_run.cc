#include "tests/integration/datagen/datagen_run.h"

#include <pqxx/pqxx>

#include "tests/testing/service_process.h"

namespace opmon::testing {

absl::StatusOr<CommandResult> RunDatagen(const std::string& dsn, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {BuiltBinary("services/compute/datagen/opmon-datagen"), "--warehouse-url", dsn};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

std::string QueryText(const std::string& dsn, const std::string& sql) {
  pqxx::connection c(dsn);
  pqxx::nontransaction tx(c);
  const pqxx::result r = tx.exec(sql);
  if (r.empty() || r[0][0].is_null()) return "";
  return r[0][0].c_str();
}

int64_t QueryInt(const std::string& dsn, const std::string& sql) { return std::stoll(QueryText(dsn, sql)); }

std::string TableChecksum(const std::string& dsn, const std::string& table, const std::string& where) {
  return QueryText(dsn, "SELECT md5(string_agg(x, E'\\n' ORDER BY x)) FROM (SELECT t::text AS x FROM " + table +
                            " t WHERE " + where + ") s");
}

}  // namespace opmon::testing
