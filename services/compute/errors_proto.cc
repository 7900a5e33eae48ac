#include "services/compute/errors_proto.h"

#include "common/errors/error_aggregates.h"

namespace opmon::compute {

void ToProto(const errors::AggregationOutcome& outcome, v1::RunErrorAggregationResponse& response) {
  response.set_pings_read(outcome.pings_read);
  response.set_pings_accepted(outcome.pings_accepted);
  response.set_pings_rejected(outcome.pings_read - outcome.pings_accepted);
  for (const auto& [reason, pings] : outcome.rejected) {
    if (pings == 0) continue;
    v1::ErrorRejectionCount& count = *response.add_rejected();
    count.set_reason(std::string(opmon::errors::RejectReasonName(reason)));
    count.set_pings(pings);
  }
  response.set_windows_written(outcome.windows_replaced);
  response.set_rows_written(outcome.rows_written);
  if (outcome.watermark_us) {
    response.set_watermark(
        absl::FormatTime(absl::RFC3339_full, absl::FromUnixMicros(*outcome.watermark_us), absl::UTCTimeZone()));
  }
}

}  // namespace opmon::compute
