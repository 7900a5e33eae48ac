#pragma once
// The three alert rules of the reference OpMon (opmon/templates/
// alerts_query.sql), evaluated natively on statistics rows, in two modes.
// Pure functions.
//
// Fixed horizon (default; the reference's rules), each look on its own:
// threshold   For each metric of the alert and each (parameter[i], min[i],
//             max[i]) — or (min[0], max[0]) on every parameter when the alert
//             has no parameters — rows of that metric, of a listed statistic
//             (all when none listed) and of that parameter (compared as
//             numbers):
//               "Value above threshold" when lower (point when lower is NULL) > max,
//               else "Value below threshold" when upper (or point) < min.
//             NULL point and bound: no alert.
// ci_overlap  Each non-reference branch row whose [lower, upper] does not
//             intersect the reference branch's row with the same date, build
//             id, dimensions, metric, statistic and parameter (touching
//             intervals overlap): "Significant difference between branches".
//             A NULL bound on either side: no alert.
// avg_diff    Per series (branch, dimensions, metric, statistic, parameter)
//             ordered by submission_date, or by build_id for build_id projects
//             (one point per build id: the latest submission date's), rows with
//             a NULL point skipped: at the evaluated point i with window w,
//             last = mean(points i-w+1..i), previous = mean(points i-2w+1..i-w);
//             "Significant difference to historical data" when
//             |last - previous| / |last| > max_relative_change. No alert until
//             the series has a full double window (2w points up to i), nor when
//             last is 0.
//
// Sequential (project.false_alert_rate = a): the chance that the project
// raises any alert while nothing differs is at most a, over all its alerts,
// series and looks (sequential_bounds.h has the boundaries and references).
// a is split evenly over the series the project's alerts examine in `rows`;
// a look is a row with point and interval, numbered per series in x-axis
// order (date, then build id).
// threshold   The row's interval widened around its point to the look's share
//             of the series' level, then the fixed rule.
// ci_overlap  Per series, S_k = sum over looks of (point - reference point) /
//             sqrt(se^2 + se_ref^2), se from the stored 90% interval; an alert
//             on each evaluated look with |S_k| >= the mixture boundary.
// avg_diff    The fixed rule, and |last - previous| at least the look's
//             critical value times the standard error of the difference of
//             the two window means (from the points' intervals).
// Rows without an interval (count, sum) keep the fixed rules.
//
// Each message ends with what produced the alert: the interval compared
// ("(90% binomial interval)", "(point)"; ci_overlap "(90% binomial
// intervals)"), avg_diff's "(means of 7 points, 10% change)", or
// "(sequential, 5% per project)".
//
// Alerts filter by their metrics, statistics (empty: all) and, for ci_overlap
// and avg_diff, parameters (empty: all). Rows are evaluated only on `dates`
// (the published submission dates); avg_diff also reads earlier rows as
// history, and so does every rule in sequential mode.

#include <span>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/config/project.h"
#include "services/statistics/domain/alert_record.h"
#include "common/results/statistics_row.h"

namespace opmon::statistics {

std::vector<AlertRecord> EvaluateThreshold(const config::ResolvedProject& project, const config::Alert& alert,
                                           std::span<const results::StatisticsRow> rows,
                                           std::span<const absl::CivilDay> dates);

std::vector<AlertRecord> EvaluateCiOverlap(const config::ResolvedProject& project, const config::Alert& alert,
                                           std::span<const results::StatisticsRow> rows,
                                           std::span<const absl::CivilDay> dates);

std::vector<AlertRecord> EvaluateAvgDiff(const config::ResolvedProject& project, const config::Alert& alert,
                                         std::span<const results::StatisticsRow> rows,
                                         std::span<const absl::CivilDay> dates);

// Every alert of the project, in project order, de-duplicated by AlertKey.
std::vector<AlertRecord> EvaluateAlerts(const config::ResolvedProject& project,
                                        std::span<const results::StatisticsRow> rows,
                                        std::span<const absl::CivilDay> dates);

}  // namespace opmon::statistics
