#pragma once
// The NDJSON form of live events `opmonctl live ingest` reads (docs/live.md):
// one JSON object per line, an enrollment event
//   {"event_id", "submission_timestamp", "client_id", "app", "channel",
//    "experiment", "branch" (string or null), "event"}
// or a search record with "search_count", "search_with_ads_count" and
// "ad_clicks_count" (integers) instead of "event". Values are checked by
// the server (per row); here only the JSON shape.

#include <string_view>

#include "absl/status/statusor.h"
#include "opmon/v1/compute.pb.h"

namespace opmon::ctl {

// The line as a LiveEvent. InvalidArgument when it is not a JSON object, a
// key is unknown, or a value has the wrong JSON type (strings for the text
// fields, null also for branch and event, integers for the counts).
absl::StatusOr<v1::LiveEvent> ParseLiveEventLine(std::string_view line);

}  // namespace opmon::ctl
