#pragma once
// One live event as a source sends it (RawLiveEvent: the NDJSON / gRPC /
// warehouse fields as text) and as compute stores it (LiveEvent: checked,
// its event name canonical). An enrollment event has `event` set; a search
// record has it unset and carries the three counts instead.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/live/live_relations.h"

namespace opmon::compute::live {

struct RawLiveEvent {
  std::string event_id;
  std::string submission_timestamp;  // RFC 3339
  std::string client_id;
  std::string app;
  std::string channel;
  std::string experiment;
  std::optional<std::string> branch;
  std::optional<std::string> event;  // a canonical name or an alias (event_name.h)
  std::optional<int64_t> search_count;
  std::optional<int64_t> search_with_ads_count;
  std::optional<int64_t> ad_clicks_count;
};

struct SearchCounts {
  int64_t search_count = 0;
  int64_t search_with_ads_count = 0;
  int64_t ad_clicks_count = 0;
};

struct LiveEvent {
  std::string event_id;
  absl::Time submission_timestamp;
  std::string client_id;
  std::string app;
  std::string channel;
  std::string experiment;
  std::optional<std::string> branch;        // nullopt: the NULL branch group
  std::optional<opmon::live::EventKind> kind;  // nullopt: a search record
  SearchCounts search;                      // zero for an enrollment event
};

// The checked event, or InvalidArgument naming the field and its value:
// an empty id, client, app, channel or experiment; an empty branch (send
// null for none); a time that is not RFC 3339; an unknown event name; an
// event with search counts; a search record missing a count or with a
// negative one.
absl::StatusOr<LiveEvent> ValidateLiveEvent(const RawLiveEvent& raw);

}  // namespace opmon::compute::live
