#include "services/compute/live_proto.h"

#include <algorithm>

#include "absl/time/time.h"

namespace opmon::compute {

std::vector<live::RawLiveEvent> FromProto(const v1::IngestEventsRequest& request) {
  std::vector<live::RawLiveEvent> rows;
  rows.reserve(request.events_size());
  for (const v1::LiveEvent& e : request.events()) {
    live::RawLiveEvent& raw = rows.emplace_back();
    raw.event_id = e.event_id();
    raw.submission_timestamp = e.submission_timestamp();
    raw.client_id = e.client_id();
    raw.app = e.app();
    raw.channel = e.channel();
    raw.experiment = e.experiment();
    if (e.has_branch()) raw.branch = e.branch();
    if (e.has_event()) raw.event = e.event();
    if (e.has_search_count()) raw.search_count = e.search_count();
    if (e.has_search_with_ads_count()) raw.search_with_ads_count = e.search_with_ads_count();
    if (e.has_ad_clicks_count()) raw.ad_clicks_count = e.ad_clicks_count();
  }
  return rows;
}

void AddToProto(int64_t batch, const live::BatchOutcome& outcome, v1::IngestEventsResponse& response) {
  response.set_batches(response.batches() + 1);
  response.set_stored(response.stored() + outcome.counts.stored);
  response.set_duplicates(response.duplicates() + outcome.counts.duplicates);
  response.set_rejected(response.rejected() + outcome.rejected);
  auto* errors = response.mutable_errors();
  for (const live::RowError& error : outcome.errors) {
    if (errors->size() >= kMaxReportedRowErrors && errors->rbegin()->batch() < batch) break;
    v1::LiveRowError& out = *errors->Add();
    out.set_batch(batch);
    out.set_row(error.row);
    out.set_message(error.message);
  }
  // Batches of one call may be stored out of order: keep the first errors
  // of the stream, by batch and row.
  std::sort(errors->begin(), errors->end(), [](const v1::LiveRowError& a, const v1::LiveRowError& b) {
    return a.batch() != b.batch() ? a.batch() < b.batch() : a.row() < b.row();
  });
  while (errors->size() > kMaxReportedRowErrors) errors->RemoveLast();
}

void ToProto(const live::PassOutcome& pass, v1::RunLiveAggregationResponse& response) {
  response.set_rows_read(pass.rows_read);
  response.set_stored(pass.counts.stored);
  response.set_duplicates(pass.counts.duplicates);
  response.set_rejected(pass.rejected);
  response.set_windows_written(pass.counts.windows);
  if (pass.watermark != absl::InfinitePast()) {
    response.set_watermark(absl::FormatTime(absl::RFC3339_full, pass.watermark, absl::UTCTimeZone()));
  }
}

void ToProto(const live::RecomputeCounts& recompute, v1::RunLiveAggregationResponse& response) {
  response.set_rows_read(recompute.events);
  response.set_windows_written(recompute.windows);
}

}  // namespace opmon::compute
