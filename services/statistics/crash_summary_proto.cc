#include "services/statistics/crash_summary_proto.h"

#include <string>

#include "absl/time/time.h"

namespace opmon::statistics {
namespace {

std::string Rfc3339(absl::Time t) { return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone()); }

v1::CrashRateChange ToProto(RateChange change) {
  switch (change) {
    case RateChange::kNone:
      return v1::CRASH_RATE_CHANGE_NONE;
    case RateChange::kIncrease:
      return v1::CRASH_RATE_CHANGE_INCREASE;
    case RateChange::kDecrease:
      return v1::CRASH_RATE_CHANGE_DECREASE;
    case RateChange::kUnknown:
      break;
  }
  return v1::CRASH_RATE_CHANGE_UNSPECIFIED;
}

void ToProto(const VersionRate& v, v1::CrashVersionRate* out) {
  out->set_version(v.version);
  out->set_first_window(Rfc3339(v.first_window));
  out->set_field_seconds(absl::ToInt64Seconds(v.field));
  out->set_count(v.rate.count);
  out->set_usage_hours(v.rate.usage_hours);
  if (v.rate.rate) out->set_rate(*v.rate.rate);
  out->set_adjusted_count(v.adjusted.count);
  out->set_adjusted_usage_hours(v.adjusted.usage_hours);
  if (v.adjusted.rate) out->set_adjusted_rate(*v.adjusted.rate);
}

}  // namespace

CrashSummaryRequest FromProto(const v1::GetCrashSummaryRequest& request) {
  return {.channel = request.channel(),
          .platform = request.platform(),
          .application = request.application(),
          .measures = {request.measures().begin(), request.measures().end()}};
}

void ToProto(const CrashSummary& summary, v1::GetCrashSummaryResponse* out) {
  out->set_channel(summary.channel);
  out->set_application(summary.application);
  if (summary.current_major) out->set_current_version(std::to_string(*summary.current_major));
  if (summary.last_window) out->set_last_window(Rfc3339(*summary.last_window));
  out->set_data_version(summary.data_version);
  for (const PlatformSummary& p : summary.platforms) {
    v1::CrashPlatformSummary* platform = out->add_platforms();
    platform->set_platform(p.platform);
    if (p.summary_rate) platform->set_summary_rate(*p.summary_rate);
    for (const MeasureSummary& m : p.measures) {
      v1::CrashMeasureSummary* measure = platform->add_measures();
      measure->set_measure(std::string(errors::MeasureName(m.measure)));
      for (const VersionRate& v : m.versions) ToProto(v, measure->add_versions());
      if (m.change_percent) measure->set_change_percent(*m.change_percent);
      measure->set_change(ToProto(m.change));
    }
  }
}

}  // namespace opmon::statistics
