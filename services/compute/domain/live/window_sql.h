#pragma once
// The SQL that folds events into opmon.live_enrollment_windows,
// opmon.live_search_windows and opmon.live_daily_clients, written once for
// the storing transaction (live_event_store.h) and the day's recompute
// (day_recompute.h). Each statement reads events from `source`, a relation
// or CTE with the columns of opmon.live_events named in kEventColumns, and
// takes the window length as $1 (WindowInterval()).

#include <string>
#include <string_view>

namespace opmon::compute::live {

inline constexpr std::string_view kEventColumns =
    "event_id, submission_timestamp, client_id, app, channel, experiment, branch, event, search_count, "
    "search_with_ads_count, ad_clicks_count";

// kWindowSeconds as an interval parameter: "300 seconds".
std::string WindowInterval();

// INSERT ... ON CONFLICT DO UPDATE adding each (experiment, branch,
// channel, window) group's counters of `source`'s enrollment events to its
// row (created at zero). No RETURNING clause.
std::string AddToEnrollmentWindowsSql(std::string_view source);
// The same for search records, per (experiment, branch, window).
std::string AddToSearchWindowsSql(std::string_view source);
// INSERT of `source`'s distinct (experiment, branch, UTC day, client), those
// already there skipped.
std::string InsertDailyClientsSql(std::string_view source);

}  // namespace opmon::compute::live
