#include "common/pg/migrations.h"

#include <map>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/embedded_migrations.h"
#include "common/pg/pool.h"
#include "common/hash/sha256.h"

namespace opmon::pg {
namespace {

// Any fixed key: every opmon process that migrates takes the same lock.
constexpr long long kMigrationLockKey = 7101000001;

constexpr std::string_view kCreateMigrationsTable = R"sql(
CREATE SCHEMA IF NOT EXISTS opmon;
CREATE TABLE IF NOT EXISTS opmon.schema_migrations (
  version    integer     PRIMARY KEY,
  name       text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
))sql";

}  // namespace

const std::vector<Migration>& EmbeddedMigrations() {
  static const std::vector<Migration>* migrations = [] {
    auto* list = new std::vector<Migration>();
    for (const EmbeddedMigration& m : kEmbeddedMigrations) {
      list->push_back(Migration{m.version, std::string(m.name), m.sql, hash::Sha256Hex(m.sql)});
    }
    return list;
  }();
  return *migrations;
}

absl::StatusOr<MigrationReport> ApplyMigrations(Pool& pool) {
  MigrationReport report;
  absl::Status status = pool.Run("apply migrations", [&](pqxx::connection& conn) -> absl::Status {
    report = MigrationReport{};
    {
      pqxx::nontransaction lock(conn);
      lock.exec(absl::StrCat("SELECT pg_advisory_lock(", kMigrationLockKey, ")"));
    }
    // A session lock outlives transactions: release it on every path, and if
    // that fails close the connection, which releases it too.
    struct Unlock {
      pqxx::connection& c;
      ~Unlock() {
        try {
          pqxx::nontransaction unlock(c);
          unlock.exec(absl::StrCat("SELECT pg_advisory_unlock(", kMigrationLockKey, ")"));
        } catch (...) {
          c.disconnect();
        }
      }
    } unlock{conn};
    pqxx::nontransaction session(conn);
    // CREATE SCHEMA IF NOT EXISTS races with itself across processes; the
    // advisory lock above serialises it.
    session.exec(std::string(kCreateMigrationsTable));
    std::map<int, std::string> applied;
    for (const auto& row : session.exec("SELECT version, checksum FROM opmon.schema_migrations")) {
      applied[row[0].as<int>()] = row[1].as<std::string>();
    }
    session.commit();
    for (const Migration& m : EmbeddedMigrations()) {
      auto it = applied.find(m.version);
      if (it != applied.end()) {
        if (it->second != m.checksum) {
          return absl::FailedPreconditionError(absl::StrCat(
              "migration ", m.name, " was edited after it was applied (checksum ", it->second,
              " in the database, ", m.checksum, " in this binary); migrations are forward-only"));
        }
        continue;
      }
      pqxx::work tx(conn);
      tx.exec(std::string(m.sql));
      tx.exec_params("INSERT INTO opmon.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                     m.version, m.name, m.checksum);
      tx.commit();
      report.applied.push_back(m.name);
    }
    report.schema_version = EmbeddedMigrations().empty() ? 0 : EmbeddedMigrations().back().version;
    if (!applied.empty()) report.schema_version = std::max(report.schema_version, applied.rbegin()->first);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return report;
}

absl::StatusOr<int> CurrentSchemaVersion(Pool& pool) {
  return pool.RunFor<int>("read schema version", [](pqxx::connection& conn) -> absl::StatusOr<int> {
    pqxx::nontransaction tx(conn);
    auto exists = tx.exec("SELECT to_regclass('opmon.schema_migrations') IS NOT NULL");
    if (!exists[0][0].as<bool>()) return 0;
    auto r = tx.exec("SELECT coalesce(max(version), 0) FROM opmon.schema_migrations");
    return r[0][0].as<int>();
  });
}

}  // namespace opmon::pg
