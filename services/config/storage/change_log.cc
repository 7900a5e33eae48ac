#include "services/config/storage/change_log.h"

#include <string>

#include "common/enums/enum_names.h"

namespace opmon::config {
namespace {

// Serialises the tail of change-writing transactions (not whole Applies: the
// lock is taken just before the INSERT and held only until commit). Any
// constant works; this one spells "opmonchg".
constexpr int64_t kChangeFeedLockKey = 0x6f706d6f6e636867;

constexpr EnumNames<ChangeKind, 3> kChangeKindNames = {{
    {ChangeKind::kApplied, "applied"},
    {ChangeKind::kDeleted, "deleted"},
    {ChangeKind::kDefinitionsApplied, "definitions_applied"},
}};
constexpr EnumNames<SourceFormat, 3> kFormatNames = {{
    {SourceFormat::kYaml, "yaml"},
    {SourceFormat::kToml, "toml"},
    {SourceFormat::kAuto, ""},
}};

// Any other name reads as applied.
ChangeKind KindFromName(std::string_view name) {
  return ValueIn(kChangeKindNames, name).value_or(ChangeKind::kApplied);
}

}  // namespace

std::string_view ToString(ChangeKind kind) { return NameIn(kChangeKindNames, kind); }

std::string_view FormatName(SourceFormat format) { return NameIn(kFormatNames, format); }

SourceFormat FormatFromName(std::string_view name) { return ValueIn(kFormatNames, name).value_or(SourceFormat::kAuto); }

int64_t RecordChange(pqxx::work& tx, ChangeKind kind, std::string_view slug, int64_t version) {
  constexpr std::string_view kLock = "SELECT pg_advisory_xact_lock($1)";
  constexpr std::string_view kInsert =
      "INSERT INTO opmon.project_changes (kind, slug, version) VALUES ($1, $2, $3) "
      "RETURNING change_id";
  constexpr std::string_view kNotify = "SELECT pg_notify($1, $2)";
  tx.exec_params(std::string(kLock), kChangeFeedLockKey);
  const int64_t id = tx.exec_params1(std::string(kInsert), std::string(ToString(kind)),
                                     std::string(slug), version)[0]
                         .as<int64_t>();
  tx.exec_params(std::string(kNotify), std::string(kProjectChangesChannel), std::to_string(id));
  return id;
}

std::vector<ProjectChangeRecord> ReadChanges(pqxx::connection_base& conn, int64_t after, int64_t up_to,
                                             int64_t limit) {
  constexpr std::string_view kSql =
      "SELECT change_id, kind, slug, version, "
      "  to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
      "FROM opmon.project_changes WHERE change_id > $1 AND ($2 = 0 OR change_id <= $2) "
      "ORDER BY change_id LIMIT $3";
  pqxx::read_transaction tx(conn);
  std::vector<ProjectChangeRecord> out;
  for (const auto& row : tx.exec_params(std::string(kSql), after, up_to, limit)) {
    out.push_back({.change_id = row[0].as<int64_t>(),
                   .kind = KindFromName(row[1].c_str()),
                   .slug = row[2].as<std::string>(),
                   .version = row[3].as<int64_t>(),
                   .changed_at = row[4].as<std::string>()});
  }
  return out;
}

int64_t LatestChangeId(pqxx::connection_base& conn) {
  constexpr std::string_view kSql = "SELECT coalesce(max(change_id), 0) FROM opmon.project_changes";
  pqxx::read_transaction tx(conn);
  return tx.exec1(std::string(kSql))[0].as<int64_t>();
}

}  // namespace opmon::config
