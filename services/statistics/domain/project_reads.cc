#include "services/statistics/domain/project_reads.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "common/status/status_macros.h"
#include "common/time/civil_day.h"
#include "services/statistics/domain/alert_store.h"
#include "services/statistics/domain/crash_rate_alerts.h"

namespace opmon::statistics {
namespace {

bool IsRegisteredExperiment(pqxx::connection_base& conn, const std::string& slug) {
  constexpr std::string_view kSql = "SELECT EXISTS (SELECT 1 FROM opmon.experiments WHERE slug = $1)";
  pqxx::nontransaction tx(conn);
  return tx.exec_params(std::string(kSql), slug)[0][0].as<bool>();
}

}  // namespace

absl::StatusOr<std::vector<AlertRecord>> ListAlerts(pg::Pool& pool, StoredProjects& projects, const std::string& slug,
                                                    const std::string& since, int limit) {
  if (slug.empty()) return absl::InvalidArgumentError("slug: required");
  std::optional<absl::CivilDay> since_day;
  if (!since.empty()) {
    OPMON_ASSIGN_OR_RETURN(since_day, time::ParseCivilDay(since, "since"));
  }
  if (limit < 0) return absl::InvalidArgumentError(absl::StrCat("limit: ", limit, " is negative"));
  const int bounded = limit == 0 ? kDefaultAlertLimit : std::min(limit, kMaxAlertLimit);
  absl::StatusOr<ProjectSnapshot> snapshot = projects.Lookup(slug);
  if (!snapshot.ok() && !absl::IsNotFound(snapshot.status())) return snapshot.status();
  return pool.RunFor<std::vector<AlertRecord>>("list alerts", [&](pqxx::connection& conn)
                                                   -> absl::StatusOr<std::vector<AlertRecord>> {
    // A registered experiment that is no project has live health alerts;
    // crash monitoring's belong to no project.
    if (!snapshot.ok() && slug != kCrashRateAlertsSlug && !IsRegisteredExperiment(conn, slug)) {
      return snapshot.status();
    }
    return ListStoredAlerts(conn, slug, since_day, bounded);
  });
}

absl::StatusOr<ProjectOverview> GetProjectOverview(pg::Pool& pool, StoredProjects& projects, const std::string& slug) {
  if (slug.empty()) return absl::InvalidArgumentError("slug: required");
  OPMON_ASSIGN_OR_RETURN(ProjectSnapshot snapshot, projects.Lookup(slug));
  return pool.RunFor<ProjectOverview>("read project overview", [&](pqxx::connection& conn) {
    return absl::StatusOr<ProjectOverview>(ReadProjectOverview(conn, *snapshot.project));
  });
}

}  // namespace opmon::statistics
