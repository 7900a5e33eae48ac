#include "services/statistics/domain/results_publisher.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "common/status/status_macros.h"
#include "common/time/civil_day.h"
#include "services/statistics/domain/alert_store.h"

namespace opmon::statistics {

ResultsPublisher::ResultsPublisher(pg::Pool& pool, StoredProjects& projects, QueryCache& cache,
                                   std::string default_webhook_url, WebhookDelivery* delivery)
    : pool_(pool),
      projects_(projects),
      cache_(cache),
      default_webhook_url_(std::move(default_webhook_url)),
      delivery_(delivery) {}

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
  cache_.InvalidateProject(slug);
  const std::string& webhook_url =
      snapshot.project->alert_webhook_url.empty() ? default_webhook_url_ : snapshot.project->alert_webhook_url;
  OPMON_ASSIGN_OR_RETURN(AlertEvaluation evaluation,
                         pool_.RunFor<AlertEvaluation>("evaluate alerts", [&](pqxx::connection& conn) {
                           return absl::StatusOr<AlertEvaluation>(
                               EvaluateAndStoreAlerts(conn, *snapshot.project, days, webhook_url));
                         }));
  if (delivery_ != nullptr && !webhook_url.empty() && !evaluation.new_alerts.empty()) delivery_->Wake();
  PublishOutcome out;
  out.data_version = evaluation.data_version;
  out.new_alerts = evaluation.new_alerts.size();
  out.alerts = std::move(evaluation.alerts);
  return out;
}

}  // namespace opmon::statistics
