#pragma once
// Alert evaluation against PostgreSQL and the two places alerts are stored:
//   opmon.alerts                        all projects, dimensions as jsonb
//                                       (migration 0003_statistics.sql);
//   opmon_results.<table>_alerts        one per project, dimensions as columns,
//                                       for Looker; created on first publish.
// Functions here may throw pqxx exceptions: call them inside pg::Pool::Run.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/config/project.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/alert_record.h"

namespace opmon::statistics {

struct AlertEvaluation {
  std::int64_t data_version = 0;        // read in the evaluating transaction
  std::vector<AlertRecord> alerts;      // every alert now stored for `dates`
  std::vector<AlertRecord> new_alerts;  // those not stored before this call
};

// In one transaction, under a per-project advisory lock (two replicas
// publishing the same project serialise): reads the statistics of `dates`
// (and, for avg_diff alerts, their metrics' history), evaluates every alert of
// the project, and replaces the stored alerts of `dates` with the result.
// An alert that was already stored keeps its raised_at and is not new.
// Unless `webhook_url` is empty, each new alert is queued for delivery to it
// in the same transaction (webhook_outbox.h), so it is sent exactly when it
// is stored. A dimension named like a column of the alerts relation
// (results::AlertsColumns) throws std::invalid_argument naming it.
AlertEvaluation EvaluateAndStoreAlerts(pqxx::connection_base& conn, const config::ResolvedProject& project,
                                       std::span<const absl::CivilDay> dates, const std::string& webhook_url);
// The same inside the caller's transaction, which it leaves uncommitted (so
// the caller can clear pending rows, alerts_pending.h, in it).
AlertEvaluation EvaluateAndStoreAlerts(pqxx::transaction_base& tx, const config::ResolvedProject& project,
                                       std::span<const absl::CivilDay> dates, const std::string& webhook_url);

// Stored alerts of `slug` on or after `since`, oldest first, at most `limit`.
std::vector<AlertRecord> ListStoredAlerts(pqxx::connection_base& conn, const std::string& slug,
                                          std::optional<absl::CivilDay> since, int limit);

}  // namespace opmon::statistics
