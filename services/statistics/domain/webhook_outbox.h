#pragma once
// opmon.webhook_outbox (migration 0004_webhook_outbox.sql): the durable queue
// of webhook deliveries, one row per new alert. Rows are written in the
// transaction that stores the alerts (QueueAlertDeliveries) and worked off by
// webhook_delivery.h. Functions here may throw pqxx exceptions: call them
// inside pg::Pool::Run.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/alert_record.h"

namespace opmon::statistics {

// Inserts one pending delivery of each alert (as alert_json.h) to `url`,
// due now, in `tx`.
void QueueAlertDeliveries(pqxx::transaction_base& tx, const std::string& slug, const std::string& url,
                          const std::vector<AlertRecord>& alerts);

struct OutboxRow {
  std::int64_t id = 0;
  std::string slug;
  std::string url;
  std::string body;
  int attempts = 0;    // made before this claim
  absl::Duration age;  // since the row was queued
};

// The pending row with the earliest next_attempt_at that is due and not
// locked by another transaction, now locked by `tx` (FOR UPDATE SKIP
// LOCKED) until it ends; nullopt when there is none.
std::optional<OutboxRow> ClaimDueDelivery(pqxx::transaction_base& tx);

// Outcomes of an attempt on a claimed row; each counts the attempt.
void MarkDelivered(pqxx::transaction_base& tx, std::int64_t id);
void MarkRetry(pqxx::transaction_base& tx, std::int64_t id, const std::string& error, absl::Duration delay);
void MarkDead(pqxx::transaction_base& tx, std::int64_t id, const std::string& error);

struct OutboxCounts {
  std::int64_t pending = 0;
  std::int64_t dead = 0;
  // Time until the earliest pending row is due (zero when one is due now);
  // nullopt when nothing is pending.
  std::optional<absl::Duration> next_due_in;
};
OutboxCounts CountOutbox(pqxx::transaction_base& tx);

// Deletes delivered rows that finished more than `retention` ago; returns
// how many.
std::int64_t PurgeDelivered(pqxx::transaction_base& tx, absl::Duration retention);

}  // namespace opmon::statistics
