#include "services/statistics/domain/results_publisher.h"

#include <algorithm>
#include <utility>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/pg/pool.h"
#include "common/projects/project_versions.h"
#include "common/results/alerts_pending.h"
#include "common/status/status_macros.h"
#include "common/time/civil_day.h"

namespace opmon::statistics {
namespace {

// Pending rows evaluated in one transaction (a backfill marks one per day).
constexpr int kPendingClaimLimit = 1000;

}  // namespace

ResultsPublisher::ResultsPublisher(pg::Pool& pool, StoredProjects& projects, QueryCache& cache,
                                   std::string default_webhook_url, WebhookDelivery* delivery)
    : pool_(pool),
      projects_(projects),
      cache_(cache),
      default_webhook_url_(std::move(default_webhook_url)),
      delivery_(delivery) {}

AlertEvaluation ResultsPublisher::Evaluate(pqxx::transaction_base& tx, const ProjectSnapshot& snapshot,
                                           std::span<const absl::CivilDay> days) {
  const config::ResolvedProject& project = *snapshot.project;
  cache_.InvalidateProject(project.slug);
  std::string webhook_url = projects::ReadAlertWebhookUrl(tx, project.slug, snapshot.versions.project_version);
  if (webhook_url.empty()) webhook_url = default_webhook_url_;
  return EvaluateAndStoreAlerts(tx, project, days, webhook_url);
}

void ResultsPublisher::WakeDelivery(const AlertEvaluation& evaluation) {
  // Without a URL nothing was queued; a wake-up costs one look.
  if (delivery_ != nullptr && !evaluation.new_alerts.empty()) delivery_->Wake();
}

absl::StatusOr<PublishOutcome> ResultsPublisher::Publish(const std::string& slug,
                                                         const std::vector<std::string>& dates) {
  if (slug.empty()) return absl::InvalidArgumentError("slug: required");
  if (dates.empty()) return absl::InvalidArgumentError("dates: at least one published date is required");
  std::vector<absl::CivilDay> days;
  for (std::size_t i = 0; i < dates.size(); ++i) {
    OPMON_ASSIGN_OR_RETURN(absl::CivilDay day, time::ParseCivilDay(dates[i], absl::StrCat("dates[", i, "]")));
    days.push_back(day);
  }
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());

  OPMON_ASSIGN_OR_RETURN(ProjectSnapshot snapshot, projects_.Lookup(slug));
  OPMON_ASSIGN_OR_RETURN(AlertEvaluation evaluation,
                         pool_.RunFor<AlertEvaluation>("evaluate alerts", [&](pqxx::connection& conn) {
                           pqxx::work tx(conn);
                           // Row locks before the project's advisory lock
                           // (taken by the evaluation), as a claiming replica
                           // takes them: no lock-order inversion.
                           results::ClearPendingAlertsOfDays(tx, slug, days);
                           AlertEvaluation e = Evaluate(tx, snapshot, days);
                           tx.commit();
                           return absl::StatusOr<AlertEvaluation>(std::move(e));
                         }));
  WakeDelivery(evaluation);
  PublishOutcome out;
  out.data_version = evaluation.data_version;
  out.new_alerts = evaluation.new_alerts.size();
  out.alerts = std::move(evaluation.alerts);
  return out;
}

absl::StatusOr<std::optional<PendingPublish>> ResultsPublisher::PublishPending(absl::Duration grace) {
  std::optional<PendingPublish> out;
  std::vector<std::int64_t> claimed;
  bool exists = false;
  AlertEvaluation evaluation;
  absl::Status status = pool_.Run("evaluate pending alerts", [&](pqxx::connection& conn) -> absl::Status {
    out.reset();
    claimed.clear();
    exists = false;
    pqxx::work tx(conn);
    std::optional<results::PendingAlerts> pending = results::ClaimPendingAlerts(tx, grace, kPendingClaimLimit);
    if (!pending) return absl::OkStatus();
    claimed = pending->ids;
    // On another connection while `tx` holds the rows: only this one caller
    // per replica nests, so the pool cannot run dry under it.
    absl::StatusOr<ProjectSnapshot> snapshot = projects_.Lookup(pending->slug);
    if (snapshot.ok()) {
      exists = true;
      evaluation = Evaluate(tx, *snapshot, pending->days);
    } else if (snapshot.status().code() != absl::StatusCode::kNotFound) {
      return snapshot.status();
    }
    results::ClearPendingAlerts(tx, pending->ids);
    tx.commit();
    out = PendingPublish{pending->slug, pending->days, exists ? evaluation.new_alerts.size() : 0};
    return absl::OkStatus();
  });
  if (!status.ok()) {
    if (status.code() != absl::StatusCode::kUnavailable && !claimed.empty()) {
      // Behind the others, so one project that cannot be evaluated does not
      // hold up the rest.
      absl::Status requeued = pool_.Run("requeue pending alerts", [&](pqxx::connection& conn) {
        pqxx::work tx(conn);
        results::RequeuePendingAlerts(tx, claimed);
        tx.commit();
        return absl::OkStatus();
      });
      if (!requeued.ok()) log::Warn("could not requeue pending alerts", {{"error", requeued.ToString()}});
    }
    return status;
  }
  if (!out) return out;
  if (exists) {
    WakeDelivery(evaluation);
    log::Info("pending alerts evaluated", {{"slug", out->slug},
                                           {"days", absl::StrCat(out->days.size())},
                                           {"first", time::FormatCivilDay(out->days.front())},
                                           {"new_alerts", absl::StrCat(out->new_alerts)}});
  } else {
    log::Info("pending alerts dropped: the project no longer exists",
              {{"slug", out->slug}, {"days", absl::StrCat(out->days.size())}});
  }
  return out;
}

}  // namespace opmon::statistics
