#include "common/auth/token_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/auth/bearer_token.h"
#include "common/pg/pool.h"
#include "nlohmann/json.hpp"

namespace opmon::auth {
namespace {

std::string TimeText(const pqxx::field& field) { return field.is_null() ? "" : field.as<std::string>(); }

absl::StatusOr<Role> StoredRole(const pqxx::field& field) { return ParseRole(field.as<std::string>()); }

// Runs `insert` ($1 name, $2 digest, $3 role) for `token` in a transaction of its own.
absl::Status InsertToken(pg::Pool& pool, std::string_view what, std::string_view insert, std::string_view name,
                         std::string_view token, Role role) {
  if (absl::Status valid = ValidateTokenName(name); !valid.ok()) return valid;
  return pool.Run(what, [&](pqxx::connection& conn) {
    pqxx::work tx(conn);
    tx.exec_params(std::string(insert), std::string(name), TokenDigest(token), std::string(RoleName(role)));
    tx.commit();
    return absl::OkStatus();
  });
}

// The rows `select` returns, read in a transaction of its own, each made into
// a T by make(row, its role from column `role_column`); a stored role this
// binary does not know fails the read.
template <typename T>
absl::StatusOr<std::vector<T>> ReadTokens(pg::Pool& pool, std::string_view what, std::string_view select,
                                          int role_column, T (*make)(const pqxx::row& row, Role role)) {
  return pool.RunFor<std::vector<T>>(what, [&](pqxx::connection& conn) -> absl::StatusOr<std::vector<T>> {
    pqxx::read_transaction tx(conn);
    std::vector<T> out;
    for (const auto& row : tx.exec(std::string(select))) {
      absl::StatusOr<Role> role = StoredRole(row[role_column]);
      if (!role.ok()) return role.status();
      out.push_back(make(row, *role));
    }
    return out;
  });
}

}  // namespace

absl::Status ValidateTokenName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 63;
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                c == '_' || c == ':' || c == '-');
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("name: \"", std::string(name), "\" must be 1 to 63 letters, digits or . _ : -"));
}

absl::StatusOr<std::string> CreateToken(pg::Pool& pool, std::string_view name, Role role) {
  constexpr std::string_view kInsert = "INSERT INTO opmon.tokens (name, token_sha256, role) VALUES ($1, $2, $3)";
  std::string token = NewToken();
  absl::Status stored = InsertToken(pool, "create token", kInsert, name, token, role);
  if (absl::IsAlreadyExists(stored)) {
    return absl::AlreadyExistsError(absl::StrCat("token \"", std::string(name), "\" already exists"));
  }
  if (!stored.ok()) return stored;
  return token;
}

absl::Status RegisterToken(pg::Pool& pool, std::string_view name, std::string_view token, Role role) {
  constexpr std::string_view kInsertUnlessStored =
      "INSERT INTO opmon.tokens (name, token_sha256, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING";
  return InsertToken(pool, "register token", kInsertUnlessStored, name, token, role);
}

absl::StatusOr<std::vector<TokenRecord>> ListTokens(pg::Pool& pool) {
  constexpr std::string_view kSelect =
      "SELECT name, role, "
      "  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
      "  to_char(last_used_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
      "  to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
      "FROM opmon.tokens ORDER BY name";
  return ReadTokens<TokenRecord>(pool, "list tokens", kSelect, 1, [](const pqxx::row& row, Role role) -> TokenRecord {
    return {row[0].as<std::string>(), role, TimeText(row[2]), TimeText(row[3]), TimeText(row[4])};
  });
}

absl::Status RevokeToken(pg::Pool& pool, std::string_view name) {
  return pool.Run("revoke token", [&](pqxx::connection& conn) {
    constexpr std::string_view kRevoke =
        "UPDATE opmon.tokens SET revoked_at = coalesce(revoked_at, now()) WHERE name = $1";
    pqxx::work tx(conn);
    pqxx::result result = tx.exec_params(std::string(kRevoke), std::string(name));
    if (result.affected_rows() == 0) {
      return absl::NotFoundError(absl::StrCat("token \"", std::string(name), "\" not found"));
    }
    tx.commit();
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<ActiveToken>> LoadActiveTokens(pg::Pool& pool) {
  constexpr std::string_view kSelect = "SELECT token_sha256, name, role FROM opmon.tokens WHERE revoked_at IS NULL";
  return ReadTokens<ActiveToken>(pool, "load tokens", kSelect, 2, [](const pqxx::row& row, Role role) -> ActiveToken {
    return {row[0].as<std::string>(), row[1].as<std::string>(), role};
  });
}

absl::Status MarkTokensUsed(pg::Pool& pool, const std::vector<std::string>& digests) {
  if (digests.empty()) return absl::OkStatus();
  const std::string digests_json = nlohmann::json(digests).dump();
  return pool.Run("mark tokens used", [&](pqxx::connection& conn) {
    constexpr std::string_view kUpdate =
        "UPDATE opmon.tokens SET last_used_at = now() "
        "WHERE token_sha256 IN (SELECT jsonb_array_elements_text($1::jsonb))";
    pqxx::work tx(conn);
    tx.exec_params(std::string(kUpdate), digests_json);
    tx.commit();
    return absl::OkStatus();
  });
}

}  // namespace opmon::auth
