#pragma once
// Works off the webhook outbox (webhook_outbox.h): worker threads claim one
// due delivery at a time (FOR UPDATE SKIP LOCKED, so any number of workers
// and replicas share the table and never post a row at the same time), POST
// it through an HttpClient while holding the row lock, and record the
// outcome in the same transaction: delivered; a failure retried after
// RetryDelay; or, when GiveUp says so or the client refused the destination
// (PermissionDenied), dead (kept in the table). A process
// killed mid-delivery leaves the row pending (its lock goes with its
// connection), so deliveries are at least once; a receiver sees a repeat
// only when opmon died between the receiver's answer and the commit, and
// can drop it by the Idempotency-Key header ("opmon-webhook-<row id>").
//
// Idle workers look for due rows every poll_interval, sooner when a retry
// falls due or Wake() is called (a publish on this replica queued rows).

#include <cstddef>
#include <cstdint>
#include <stop_token>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/delivery_policy.h"
#include "services/statistics/domain/http_client.h"

namespace opmon::statistics {

// Told about every outcome, from the worker threads.
class DeliveryObserver {
 public:
  virtual ~DeliveryObserver() = default;
  virtual void OnDelivered() = 0;
  virtual void OnRetry() = 0;  // a failed attempt that will be retried
  virtual void OnDead() = 0;
  // Rows pending and dead in the whole table (all replicas), read when a
  // worker goes idle.
  virtual void OnOutbox(std::int64_t pending, std::int64_t dead) = 0;
};

enum class DeliveryResult { kNone, kDelivered, kRetry, kDead, kCancelled };

// One step of a worker: claims the earliest due row, posts it, records the
// outcome. kNone when no row was due (or every due row is being delivered
// by someone else); kCancelled when `stop` interrupted the POST (the row is
// left as it was). Unavailable when the database is down. `observer` may be
// null.
absl::StatusOr<DeliveryResult> DeliverNext(pg::Pool& pool, HttpClient& client, const DeliveryPolicy& policy,
                                           DeliveryObserver* observer, std::stop_token stop);

struct WebhookDeliveryOptions {
  DeliveryPolicy policy;
  int workers = 2;  // 0: this replica only queues; others deliver
  absl::Duration poll_interval = absl::Seconds(1);
  absl::Duration delivered_retention = absl::Hours(24 * 7);
};

class WebhookDelivery {
 public:
  // Starts options.workers threads. `pool`, `client` and `observer` (may be
  // null) must outlive this object.
  WebhookDelivery(pg::Pool& pool, HttpClient& client, DeliveryObserver* observer, WebhookDeliveryOptions options);
  // Stops the workers, interrupting POSTs in flight (their rows stay
  // pending for the next start or another replica), and joins them.
  ~WebhookDelivery();
  WebhookDelivery(const WebhookDelivery&) = delete;
  WebhookDelivery& operator=(const WebhookDelivery&) = delete;

  // New rows were queued: idle workers look now. Never blocks.
  void Wake();

 private:
  void Work(std::stop_token stop, bool housekeeper);

  pg::Pool& pool_;
  HttpClient& client_;
  DeliveryObserver* const observer_;
  const WebhookDeliveryOptions options_;
  absl::Mutex mu_;
  std::uint64_t wakeups_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::jthread> workers_;  // last: started once the rest exists
};

}  // namespace opmon::statistics
