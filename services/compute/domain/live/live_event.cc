#include "services/compute/domain/live/live_event.h"

#include <string_view>

#include "absl/strings/str_cat.h"
#include "services/compute/domain/live/event_name.h"
#include "services/compute/domain/live/event_time.h"

namespace opmon::compute::live {
namespace {

absl::Status RequireText(absl::string_view field, const std::string& value) {
  if (value.empty()) return absl::InvalidArgumentError(absl::StrCat(field, ": missing or empty"));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> RequireCount(absl::string_view field, const std::optional<int64_t>& value) {
  if (!value) return absl::InvalidArgumentError(absl::StrCat(field, ": missing (a search record has all three counts)"));
  if (*value < 0) return absl::InvalidArgumentError(absl::StrCat(field, ": ", *value, " is negative"));
  return *value;
}

}  // namespace

absl::StatusOr<LiveEvent> ValidateLiveEvent(const RawLiveEvent& raw) {
  for (const auto& [field, value] : {std::pair<absl::string_view, const std::string&>{"event_id", raw.event_id},
                                     {"client_id", raw.client_id},
                                     {"app", raw.app},
                                     {"channel", raw.channel},
                                     {"experiment", raw.experiment}}) {
    if (absl::Status s = RequireText(field, value); !s.ok()) return s;
  }
  LiveEvent event;
  std::optional<absl::Time> time = ParseEventTime(raw.submission_timestamp);
  if (!time) {
    return absl::InvalidArgumentError(
        absl::StrCat("submission_timestamp: \"", raw.submission_timestamp, "\" is not an RFC 3339 time"));
  }
  event.submission_timestamp = *time;
  if (raw.branch && raw.branch->empty()) {
    return absl::InvalidArgumentError("branch: empty (null is the no-branch group)");
  }
  const bool has_counts = raw.search_count || raw.search_with_ads_count || raw.ad_clicks_count;
  if (raw.event) {
    event.kind = ParseEventName(*raw.event);
    if (!event.kind) {
      return absl::InvalidArgumentError(absl::StrCat("event: \"", *raw.event, "\" is not an enrollment event name"));
    }
    if (has_counts) {
      return absl::InvalidArgumentError("search_count: set on an enrollment event (a row is one or the other)");
    }
  } else {
    auto searches = RequireCount("search_count", raw.search_count);
    if (!searches.ok()) return searches.status();
    auto with_ads = RequireCount("search_with_ads_count", raw.search_with_ads_count);
    if (!with_ads.ok()) return with_ads.status();
    auto clicks = RequireCount("ad_clicks_count", raw.ad_clicks_count);
    if (!clicks.ok()) return clicks.status();
    event.search = {*searches, *with_ads, *clicks};
  }
  event.event_id = raw.event_id;
  event.client_id = raw.client_id;
  event.app = raw.app;
  event.channel = raw.channel;
  event.experiment = raw.experiment;
  event.branch = raw.branch;
  return event;
}

}  // namespace opmon::compute::live
