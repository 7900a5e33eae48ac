#include "services/statistics/domain/project_reads.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/pg/pool.h"
#include "common/status/status_macros.h"
#include "common/time/civil_day.h"
#include "services/statistics/domain/alert_store.h"

namespace opmon::statistics {

absl::StatusOr<std::vector<AlertRecord>> ListAlerts(pg::Pool& pool, StoredProjects& projects, const std::string& slug,
                                                    const std::string& since, int limit) {
  if (slug.empty()) return absl::InvalidArgumentError("slug: required");
  std::optional<absl::CivilDay> since_day;
  if (!since.empty()) {
    OPMON_ASSIGN_OR_RETURN(since_day, time::ParseCivilDay(since, "since"));
  }
  if (limit < 0) return absl::InvalidArgumentError(absl::StrCat("limit: ", limit, " is negative"));
  const int bounded = limit == 0 ? kDefaultAlertLimit : std::min(limit, kMaxAlertLimit);
  OPMON_ASSIGN_OR_RETURN(ProjectSnapshot snapshot, projects.Lookup(slug));
  (void)snapshot;
  return pool.RunFor<std::vector<AlertRecord>>("list alerts", [&](pqxx::connection& conn) {
    return absl::StatusOr<std::vector<AlertRecord>>(ListStoredAlerts(conn, slug, since_day, bounded));
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
