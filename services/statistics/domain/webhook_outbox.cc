#include "services/statistics/domain/webhook_outbox.h"

#include <algorithm>
#include <string_view>

#include <pqxx/pqxx>

#include "services/statistics/domain/alert_json.h"

namespace opmon::statistics {
namespace {

// clock_timestamp(), not now(): a claim's transaction is as old as the POST
// it waited for, and backoff counts from the end of the attempt.
constexpr std::string_view kQueueSql =
    "INSERT INTO opmon.webhook_outbox (slug, url, body) VALUES ($1, $2, $3)";
constexpr std::string_view kClaimSql =
    "SELECT id, slug, url, body, attempts, "
    "(EXTRACT(EPOCH FROM clock_timestamp() - created_at) * 1000)::bigint "
    "FROM opmon.webhook_outbox WHERE state = 'pending' AND next_attempt_at <= clock_timestamp() "
    "ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED";
// One clock reading per statement (each clock_timestamp() call differs).
constexpr std::string_view kDeliveredSql =
    "UPDATE opmon.webhook_outbox SET state = 'delivered', attempts = attempts + 1, last_error = '', "
    "last_attempt_at = c.t, finished_at = c.t FROM (SELECT clock_timestamp() AS t) AS c WHERE id = $1";
constexpr std::string_view kRetrySql =
    "UPDATE opmon.webhook_outbox SET attempts = attempts + 1, last_error = $2, last_attempt_at = c.t, "
    "next_attempt_at = c.t + $3::bigint * interval '1 millisecond' "
    "FROM (SELECT clock_timestamp() AS t) AS c WHERE id = $1";
constexpr std::string_view kDeadSql =
    "UPDATE opmon.webhook_outbox SET state = 'dead', attempts = attempts + 1, last_error = $2, "
    "last_attempt_at = c.t, finished_at = c.t FROM (SELECT clock_timestamp() AS t) AS c WHERE id = $1";
constexpr std::string_view kCountSql =
    "SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'dead'), "
    "(EXTRACT(EPOCH FROM min(next_attempt_at) FILTER (WHERE state = 'pending') - clock_timestamp()) * 1000)::bigint "
    "FROM opmon.webhook_outbox WHERE state <> 'delivered'";
constexpr std::string_view kPurgeSql =
    "DELETE FROM opmon.webhook_outbox WHERE state = 'delivered' "
    "AND finished_at < clock_timestamp() - $1::bigint * interval '1 second'";

}  // namespace

void QueueAlertDeliveries(pqxx::transaction_base& tx, const std::string& slug, const std::string& url,
                          const std::vector<AlertRecord>& alerts) {
  for (const AlertRecord& a : alerts) tx.exec_params(std::string(kQueueSql), slug, url, AlertToJson(slug, a));
}

std::optional<OutboxRow> ClaimDueDelivery(pqxx::transaction_base& tx) {
  const pqxx::result r = tx.exec(std::string(kClaimSql));
  if (r.empty()) return std::nullopt;
  OutboxRow row;
  row.id = r[0][0].as<std::int64_t>();
  row.slug = r[0][1].as<std::string>();
  row.url = r[0][2].as<std::string>();
  row.body = r[0][3].as<std::string>();
  row.attempts = r[0][4].as<int>();
  row.age = absl::Milliseconds(r[0][5].as<std::int64_t>());
  return row;
}

void MarkDelivered(pqxx::transaction_base& tx, std::int64_t id) { tx.exec_params(std::string(kDeliveredSql), id); }

void MarkRetry(pqxx::transaction_base& tx, std::int64_t id, const std::string& error, absl::Duration delay) {
  tx.exec_params(std::string(kRetrySql), id, error, absl::ToInt64Milliseconds(delay));
}

void MarkDead(pqxx::transaction_base& tx, std::int64_t id, const std::string& error) {
  tx.exec_params(std::string(kDeadSql), id, error);
}

OutboxCounts CountOutbox(pqxx::transaction_base& tx) {
  const pqxx::row r = tx.exec1(std::string(kCountSql));
  OutboxCounts out;
  out.pending = r[0].as<std::int64_t>();
  out.dead = r[1].as<std::int64_t>();
  if (!r[2].is_null()) out.next_due_in = std::max(absl::ZeroDuration(), absl::Milliseconds(r[2].as<std::int64_t>()));
  return out;
}

std::int64_t PurgeDelivered(pqxx::transaction_base& tx, absl::Duration retention) {
  return tx.exec_params(std::string(kPurgeSql), absl::ToInt64Seconds(retention)).affected_rows();
}

}  // namespace opmon::statistics
