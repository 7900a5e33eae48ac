#include "common/results/relation_columns.h"

#include <pqxx/pqxx>

namespace opmon::results {

std::set<std::string> ReadRelationColumns(pqxx::transaction_base& tx, const TableName& table) {
  constexpr char kSql[] =
      "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2";
  std::set<std::string> out;
  for (const pqxx::row& row : tx.exec_params(kSql, table.schema, table.name)) out.insert(row[0].as<std::string>());
  return out;
}

}  // namespace opmon::results
