#include "services/compute/domain/legacy/database_source.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/error_mapping.h"
#include "common/sql/quote.h"

namespace opmon::compute::legacy {
namespace {

// Column names come with each table, so a table without the reference's
// columns is reported by name instead of failing inside COPY.
constexpr std::string_view kListTablesSql = R"sql(
  SELECT n.nspname, c.relname,
         ARRAY(SELECT a.attname FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)::text[]
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg\_%'
  ORDER BY n.nspname, c.relname)sql";

}  // namespace

DatabaseSource::DatabaseSource(std::unique_ptr<pqxx::connection> conn, std::string description)
    : conn_(std::move(conn)), description_(std::move(description)) {}

DatabaseSource::~DatabaseSource() = default;

absl::StatusOr<std::unique_ptr<DatabaseSource>> DatabaseSource::Connect(const std::string& dsn) {
  try {
    auto conn = std::make_unique<pqxx::connection>(dsn);
    std::string description = absl::StrCat("db:", conn->hostname() ? conn->hostname() : "", "/", conn->dbname());
    return std::unique_ptr<DatabaseSource>(new DatabaseSource(std::move(conn), std::move(description)));
  } catch (...) {
    return pg::StatusFromCurrentException("legacy source database");
  }
}

absl::StatusOr<SourceListing> DatabaseSource::ListTables() {
  SourceListing listing;
  try {
    pqxx::read_transaction tx(*conn_);
    for (const auto& row : tx.exec(std::string(kListTablesSql))) {
      const std::string schema = row[0].as<std::string>();
      const std::string name = row[1].as<std::string>();
      std::optional<LegacyTableName> parsed = ParseLegacyTableName(name);
      if (!parsed) {
        ++listing.skipped;
        continue;
      }
      SourceTable& table = listing.tables.emplace_back();
      table.name = *std::move(parsed);
      table.relation = absl::StrCat(schema, ".", name);
      table.location = description_;
      std::vector<std::string> columns;
      auto array = row[2].as_array();
      for (auto element = array.get_next(); element.first != pqxx::array_parser::done; element = array.get_next()) {
        if (element.first == pqxx::array_parser::string_value) columns.push_back(element.second);
      }
      if (absl::Status status = SetLayout(columns, table); !status.ok()) return status;
      // COPY sends only the two columns the import reads.
      table.fields = 2;
      table.dimensions_field = 0;
      table.histogram_field = 1;
    }
  } catch (...) {
    return pg::StatusFromCurrentException(absl::StrCat(description_, ": listing tables"));
  }
  return listing;
}

absl::Status DatabaseSource::ReadTable(const SourceTable& table, const CopyLineSink& sink) {
  absl::Status status;
  try {
    pqxx::read_transaction tx(*conn_);
    const size_t dot = table.relation.find('.');
    const std::string qualified =
        sql::QualifiedName(table.relation.substr(0, dot), table.relation.substr(dot + 1));
    pqxx::stream_from copy(tx, qualified, std::vector<std::string>{"dimensions", "histogram"});
    std::string line;
    // The stream is read to its end even after an error: libpq cannot leave
    // a COPY early without closing the connection.
    while (copy.get_raw_line(line)) {
      bytes_read_ += static_cast<int64_t>(line.size());
      // pqxx 6.4 keeps the line's newline.
      if (!line.empty() && line.back() == '\n') line.pop_back();
      if (status.ok()) status = sink(line);
    }
    copy.complete();
  } catch (...) {
    return pg::StatusFromCurrentException(absl::StrCat(table.location, ": reading"));
  }
  return status;
}

}  // namespace opmon::compute::legacy
