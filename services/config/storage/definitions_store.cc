#include "services/config/storage/definitions_store.h"

#include <string>
#include <utility>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/hash/sha256.h"
#include "common/pg/pool.h"
#include "nlohmann/json.hpp"
#include "services/config/storage/change_log.h"
#include "services/config/storage/store_transactions.h"

namespace opmon::config {
namespace {

StoredDefinitions FromRow(const pqxx::row& row) {
  StoredDefinitions d;
  d.name = row[0].as<std::string>();
  d.version = row[1].as<int64_t>();
  d.content_hash = row[2].as<std::string>();
  d.source.path = row[3].as<std::string>();
  d.source.format = FormatFromName(row[4].c_str());
  d.source.text = row[5].as<std::string>();
  d.created_at = row[6].as<std::string>();
  return d;
}

}  // namespace

DefinitionsApplyOutcome WriteDefinitionsVersion(pqxx::work& tx, std::string_view name_view,
                                                const SourceFile& source, const PlatformDefinitions& parsed) {
  const std::string name(name_view);
  const std::string hash = hash::Sha256Hex(source.text);
  const std::string summary =
      nlohmann::json{{"platform", parsed.platform}, {"is_defaults", parsed.is_defaults}}.dump();
  constexpr std::string_view kLock = "SELECT pg_advisory_xact_lock(hashtext('opmon.definitions:' || $1))";
  constexpr std::string_view kLatest =
      "SELECT version, content_hash, source_path FROM opmon.definitions "
      "WHERE platform = $1 ORDER BY version DESC LIMIT 1";
  constexpr std::string_view kInsert =
      "INSERT INTO opmon.definitions "
      "(platform, version, content_hash, source_path, source_format, source, resolved) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)";
  tx.exec_params(std::string(kLock), name);
  const pqxx::result latest = tx.exec_params(std::string(kLatest), name);
  int64_t version = 0;
  if (!latest.empty()) {
    version = latest[0][0].as<int64_t>();
    // The path matters too: without a top-level `platform`, the file
    // name says which platform the file is for.
    if (latest[0][1].as<std::string>() == hash && latest[0][2].as<std::string>() == source.path) {
      return DefinitionsApplyOutcome{.version = version, .changed = false};
    }
  }
  DefinitionsApplyOutcome outcome{.version = version + 1, .changed = true};
  tx.exec_params(std::string(kInsert), name, outcome.version, hash, source.path,
                 std::string(FormatName(source.format)), source.text, summary);
  outcome.change_id = RecordChange(tx, ChangeKind::kDefinitionsApplied, name, outcome.version);
  return outcome;
}

std::vector<StoredDefinitions> ReadLatestDefinitions(pqxx::transaction_base& tx) {
  constexpr std::string_view kSql =
      "SELECT DISTINCT ON (platform) platform, version, content_hash, source_path, "
      "  source_format, source, "
      "  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
      "FROM opmon.definitions ORDER BY platform, version DESC";
  std::vector<StoredDefinitions> out;
  for (const auto& row : tx.exec(std::string(kSql))) out.push_back(FromRow(row));
  return out;
}

absl::StatusOr<DefinitionsApplyOutcome> DefinitionsStore::Apply(std::string_view name, const SourceFile& source,
                                                                const PlatformDefinitions& parsed) {
  return pool_.RunFor<DefinitionsApplyOutcome>(
      "apply definitions", [&](pqxx::connection& conn) -> absl::StatusOr<DefinitionsApplyOutcome> {
        pqxx::work tx(conn);
        DefinitionsApplyOutcome outcome = WriteDefinitionsVersion(tx, name, source, parsed);
        if (outcome.changed) tx.commit();
        return outcome;
      });
}

absl::StatusOr<StoredDefinitions> DefinitionsStore::Get(std::string_view name_view) {
  const std::string name(name_view);
  return pool_.RunFor<StoredDefinitions>(
      "get definitions", [&](pqxx::connection& conn) -> absl::StatusOr<StoredDefinitions> {
        constexpr std::string_view kSql =
            "SELECT platform, version, content_hash, source_path, source_format, source, "
            "  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
            "FROM opmon.definitions WHERE platform = $1 ORDER BY version DESC LIMIT 1";
        constexpr std::string_view kNames =
            "SELECT DISTINCT platform FROM opmon.definitions ORDER BY platform";
        pqxx::read_transaction tx(conn);
        const pqxx::result rows = tx.exec_params(std::string(kSql), name);
        if (rows.empty()) {
          std::vector<std::string> names;
          for (const auto& row : tx.exec(std::string(kNames))) names.push_back(row[0].as<std::string>());
          return absl::NotFoundError(absl::StrCat(
              "platform: no definitions named \"", name, "\" (stored: ",
              names.empty() ? "none" : absl::StrJoin(names, ", "), ")"));
        }
        return FromRow(rows[0]);
      });
}

absl::StatusOr<std::vector<StoredDefinitions>> DefinitionsStore::LatestAll() {
  using All = std::vector<StoredDefinitions>;
  return pool_.RunFor<All>("list definitions", [](pqxx::connection& conn) -> absl::StatusOr<All> {
    pqxx::read_transaction tx(conn);
    return ReadLatestDefinitions(tx);
  });
}

}  // namespace opmon::config
