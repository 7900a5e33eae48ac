#pragma once
// Which days RunProject and Backfill may queue for a project: none of a
// skipped project, only those between its start_date and end_date (either
// may be unset) otherwise. An operator may force a run past both, e.g. to
// recompute a day on purpose.

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "common/config/project.h"

namespace opmon::compute {

enum class DateCheck {
  kEnforce,  // refuse skipped projects and days outside the project's dates
  kForced,   // queue them anyway
};

// OK when every day of [from, to] may be computed for `project` (or `check`
// is kForced). FailedPrecondition otherwise, naming the project, the setting
// at fault (`project.skip`, `project.start_date`, `project.end_date`), the
// range that is allowed and how to force it.
absl::Status CheckRunDates(const config::ResolvedProject& project, absl::CivilDay from, absl::CivilDay to,
                           DateCheck check);

}  // namespace opmon::compute
