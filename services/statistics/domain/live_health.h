#pragma once
// Experiment health of live monitoring (issue 14, docs/live.md "Health"):
// the sample-ratio-mismatch check of cumulative enrollments against the
// registry's planned ratios (an `srm` alert when p < threshold) and the
// too-few-enrollments warning (a `too_few_enrollments` alert). Alerts go to
// opmon.alerts under the experiment's slug, dated by the UTC day of the
// check, so each is raised at most once per experiment and day; a new one is
// queued for the webhook in the same transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/pg/pg_fwd.h"
#include "services/statistics/domain/alert_record.h"
#include "services/statistics/domain/sample_ratio.h"

namespace opmon::statistics {

struct LiveHealthOptions {
  double srm_p_threshold = 0.001;
  std::int64_t min_enrollments_after_1_day = 500;
  std::int64_t min_enrollments_after_2_days = 1000;
  std::string webhook_url;  // empty: store only
};

// What the check knows of one running experiment.
struct ExperimentEnrollments {
  std::string slug;
  bool is_rollout = false;
  absl::Time started;  // the registry's start date, else its first window
  // Planned branches with their cumulative enrollments (the NULL branch of
  // a rollout is not one).
  std::vector<BranchEnrollments> branches;
  std::int64_t total = 0;  // every enrollment, NULL branch included
};

// The alerts `e` raises at `now` (pure): `srm` for an experiment (not a
// rollout) whose test gives p < srm_p_threshold; `too_few_enrollments` when
// fewer than the minimum enrolled 24 h (48 h) after the start.
std::vector<AlertRecord> EvaluateLiveHealth(const ExperimentEnrollments& e, const LiveHealthOptions& options,
                                            absl::Time now);

struct LiveHealthOutcome {
  int experiments_checked = 0;
  std::vector<std::pair<std::string, AlertRecord>> new_alerts;  // (slug, alert)
};

// Checks every registered experiment that has live windows and has not
// ended before today (UTC), one transaction per experiment; alerts already
// stored for the day are not new. Throws pqxx exceptions: call inside
// pg::Pool::Run.
LiveHealthOutcome CheckLiveHealth(pqxx::connection_base& conn, const LiveHealthOptions& options, absl::Time now);

}  // namespace opmon::statistics
