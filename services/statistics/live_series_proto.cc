#include "services/statistics/live_series_proto.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/status/status_macros.h"
#include "common/time/rfc3339.h"

namespace opmon::statistics {

absl::StatusOr<LiveSeriesRequest> FromProto(const v1::GetLiveSeriesRequest& request) {
  LiveSeriesRequest out;
  out.experiment = request.experiment();
  OPMON_ASSIGN_OR_RETURN(out.dataset, ParseLiveDataset(request.dataset()));
  OPMON_ASSIGN_OR_RETURN(out.range.from, time::ParseOptionalRfc3339(request.from(), "from"));
  OPMON_ASSIGN_OR_RETURN(out.range.to, time::ParseOptionalRfc3339(request.to(), "to"));
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
    point->set_time(time::FormatRfc3339(p.time));
    if (p.branch) point->set_branch(*p.branch);
    point->set_event(p.event);
    if (p.value) point->set_value(*p.value);
  }
}

}  // namespace opmon::statistics
