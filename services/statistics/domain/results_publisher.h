#pragma once
// Evaluating the alerts of committed results. PublishResults: compute calls
// it after committing a project's results for some dates. It frees this
// replica's cached pages of the project (other replicas stop serving them
// anyway: the data version changed), evaluates the project's alerts for the
// dates and stores them (alert_store.h), queueing each new alert for its
// webhook and clearing the dates' "alerts pending" rows
// (common/results/alerts_pending.h) in the same transaction, and returns
// without waiting for any delivery (webhook_delivery.h sends them).
// PublishPending does the same for days compute committed and nobody
// published (pending_alerts_worker.h calls it).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/alert_record.h"
#include "services/statistics/domain/alert_store.h"
#include "services/statistics/domain/query_cache.h"
#include "services/statistics/domain/stored_projects.h"
#include "services/statistics/domain/webhook_delivery.h"

namespace opmon::statistics {

struct PublishOutcome {
  std::int64_t data_version = 0;
  std::vector<AlertRecord> alerts;  // every alert of the published dates
  std::size_t new_alerts = 0;       // of which raised for the first time
};

struct PendingPublish {
  std::string slug;
  std::vector<absl::CivilDay> days;
  std::size_t new_alerts = 0;
};

class ResultsPublisher {
 public:
  // New alerts of a project go to its alert_webhook_url, else to
  // `default_webhook_url`; with neither they are only stored. `delivery`
  // (may be null) is woken when deliveries were queued. The references must
  // outlive this object.
  ResultsPublisher(pg::Pool& pool, StoredProjects& projects, QueryCache& cache, std::string default_webhook_url,
                   WebhookDelivery* delivery);

  // NotFound: unknown project. InvalidArgument naming dates[i]: no dates, a
  // malformed date. Unavailable: database down (nothing was stored).
  absl::StatusOr<PublishOutcome> Publish(const std::string& slug, const std::vector<std::string>& dates);

  // Claims the pending days of one project whose rows are at least `grace`
  // old (alerts_pending.h), evaluates and stores their alerts and clears the
  // rows in one transaction. nullopt when no row is due. A project that no
  // longer exists has its rows cleared (nothing to evaluate). Unavailable:
  // database down; other errors (e.g. a project whose alerts cannot be
  // stored): the rows are put back behind the others, due after `grace`.
  absl::StatusOr<std::optional<PendingPublish>> PublishPending(absl::Duration grace);

 private:
  // Evaluates and stores the alerts of `days` in `tx` (uncommitted). The
  // project's webhook URL is read from the database: a project from the
  // config service has it redacted.
  AlertEvaluation Evaluate(pqxx::transaction_base& tx, const ProjectSnapshot& snapshot,
                           std::span<const absl::CivilDay> days);
  void WakeDelivery(const AlertEvaluation& evaluation);


  pg::Pool& pool_;
  StoredProjects& projects_;
  QueryCache& cache_;
  const std::string default_webhook_url_;
  WebhookDelivery* delivery_;
};

}  // namespace opmon::statistics
