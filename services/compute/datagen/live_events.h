#pragma once
// opmon-datagen's live events (docs/datagen.md, "Live events"): for each
// day and each experiment of LiveCatalog(), enrolling clients spread over
// the day by a diurnal curve, each with an enrollment (or a failed one)
// and some of exposure, update, unenrollment, graduation, disqualification,
// validation failures and the *_failed kinds, plus search records; the
// branch drawn from the actual shares. Rows come in arrival order: most
// arrive within seconds of their submission_timestamp, `late_rate` of them
// 1-20 minutes later (after newer rows), `duplicate_rate` arrive twice with
// the same event id, and `malformed_rate` are broken (an empty client id,
// an unknown event name, a negative count, a missing count). Event names
// are the source's own: desktop normandy methods (enroll, enrollFailed,
// expose, ...) or Glean nimbus_events names (enrollment, enroll_failed,
// exposure, ...). A pure function of (params, day).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/compute/datagen/live_catalog.h"

namespace opmon::datagen {

struct LiveParams {
  uint64_t seed = 1;
  int64_t clients = 2000;  // scales each experiment's enrollments per day
  double late_rate = 0.02;
  double duplicate_rate = 0.01;
  double malformed_rate = 0.002;
};

struct LiveRow {
  LiveSource source;
  std::string event_id;
  absl::Time submission_timestamp;
  absl::Time arrival;
  std::string client_id;
  std::string app;
  std::string channel;
  std::string experiment;
  std::optional<std::string> branch;
  std::optional<std::string> event;  // unset: a search record
  std::optional<int64_t> search_count;
  std::optional<int64_t> search_with_ads_count;
  std::optional<int64_t> ad_clicks_count;
};

// One day's rows, in arrival order.
std::vector<LiveRow> GenerateLiveDay(const LiveParams& params, absl::CivilDay day);

// The row as one NDJSON line (docs/live.md), without the newline.
std::string LiveRowJson(const LiveRow& row);

}  // namespace opmon::datagen
