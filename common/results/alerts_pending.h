#pragma once
// opmon.alerts_pending (migration 0007_alerts_pending.sql): "results
// committed, alerts not yet evaluated" for a (project, day). Compute marks a
// day in the transaction that writes its results; statistics replicas claim
// marked days (FOR UPDATE SKIP LOCKED, so replicas never take the same rows),
// evaluate their alerts and clear the rows in the transaction that stores the
// alerts. Together: every committed day's alerts are evaluated, by exactly one
// transaction that commits, whoever crashes in between. The table is written
// here only. Functions throw pqxx exceptions: call them inside pg::Pool::Run.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"

namespace opmon::results {

// Marks `day` of `slug` pending in `tx` (which writes its results). Never
// waits on rows a replica is evaluating.
void MarkAlertsPending(pqxx::transaction_base& tx, const std::string& slug, absl::CivilDay day);

struct PendingAlerts {
  std::string slug;
  std::vector<absl::CivilDay> days;  // distinct, ascending
  std::vector<std::int64_t> ids;     // the claimed rows
};

// Locks, in `tx` until it ends, the pending rows of one project (the one
// whose oldest row committed_at least `grace` ago), at most `limit` rows;
// rows locked by another transaction are skipped. nullopt when none is due.
std::optional<PendingAlerts> ClaimPendingAlerts(pqxx::transaction_base& tx, absl::Duration grace, int limit);

// Deletes claimed rows (ClaimPendingAlerts' ids).
void ClearPendingAlerts(pqxx::transaction_base& tx, std::span<const std::int64_t> ids);

// Makes claimed rows due again only after the grace period, behind every
// row pending now (an evaluation of them failed).
void RequeuePendingAlerts(pqxx::transaction_base& tx, std::span<const std::int64_t> ids);

// Deletes the rows of `days` of `slug` that no other transaction holds (a
// replica evaluating them will clear them itself).
void ClearPendingAlertsOfDays(pqxx::transaction_base& tx, const std::string& slug,
                              std::span<const absl::CivilDay> days);

// Time until the oldest pending row falls due after `grace` (zero when one is
// due); nullopt when nothing is pending.
std::optional<absl::Duration> NextPendingAlertsDueIn(pqxx::transaction_base& tx, absl::Duration grace);

}  // namespace opmon::results
