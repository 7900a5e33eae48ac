#include "services/statistics/domain/webhook_delivery.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/http/http_url.h"
#include "common/log/log.h"
#include "common/pg/pool.h"
#include "services/statistics/domain/webhook_outbox.h"

namespace opmon::statistics {
namespace {

constexpr absl::Duration kPurgeEvery = absl::Hours(1);

// A failed attempt to deliver `row`; `attempt_key` names the number logged
// with it (the attempt that failed, or how many were made before giving up).
void LogFailedAttempt(log::Level level, std::string_view msg, const OutboxRow& row, std::string_view attempt_key,
                      const std::string& error) {
  log::Write(level, msg,
             {{"slug", row.slug}, {"url", http::UrlOrigin(row.url)}, {"id", absl::StrCat(row.id)},
              {attempt_key, absl::StrCat(row.attempts + 1)}, {"error", error}});
}

}  // namespace

absl::StatusOr<DeliveryResult> DeliverNext(pg::Pool& pool, HttpClient& client, const DeliveryPolicy& policy,
                                           DeliveryObserver* observer, std::stop_token stop) {
  if (stop.stop_requested()) return DeliveryResult::kCancelled;
  DeliveryResult result = DeliveryResult::kNone;
  std::optional<OutboxRow> row;
  std::string error;
  absl::Status status = pool.Run("deliver webhook", [&](pqxx::connection& conn) -> absl::Status {
    result = DeliveryResult::kNone;
    pqxx::work tx(conn);
    row = ClaimDueDelivery(tx);
    if (!row) return absl::OkStatus();
    // The row stays locked by `tx` while the POST runs.
    HttpPostRequest request{row->url, row->body, {{"Idempotency-Key", absl::StrCat("opmon-webhook-", row->id)}}};
    const absl::Status sent = client.PostJson(request, stop);
    if (sent.code() == absl::StatusCode::kCancelled) {
      result = DeliveryResult::kCancelled;
      return absl::OkStatus();  // rolled back: the row is as it was
    }
    const int attempts = row->attempts + 1;
    if (sent.ok()) {
      MarkDelivered(tx, row->id);
      result = DeliveryResult::kDelivered;
    } else {
      error = std::string(sent.message());
      // A refused destination stays refused: no retries.
      if (sent.code() == absl::StatusCode::kPermissionDenied || GiveUp(policy, attempts, row->age)) {
        MarkDead(tx, row->id, error);
        result = DeliveryResult::kDead;
      } else {
        MarkRetry(tx, row->id, error, RetryDelay(policy, attempts));
        result = DeliveryResult::kRetry;
      }
    }
    tx.commit();
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  switch (result) {
    case DeliveryResult::kDelivered:
      if (observer != nullptr) observer->OnDelivered();
      break;
    case DeliveryResult::kRetry:
      if (observer != nullptr) observer->OnRetry();
      LogFailedAttempt(log::Level::kInfo, "webhook delivery failed; will retry", *row, "attempt", error);
      break;
    case DeliveryResult::kDead:
      if (observer != nullptr) observer->OnDead();
      LogFailedAttempt(log::Level::kWarn, "webhook delivery abandoned; the row stays in opmon.webhook_outbox as dead",
                       *row, "attempts", error);
      break;
    case DeliveryResult::kNone:
    case DeliveryResult::kCancelled:
      break;
  }
  return result;
}

WebhookDelivery::WebhookDelivery(pg::Pool& pool, HttpClient& client, DeliveryObserver* observer,
                                 WebhookDeliveryOptions options)
    : pool_(pool), client_(client), observer_(observer), options_(std::move(options)) {
  for (int i = 0; i < options_.workers; ++i) {
    workers_.emplace_back([this, i](std::stop_token stop) { Work(stop, /*housekeeper=*/i == 0); });
  }
}

WebhookDelivery::~WebhookDelivery() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::jthread& w : workers_) w.request_stop();
  workers_.clear();  // joins
}

void WebhookDelivery::Wake() {
  absl::MutexLock lock(&mu_);
  ++wakeups_;
}

void WebhookDelivery::Work(std::stop_token stop, bool housekeeper) {
  bool database_failing = false;
  absl::Time next_purge = absl::Now();
  while (!stop.stop_requested()) {
    // A Wake() from here on must not be missed: Idle compares against the
    // count read before the claim.
    std::uint64_t seen;
    {
      absl::MutexLock lock(&mu_);
      seen = wakeups_;
    }
    absl::StatusOr<DeliveryResult> result = DeliverNext(pool_, client_, options_.policy, observer_, stop);
    if (result.ok() && *result == DeliveryResult::kCancelled) return;
    if (result.ok() && *result != DeliveryResult::kNone) continue;  // maybe more are due
    if (!result.ok()) {
      if (!database_failing) log::Warn("webhook outbox unreadable", {{"error", result.status().ToString()}});
      database_failing = true;
    } else {
      database_failing = false;
    }

    absl::Duration wait = options_.poll_interval;
    absl::StatusOr<OutboxCounts> counts = pool_.RunFor<OutboxCounts>(
        "count webhook outbox", [](pqxx::connection& conn) -> absl::StatusOr<OutboxCounts> {
          pqxx::read_transaction tx(conn);
          return CountOutbox(tx);
        });
    if (counts.ok()) {
      if (observer_ != nullptr) observer_->OnOutbox(counts->pending, counts->dead);
      // A row due now that was not claimable is being delivered elsewhere:
      // keep polling at the usual pace.
      if (counts->next_due_in && *counts->next_due_in > absl::ZeroDuration() && *counts->next_due_in < wait) {
        wait = *counts->next_due_in;
      }
    }
    if (housekeeper && absl::Now() >= next_purge) {
      next_purge = absl::Now() + kPurgeEvery;
      absl::Status purged = pool_.Run("purge webhook outbox", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        PurgeDelivered(tx, options_.delivered_retention);
        tx.commit();
        return absl::OkStatus();
      });
      if (!purged.ok()) log::Warn("webhook outbox purge failed", {{"error", purged.ToString()}});
    }

    absl::MutexLock lock(&mu_);
    auto woken = [this, seen]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || wakeups_ != seen; };
    mu_.AwaitWithTimeout(absl::Condition(&woken), wait);
    if (stopping_) return;
  }
}

}  // namespace opmon::statistics
