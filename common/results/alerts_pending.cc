#include "common/results/alerts_pending.h"

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/results/text_array.h"
#include "common/time/civil_day.h"

namespace opmon::results {
namespace {

constexpr std::string_view kMarkSql = "INSERT INTO opmon.alerts_pending (slug, submission_date) VALUES ($1, $2::date)";
// $1: the grace in microseconds. clock_timestamp(), not now(): a claiming
// transaction may be old.
constexpr std::string_view kClaimOldestSql =
    "SELECT slug FROM opmon.alerts_pending "
    "WHERE committed_at <= clock_timestamp() - $1::bigint * interval '1 microsecond' "
    "ORDER BY committed_at, id LIMIT 1 FOR UPDATE SKIP LOCKED";
constexpr std::string_view kClaimProjectSql =
    "SELECT id, submission_date::text FROM opmon.alerts_pending "
    "WHERE slug = $1 AND committed_at <= clock_timestamp() - $2::bigint * interval '1 microsecond' "
    "ORDER BY submission_date, id LIMIT $3::int FOR UPDATE SKIP LOCKED";
constexpr std::string_view kClearSql = "DELETE FROM opmon.alerts_pending WHERE id = ANY($1::bigint[])";
constexpr std::string_view kRequeueSql =
    "UPDATE opmon.alerts_pending SET committed_at = clock_timestamp() WHERE id = ANY($1::bigint[])";
constexpr std::string_view kClearDaysSql =
    "DELETE FROM opmon.alerts_pending WHERE id IN (SELECT id FROM opmon.alerts_pending "
    "WHERE slug = $1 AND submission_date = ANY($2::date[]) FOR UPDATE SKIP LOCKED)";
constexpr std::string_view kNextDueSql =
    "SELECT GREATEST(0, EXTRACT(EPOCH FROM min(committed_at) + $1::bigint * interval '1 microsecond' "
    "- clock_timestamp()) * 1000000)::bigint FROM opmon.alerts_pending";

// A bigint[] literal.
std::string IdArray(std::span<const std::int64_t> ids) { return absl::StrCat("{", absl::StrJoin(ids, ","), "}"); }

}  // namespace

void MarkAlertsPending(pqxx::transaction_base& tx, const std::string& slug, absl::CivilDay day) {
  tx.exec_params0(std::string(kMarkSql), slug, time::FormatCivilDay(day));
}

std::optional<PendingAlerts> ClaimPendingAlerts(pqxx::transaction_base& tx, absl::Duration grace, int limit) {
  const std::int64_t grace_us = absl::ToInt64Microseconds(grace);
  const pqxx::result oldest = tx.exec_params(std::string(kClaimOldestSql), grace_us);
  if (oldest.empty()) return std::nullopt;
  PendingAlerts out;
  out.slug = oldest[0][0].as<std::string>();
  for (const pqxx::row& row : tx.exec_params(std::string(kClaimProjectSql), out.slug, grace_us, limit)) {
    out.ids.push_back(row[0].as<std::int64_t>());
    const absl::CivilDay day = time::ParseCivilDay(row[1].c_str()).value_or(absl::CivilDay());
    if (out.days.empty() || out.days.back() != day) out.days.push_back(day);
  }
  return out;
}

void ClearPendingAlerts(pqxx::transaction_base& tx, std::span<const std::int64_t> ids) {
  tx.exec_params0(std::string(kClearSql), IdArray(ids));
}

void RequeuePendingAlerts(pqxx::transaction_base& tx, std::span<const std::int64_t> ids) {
  tx.exec_params0(std::string(kRequeueSql), IdArray(ids));
}

void ClearPendingAlertsOfDays(pqxx::transaction_base& tx, const std::string& slug,
                              std::span<const absl::CivilDay> days) {
  std::vector<std::string> text;
  for (const absl::CivilDay& d : days) text.push_back(time::FormatCivilDay(d));
  tx.exec_params0(std::string(kClearDaysSql), slug, TextArrayLiteral(text));
}

std::optional<absl::Duration> NextPendingAlertsDueIn(pqxx::transaction_base& tx, absl::Duration grace) {
  const pqxx::row row = tx.exec_params1(std::string(kNextDueSql), absl::ToInt64Microseconds(grace));
  if (row[0].is_null()) return std::nullopt;
  return absl::Microseconds(row[0].as<std::int64_t>());
}

}  // namespace opmon::results
