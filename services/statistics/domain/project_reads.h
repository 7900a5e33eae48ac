#pragma once
// ListAlerts and GetProjectOverview: validated reads for one project.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/alert_record.h"
#include "services/statistics/domain/project_overview.h"
#include "services/statistics/domain/stored_projects.h"

namespace opmon::statistics {

inline constexpr int kDefaultAlertLimit = 1000;
inline constexpr int kMaxAlertLimit = 10000;

// Alerts of `slug` on or after `since` (YYYY-MM-DD; empty: all), oldest
// first. limit 0 means kDefaultAlertLimit; larger than kMaxAlertLimit is
// clamped. `slug` may also be a registered experiment that is no project
// (its live health alerts, live_health.h), or kCrashRateAlertsSlug (the
// crash_rate alerts, crash_rate_alerts.h). NotFound: none of these.
// InvalidArgument: bad since or limit.
absl::StatusOr<std::vector<AlertRecord>> ListAlerts(pg::Pool& pool, StoredProjects& projects, const std::string& slug,
                                                    const std::string& since, int limit);

// NotFound: unknown project.
absl::StatusOr<ProjectOverview> GetProjectOverview(pg::Pool& pool, StoredProjects& projects, const std::string& slug);

}  // namespace opmon::statistics
