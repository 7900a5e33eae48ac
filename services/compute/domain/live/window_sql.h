#pragma once
// The SQL that folds events into opmon.live_enrollment_windows,
// opmon.live_search_windows and opmon.live_daily_clients, written once for
// the storing transaction (live_event_store.h) and the day's recompute
// (day_recompute.h). Each statement reads events from `source`, a relation
// or CTE with (at least) the columns of opmon.live_events named in
// kWindowInputColumns, and takes the window length as $1 (WindowInterval()).

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace opmon::compute::live {

inline constexpr absl::string_view kEventColumns =
    "event_id, submission_timestamp, client_id, app, channel, experiment, branch, event, search_count, "
    "search_with_ads_count, ad_clicks_count";
// The columns the statements below read (no id, no app): what a CTE feeding
// them needs to carry.
inline constexpr absl::string_view kWindowInputColumns =
    "submission_timestamp, client_id, channel, experiment, branch, event, search_count, search_with_ads_count, "
    "ad_clicks_count";

// A name of common/live/live_relations.h (std::string_view) as absl::StrCat
// takes it (abseil 20220623's string_view is its own type).
inline absl::string_view Sql(std::string_view name) { return {name.data(), name.size()}; }

// kWindowSeconds as an interval parameter: "300 seconds".
std::string WindowInterval();

// The tail of a statement whose CTE `source` (kWindowInputColumns) holds
// events new to opmon: CTEs adding each (experiment, branch, channel,
// window) group's enrollment counters and each (experiment, branch, window)
// group's search sums to their rows (created at zero), and inserting the
// distinct (experiment, branch, UTC day, client) not yet there; then SELECT
// of (events in `source`, window rows touched).
std::string AddToWindowsSql(absl::string_view source);

}  // namespace opmon::compute::live
