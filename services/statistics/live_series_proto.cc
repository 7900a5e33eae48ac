#include "services/statistics/live_series_proto.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/status/status_macros.h"

namespace opmon::statistics {
namespace {

absl::StatusOr<std::optional<absl::Time>> ParseBound(const std::string& text, std::string_view field) {
  if (text.empty()) return std::optional<absl::Time>();
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(field), ": \"", text, "\" is not an RFC 3339 time (e.g. 2026-01-31T12:00:00Z)"));
  }
  return std::optional<absl::Time>(t);
}

}  // namespace

absl::StatusOr<LiveSeriesRequest> FromProto(const v1::GetLiveSeriesRequest& request) {
  LiveSeriesRequest out;
  out.experiment = request.experiment();
  OPMON_ASSIGN_OR_RETURN(out.dataset, ParseLiveDataset(request.dataset()));
  OPMON_ASSIGN_OR_RETURN(out.range.from, ParseBound(request.from(), "from"));
  OPMON_ASSIGN_OR_RETURN(out.range.to, ParseBound(request.to(), "to"));
  if (out.range.from && out.range.to && *out.range.from >= *out.range.to) {
    return absl::InvalidArgumentError(
        absl::StrCat("to: \"", request.to(), "\" is not after from \"", request.from(), "\""));
  }
  out.grouping = request.by_branch() ? BranchGrouping::kByBranch : BranchGrouping::kSummed;
  return out;
}

void ToProto(const LiveSeriesPage& page, v1::GetLiveSeriesResponse* out) {
  out->set_data_version(page.data_version);
  out->mutable_points()->Reserve(static_cast<int>(page.points.size()));
  for (const LivePoint& p : page.points) {
    v1::LivePoint* point = out->add_points();
    point->set_time(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", p.time, absl::UTCTimeZone()));
    if (p.branch) point->set_branch(*p.branch);
    point->set_event(p.event);
    if (p.value) point->set_value(*p.value);
  }
}

}  // namespace opmon::statistics
